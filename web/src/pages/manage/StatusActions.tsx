import { api, ApiError, type EventDetail } from "../../api/client";
import { useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ConfirmButton } from "../../components/ConfirmDialog";
import { Tag, type TagColour } from "../../components/Tag";
import { cancelEventConsequence } from "../../lib/consequences";

/** The colour of each event status; the tag's word says which it is. */
export const eventStatusColours: Record<string, TagColour> = { draft: "grey", published: "green", cancelled: "red" };

type Props = { event: EventDetail; onChange: (e: EventDetail) => void; onDeleted: () => void };

/** Publish, unpublish, cancel or delete, as the event's status allows;
 *  cancelling and deleting, which cannot be undone, are confirmed first. */
export function StatusActions({ event, onChange, onDeleted }: Props) {
  const { route } = useLocation();
  const [message, setMessage] = useState("");
  const messageLine = useRef<HTMLParagraphElement>(null);
  const [cancelNote, setCancelNote] = useState("");
  const act = async (action: string) => {
    try {
      if (action === "duplicate") {
        const copy = await api.post<EventDetail>(`/api/v1/manage/events/${event.id}/duplicate`);
        route(`/manage/events/${copy.id}`);
        return;
      }
      if (action === "delete") {
        await api.del(`/api/v1/manage/events/${event.id}`);
        onDeleted();
        return;
      }
      const body = action === "cancel" ? { message: cancelNote } : undefined;
      const updated = await api.post<EventDetail>(`/api/v1/manage/events/${event.id}/${action}`, body);
      onChange(updated);
      setMessage(`The event is now ${updated.status}.`);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : "The server could not be reached.");
    }
    messageLine.current?.focus(); // the button pressed may be gone
  };
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title" class="visually-hidden">Status</h2>
      <div class="status-line">
        <span>Status: <Tag colour={eventStatusColours[event.status]}>{event.status}</Tag></span>
        {event.status === "draft" && <button type="button" onClick={() => act("publish")}>Publish</button>}
        {event.status === "published" && (
          <>
            <a href={`/events/${event.slug}`}>View the public page</a>
            <button type="button" class="secondary" onClick={() => act("unpublish")}>Unpublish</button>
          </>
        )}
        {event.status !== "cancelled" && (
          <ConfirmButton class="warning" label="Cancel event" title={`Cancel “${event.title}”?`}
            consequence={() => cancelEventConsequence(event.id)}
            confirmLabel="Yes, cancel the event" keepLabel="Keep the event" onConfirm={() => act("cancel")} />
        )}
        {event.status === "draft" && (
          <ConfirmButton class="secondary" label="Delete draft" title={`Delete the draft “${event.title}”?`}
            consequence={() => "The draft and everything set up in it (speakers, partners, agenda, questions) are deleted for good. People and organisations stay in the directory."}
            confirmLabel="Yes, delete the draft" keepLabel="Keep the draft" onConfirm={() => act("delete")} />
        )}
        {event.status === "cancelled" && event.published_at && <a href={`/events/${event.slug}`}>View the public page</a>}
        <button type="button" class="secondary" onClick={() => act("duplicate")}
          aria-describedby="duplicate-hint">Duplicate this event</button>
      </div>
      <p id="duplicate-hint" class="hint">Duplicating makes a new draft with these details, speakers, partners, agenda,
        questions and mail settings, and opens it here. Registrations and messages stay with this event.</p>
      {event.status !== "cancelled" && (
        <div class="field">
          <label for="cancel-message">Message to registrants if you cancel (optional)</label>
          <span id="cancel-message-hint" class="hint">Shown on the public event page and in the cancellation email.</span>
          <textarea id="cancel-message" rows={3} maxLength={2000} aria-describedby="cancel-message-hint" value={cancelNote}
            onInput={(e) => setCancelNote(e.currentTarget.value)} />
        </div>
      )}
      {event.status === "cancelled" && event.cancellation_message && (
        <p>Your message to registrants: {event.cancellation_message}</p>
      )}
      <p role="status" tabIndex={-1} ref={messageLine}>{message}</p>
    </section>
  );
}
