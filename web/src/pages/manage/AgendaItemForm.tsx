import { api, type EventDetail } from "../../api/client";
import { formValues, useSubmit } from "../../lib/forms";
import { FormField } from "../../components/FormField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Checkboxes } from "../../components/Checkboxes";

type Item = EventDetail["agenda"][number];
type Props = {
  event: EventDetail;
  /** The item edited; without one the form adds a new item. */
  item?: Item;
  /** Makes each field's id unique on the page (the add form and an edit form may both be open). */
  idPrefix: string;
  /** A new item's start, in minutes from the event's start. */
  start?: number;
  onSaved: (e: EventDetail) => void;
  onCancel?: () => void;
};

/** One agenda item's fields: used to add an item below the list, and to edit one in its row. */
export function AgendaItemForm({ event, item, idPrefix: p, start = 0, onSaved, onCancel }: Props) {
  const { errors, message, busy, submit } = useSubmit();
  const base = `/api/v1/manage/events/${event.id}/agenda`;
  const labels = {
    [`${p}title`]: "Title", [`${p}start_offset_minutes`]: "Starts after", [`${p}duration_minutes`]: "Length",
    [`${p}description`]: "Description", [`${p}speaker_ids`]: "Speakers",
  };
  const fieldErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${p}${k}`, v]));
  // The item's saved speakers stay choices even if they have left the event, so an unchanged save keeps them.
  const choices = [
    ...event.speakers.map((s) => ({ value: s.person_id, label: s.name })),
    ...(item?.speakers ?? []).filter((s) => !event.speakers.some((e) => e.person_id === s.person_id))
      .map((s) => ({ value: s.person_id, label: s.name })),
  ];

  return (
    <form noValidate aria-label={item ? `Edit “${item.title}”` : undefined} onSubmit={(e) => {
      e.preventDefault();
      const form = e.currentTarget;
      const v = formValues(form);
      const body = {
        title: v.title, start_offset_minutes: Number(v.start_offset_minutes), duration_minutes: Number(v.duration_minutes),
        description: v.description, speaker_ids: new FormData(form).getAll("speaker_ids").map(String),
      };
      submit(async () => {
        onSaved(item ? await api.put<EventDetail>(`${base}/${item.id}`, body) : await api.post<EventDetail>(base, body));
        if (!item) form.reset();
      });
    }}>
      {item ? <h3 class="visually-hidden">Edit “{item.title}”</h3> : <h3>Add an agenda item</h3>}
      <ErrorSummary message={message} errors={fieldErrors} labels={labels} />
      <FormField id={`${p}title`} label="Title" error={fieldErrors[`${p}title`]}>
        {(d) => <input id={`${p}title`} name="title" defaultValue={item?.title} aria-describedby={d} />}
      </FormField>
      <FormField id={`${p}start_offset_minutes`} label="Starts after (minutes from the start)" error={fieldErrors[`${p}start_offset_minutes`]}>
        {(d) => <input id={`${p}start_offset_minutes`} name="start_offset_minutes" type="number" inputMode="numeric" min={0}
          defaultValue={String(item?.start_offset_minutes ?? start)} aria-describedby={d} />}
      </FormField>
      <FormField id={`${p}duration_minutes`} label="Length in minutes" error={fieldErrors[`${p}duration_minutes`]}>
        {(d) => <input id={`${p}duration_minutes`} name="duration_minutes" type="number" inputMode="numeric" min={1}
          defaultValue={String(item?.duration_minutes ?? 10)} aria-describedby={d} />}
      </FormField>
      <FormField id={`${p}description`} label="Description" error={fieldErrors[`${p}description`]}>
        {(d) => <textarea id={`${p}description`} name="description" rows={2} defaultValue={item?.description} aria-describedby={d} />}
      </FormField>
      {choices.length > 0 && (
        <Checkboxes name="speaker_ids" idPrefix={`${p}speaker_ids`} legend="Speakers" error={fieldErrors[`${p}speaker_ids`]}
          items={choices} checked={item?.speakers.map((s) => s.person_id) ?? []} />
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>{item ? "Save agenda item" : "Add agenda item"}</button>
        {onCancel && <button type="button" class="secondary" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}
