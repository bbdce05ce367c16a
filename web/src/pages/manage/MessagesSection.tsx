import { useEffect, useRef, useState } from "preact/hooks";
import { api, type EventDetail, type Schemas } from "../../api/client";
import { useSubmit } from "../../lib/forms";
import { messageKindNames, messageStatusNames } from "../../lib/mail";
import { ErrorSummary } from "../../components/ErrorSummary";
import { FilterSelect } from "../../components/FilterSelect";
import { MessageTable } from "./MessageTable";
import { MessagePreview } from "./MessagePreview";
import { NotificationBanner } from "../../components/NotificationBanner";
import "./MessagesSection.css";

type Message = Schemas["MessageSummary"];
type MessagePage = Schemas["MessagePage"];
type Filter = { status: string; kind: string };

/** The event's outbox: every message owed or sent, filtered, page by page, and one previewed. */
export function MessagesSection({ event }: { event: EventDetail }) {
  const base = `/api/v1/manage/events/${event.id}/messages`;
  const [filter, setFilter] = useState<Filter>({ status: "", kind: "" });
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  // False when the server has no SMTP server: said once above the table, not on every row.
  const [mailServer, setMailServer] = useState<boolean | null>(null);
  const [previewID, setPreviewID] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const { errors, message, busy, submit } = useSubmit();
  // The filter's fields carry prefixed ids, so that the summary's links reach them.
  const filterErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "status" || k === "kind" ? `messages-${k}` : k, v]));

  const fetchPage = (after: string | null) => {
    const params = new URLSearchParams();
    if (filter.status) params.set("status", filter.status);
    if (filter.kind) params.set("kind", filter.kind);
    if (after) params.set("cursor", after);
    return api.get<MessagePage>(`${base}?${params}`);
  };
  // A new filter object, even with the same values, loads afresh: the Filter button also refreshes.
  useEffect(() => {
    submit(async () => {
      const page = await fetchPage(null);
      setMessages(page.items);
      setCursor(page.next_cursor);
      setMailServer(page.mail_server ?? null);
    });
  }, [filter]);
  const loadMore = () => submit(async () => {
    const page = await fetchPage(cursor);
    setMessages((shown) => [...(shown ?? []), ...page.items]);
    setCursor(page.next_cursor);
  });

  return (
    <section class="editor-section" aria-labelledby="messages-title">
      <h2 id="messages-title">Messages</h2>
      <p>Every email this event sends: confirmations, reminders, follow-ups and your own messages.</p>
      {mailServer === false && (
        <NotificationBanner>
          <p class="notification-banner__heading">No mail server is set up, so no email leaves this site.</p>
          <p>Messages are recorded here as “Not delivered”, and you can preview each one. To send them,
            start the server with <code>SMTP_URL</code> set to your mail server; messages recorded before then are not sent.</p>
        </NotificationBanner>
      )}
      <ErrorSummary message={message} errors={filterErrors} labels={{ "messages-status": "Status", "messages-kind": "Kind" }} />
      <form class="message-filters" onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        setFilter({ status: String(data.get("status") ?? ""), kind: String(data.get("kind") ?? "") });
      }}>
        <FilterSelect id="messages-status" name="status" label="Status" options={messageStatusNames} />
        <FilterSelect id="messages-kind" name="kind" label="Kind" options={messageKindNames} />
        <div class="actions"><button type="submit" class="secondary">Filter <span class="visually-hidden">messages</span></button></div>
      </form>
      <p role="status">{messages && (messages.length === 0 ? "No messages match." : `Showing ${messages.length} message${messages.length === 1 ? "" : "s"}.`)}</p>
      {messages && messages.length > 0 && (
        <MessageTable messages={messages} zone={event.timezone} mailServer={mailServer !== false} onPreview={(id, button) => {
          opener.current = button;
          setPreviewID(id);
        }} />
      )}
      {cursor && <div class="actions"><button type="button" class="secondary" disabled={busy} onClick={loadMore}>Load more messages</button></div>}
      {previewID && (
        <MessagePreview key={previewID} eventID={event.id} messageID={previewID} onClose={() => {
          setPreviewID(null);
          opener.current?.focus();
        }} />
      )}
    </section>
  );
}
