import { api, ApiError, type EventDetail } from "../../api/client";
import { useState } from "preact/hooks";

type Props = { event: EventDetail; onChange: (e: EventDetail) => void; onDeleted: () => void };

/** Publish, unpublish, cancel or delete, as the event's status allows. */
export function StatusActions({ event, onChange, onDeleted }: Props) {
  const [message, setMessage] = useState("");
  const act = async (action: string) => {
    try {
      if (action === "delete") {
        await api.del(`/api/v1/manage/events/${event.id}`);
        onDeleted();
        return;
      }
      const updated = await api.post<EventDetail>(`/api/v1/manage/events/${event.id}/${action}`);
      onChange(updated);
      setMessage(`The event is now ${updated.status}.`);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : "The server could not be reached.");
    }
  };
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title" class="visually-hidden">Status</h2>
      <div class="status-line">
        <span>Status: <span class={`tag tag--${event.status}`}>{event.status}</span></span>
        {event.status === "draft" && <button type="button" onClick={() => act("publish")}>Publish</button>}
        {event.status === "published" && (
          <>
            <a href={`/events/${event.slug}`}>View the public page</a>
            <button type="button" class="secondary" onClick={() => act("unpublish")}>Unpublish</button>
          </>
        )}
        {event.status !== "cancelled" && <button type="button" class="warning" onClick={() => act("cancel")}>Cancel event</button>}
        {event.status === "draft" && <button type="button" class="secondary" onClick={() => act("delete")}>Delete draft</button>}
      </div>
      <p role="status">{message}</p>
    </section>
  );
}
