import { api, type EventDetail } from "../../api/client";
import { useSubmit } from "../../lib/forms";
import { ErrorSummary } from "../../components/ErrorSummary";
import { ListEditor } from "../../components/ListEditor";
import { AgendaItemForm } from "./AgendaItemForm";

type Props = { event: EventDetail; onChange: (e: EventDetail) => void };

/** Where a new item starts: where the last item ends (the programme runs on). */
export function nextStart(agenda: EventDetail["agenda"]): number {
  const last = agenda.at(-1);
  return last ? last.start_offset_minutes + last.duration_minutes : 0;
}

/** The programme: items with start offsets and speakers, edited in place, reordered and removed. */
export function AgendaEditor({ event, onChange }: Props) {
  const { message, busy, submit } = useSubmit();
  const base = `/api/v1/manage/events/${event.id}/agenda`;

  return (
    <section class="editor-section" aria-labelledby="agenda-title">
      <h2 id="agenda-title">Agenda</h2>
      <ErrorSummary message={message} errors={{}} labels={{}} />
      <ListEditor label="Agenda items" items={event.agenda} keyOf={(a) => a.id} nameOf={(a) => a.title} busy={busy}
        empty={<p>No agenda items yet.</p>}
        onMove={(from, to) => submit(async () => {
          const ids = event.agenda.map((a) => a.id);
          ids.splice(to, 0, ...ids.splice(from, 1));
          onChange(await api.put<EventDetail>(`${base}/order`, { item_ids: ids }));
        })}
        edit={(a, close) => (
          <AgendaItemForm event={event} item={a} idPrefix={`item-${a.id}-`} onCancel={close}
            onSaved={(saved) => { onChange(saved); close(); }} />
        )}
        remove={{
          title: (a) => `Remove “${a.title}” from the agenda?`,
          consequence: () => "The item and its description are deleted for good; its speakers stay on the event.",
          keepLabel: "Keep the item",
          onRemove: (a) => submit(async () => onChange(await api.del<EventDetail>(`${base}/${a.id}`))),
        }}
        add={<AgendaItemForm event={event} idPrefix="agenda_" start={nextStart(event.agenda)} onSaved={onChange} />}>
        {(a) => (
          <span>+{a.start_offset_minutes} min, {a.duration_minutes} min: <strong>{a.title}</strong>
            {a.speakers.length > 0 && ` — ${a.speakers.map((s) => s.name).join(", ")}`}</span>
        )}
      </ListEditor>
    </section>
  );
}
