import { useRef, useState } from "preact/hooks";
import { api, type EventDetail, type Schemas } from "../../api/client";
import { useSubmit } from "../../lib/forms";
import { countRecipients, segmentNames } from "../../lib/mail";
import { sectorNames } from "../../lib/sectors";
import { ErrorSummary } from "../../components/ErrorSummary";
import { EmailPreview } from "./EmailPreview";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { BroadcastList } from "./BroadcastList";
import { BroadcastFields, type Draft } from "./BroadcastFields";
import "./BroadcastComposer.css";

type Preview = Schemas["BroadcastPreview"];
const empty: Draft = { segment: "everyone", sector: "", subject: "", body: "" };
const labels = { broadcast_segment: "Send to", broadcast_sector: "Sector", broadcast_subject: "Subject", broadcast_body: "Message" };

/** The request body: a sector only when the segment is one. */
function input(d: Draft): Schemas["BroadcastInput"] {
  const { segment, sector, subject, body } = d;
  return segment === "sector" ? { segment, sector, subject, body } : { segment, subject, body };
}

/** Write a message to a group of registrants, preview it, test it, and send it after a confirmation. */
export function BroadcastComposer({ event }: { event: EventDetail }) {
  const base = `/api/v1/manage/events/${event.id}/broadcasts`;
  const [draft, setDraft] = useState<Draft>(empty);
  const [preview, setPreview] = useState<{ of: string; result: Preview } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState("");
  const [sentCount, setSentCount] = useState(0);
  const sendButton = useRef<HTMLButtonElement>(null);
  const noticeLine = useRef<HTMLParagraphElement>(null);
  const { errors, message, busy, submit } = useSubmit();
  // A preview (and its recipient count) holds only for the draft it was made from.
  const current = preview?.of === JSON.stringify(draft) ? preview.result : null;
  const fieldErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [`broadcast_${k}`, v]));

  const update = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setConfirming(false);
  };
  const fetchPreview = async () => {
    const result = await api.post<Preview>(`${base}/preview`, input(draft));
    setPreview({ of: JSON.stringify(draft), result });
    return result;
  };
  const showPreview = () => submit(async () => {
    const result = await fetchPreview();
    setNotice(`Preview ready: it would reach ${countRecipients(result.recipients)}.`);
  });
  const sendTest = () => submit(async () => {
    const sent = await api.post<Schemas["MessageSummary"]>(`${base}/test`, input(draft));
    setNotice(`Test sent to ${sent.to}`);
  });
  const askToSend = () => submit(async () => {
    const result = current ?? await fetchPreview();
    if (result.recipients === 0) return setNotice("Nobody is in this group, so there is nobody to send to.");
    setNotice("");
    setConfirming(true);
  });
  const audience = (draft.segment === "sector" ? `those in ${sectorNames[draft.sector] ?? draft.sector}` : segmentNames[draft.segment]).toLowerCase();
  const send = () => submit(async () => {
    const sent = await api.post<Schemas["Broadcast"]>(base, input(draft));
    setPreview(null);
    setDraft(empty);
    setSentCount((n) => n + 1);
    setNotice(`“${sent.subject}” is on its way to ${countRecipients(sent.recipients)}. Each message shows under Messages.`);
    noticeLine.current?.focus();
  });

  return (
    <section class="editor-section" aria-labelledby="broadcast-title">
      <h2 id="broadcast-title">Send a message</h2>
      <ErrorSummary message={message} errors={fieldErrors} labels={labels} />
      <form noValidate onSubmit={(e) => { e.preventDefault(); showPreview(); }}>
        <BroadcastFields draft={draft} errors={fieldErrors} onChange={update} />
        <div class="actions">
          <button type="submit" class="secondary" disabled={busy}>Preview</button>
          <button type="button" class="secondary" disabled={busy} onClick={sendTest}>Send test to me</button>
          <button type="button" ref={sendButton} disabled={busy || current?.recipients === 0} onClick={askToSend}>
            {current ? `Send to ${countRecipients(current.recipients)}` : "Send to recipients"}
          </button>
        </div>
      </form>
      <p role="status" tabIndex={-1} ref={noticeLine}>{notice}</p>
      <ConfirmDialog open={confirming && current !== null} opener={sendButton}
        title={`Send to ${countRecipients(current?.recipients ?? 0)}?`}
        confirmLabel={`Yes, send to ${countRecipients(current?.recipients ?? 0)}`} keepLabel="Keep the draft"
        onConfirm={send} onClose={() => setConfirming(false)}>
        <p>“{draft.subject}” will be emailed now to {audience}: {countRecipients(current?.recipients ?? 0)}. You cannot take it back.</p>
      </ConfirmDialog>
      {current && (
        <div class="broadcast-preview">
          <h3>Preview</h3>
          <p>It would reach {countRecipients(current.recipients)}.</p>
          <EmailPreview frameTitle="HTML part of the message you are writing" subject={current.subject} text={current.text}
            src={`${base}/preview.html?${new URLSearchParams(input(draft))}`} />
        </div>
      )}
      <BroadcastList eventID={event.id} zone={event.timezone} version={sentCount} />
    </section>
  );
}
