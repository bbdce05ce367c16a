import { api, type EventDetail } from "../../api/client";
import { formValues, useSubmit } from "../../lib/forms";
import { FormField } from "../../components/FormField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { ConfirmButton } from "../../components/ConfirmDialog";

type Props = { event: EventDetail; onChange: (e: EventDetail) => void };

/** The programme: items with start offsets and speakers, reordered and removed here. */
export function AgendaEditor({ event, onChange }: Props) {
  const { errors, message, busy, submit } = useSubmit();
  const base = `/api/v1/manage/events/${event.id}/agenda`;
  const move = (i: number, by: number) => submit(async () => {
    const ids = event.agenda.map((a) => a.id);
    [ids[i], ids[i + by]] = [ids[i + by], ids[i]];
    onChange(await api.put<EventDetail>(`${base}/order`, { item_ids: ids }));
  });
  const labels = { agenda_title: "Title", start_offset_minutes: "Starts after", duration_minutes: "Length", speaker_ids: "Speakers" };
  const fieldErrors: Record<string, string> = { ...errors, agenda_title: errors.title };
  delete fieldErrors.title;

  return (
    <section class="editor-section" aria-labelledby="agenda-title">
      <h2 id="agenda-title">Agenda</h2>
      <ErrorSummary message={message} errors={Object.fromEntries(Object.entries(fieldErrors).filter(([, v]) => v))} labels={labels} />
      {event.agenda.length === 0 && <p>No agenda items yet.</p>}
      <ol class="part-list">
        {event.agenda.map((a, i) => (
          <li key={a.id}>
            <span>+{a.start_offset_minutes} min, {a.duration_minutes} min: <strong>{a.title}</strong>
              {a.speakers.length > 0 && ` — ${a.speakers.map((s) => s.name).join(", ")}`}</span>
            <span class="part-actions">
              <button type="button" class="secondary" disabled={i === 0 || busy} onClick={() => move(i, -1)}>Up<span class="visually-hidden">: {a.title}</span></button>
              <button type="button" class="secondary" disabled={i === event.agenda.length - 1 || busy} onClick={() => move(i, 1)}>Down<span class="visually-hidden">: {a.title}</span></button>
              <ConfirmButton class="secondary" disabled={busy} label={<>Remove<span class="visually-hidden"> {a.title}</span></>}
                title={`Remove “${a.title}” from the agenda?`}
                consequence={() => "The item and its description are deleted for good; its speakers stay on the event."}
                confirmLabel="Yes, remove it" keepLabel="Keep the item"
                onConfirm={() => submit(async () => onChange(await api.del<EventDetail>(`${base}/${a.id}`)))} />
            </span>
          </li>
        ))}
      </ol>
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const v = formValues(form);
        const speakerIDs = new FormData(form).getAll("speaker_ids").map(String);
        submit(async () => {
          onChange(await api.post<EventDetail>(base, {
            title: v.agenda_title, start_offset_minutes: Number(v.start_offset_minutes),
            duration_minutes: Number(v.duration_minutes), description: v.agenda_description, speaker_ids: speakerIDs,
          }));
          form.reset();
        });
      }}>
        <h3>Add an agenda item</h3>
        <FormField id="agenda_title" label={labels.agenda_title} error={fieldErrors.agenda_title}>
          {(d) => <input id="agenda_title" name="agenda_title" aria-describedby={d} />}
        </FormField>
        <FormField id="start_offset_minutes" label="Starts after (minutes from the start)" error={errors.start_offset_minutes}>
          {(d) => <input id="start_offset_minutes" name="start_offset_minutes" type="number" inputMode="numeric" min={0} defaultValue="0" aria-describedby={d} />}
        </FormField>
        <FormField id="duration_minutes_item" label="Length in minutes" error={errors.duration_minutes}>
          {(d) => <input id="duration_minutes_item" name="duration_minutes" type="number" inputMode="numeric" min={1} defaultValue="10" aria-describedby={d} />}
        </FormField>
        <FormField id="agenda_description" label="Description" error={errors.description}>
          {(d) => <textarea id="agenda_description" name="agenda_description" rows={2} aria-describedby={d} />}
        </FormField>
        {event.speakers.length > 0 && (
          <fieldset id="speaker_ids">
            <legend>Speakers</legend>
            {errors.speaker_ids && <span class="field-error">{errors.speaker_ids}</span>}
            {event.speakers.map((s) => (
              <div key={s.person_id}>
                <input type="checkbox" id={`speaker-${s.person_id}`} name="speaker_ids" value={s.person_id} />{" "}
                <label for={`speaker-${s.person_id}`} style="display:inline">{s.name}</label>
              </div>
            ))}
          </fieldset>
        )}
        <div class="actions"><button type="submit" disabled={busy}>Add agenda item</button></div>
      </form>
    </section>
  );
}
