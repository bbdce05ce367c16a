import type { ComponentChildren } from "preact";
import { api, type EventDetail, type Person } from "../../api/client";
import { formValues, useSubmit } from "../../lib/forms";
import { FormField } from "../../components/FormField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { plainChoices, Select } from "../../components/Select";

type Speaker = EventDetail["speakers"][number];
type Props = { event: EventDetail; speaker: Speaker; onSaved: (e: EventDetail) => void; onCancel: () => void };

/** The speaker roles, as the API names them. */
export const roles = plainChoices(["chair", "keynote", "panellist", "moderator"]);

/**
 * A speaker edited in their row: the person's details (as the directory
 * holds them, so they change on every event the person speaks at) and
 * their role in this event.
 */
export function SpeakerForm({ event, speaker: s, onSaved, onCancel }: Props) {
  const { errors, message, busy, submit } = useSubmit();
  const p = `speaker-${s.person_id}-`;
  const labels = { [`${p}name`]: "Name", [`${p}job_title`]: "Job title", [`${p}organisation`]: "Organisation", [`${p}bio`]: "Short biography", [`${p}photo_url`]: "Photo URL" };
  const fieldErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${p}${k}`, v]));
  const field = (name: string, label: string, input: (d: string | undefined) => ComponentChildren) => (
    <FormField id={`${p}${name}`} label={label} error={fieldErrors[`${p}${name}`]}>{input}</FormField>
  );

  return (
    <form noValidate aria-label={`Edit ${s.name}`} onSubmit={(e) => {
      e.preventDefault();
      const v = formValues(e.currentTarget);
      submit(async () => {
        await api.put<Person>(`/api/v1/manage/people/${s.person_id}`,
          { name: v.name, job_title: v.job_title, organisation: v.organisation, bio: v.bio, photo_url: v.photo_url });
        const speakers = event.speakers.map((x) => ({ person_id: x.person_id, role: x.person_id === s.person_id ? v.role : x.role }));
        onSaved(await api.put<EventDetail>(`/api/v1/manage/events/${event.id}/speakers`, { speakers }));
      });
    }}>
      <h3 class="visually-hidden">Edit {s.name}</h3>
      <ErrorSummary message={message} errors={fieldErrors} labels={labels} />
      {field("name", "Name", (d) => <input id={`${p}name`} name="name" defaultValue={s.name} autoComplete="off" aria-describedby={d} />)}
      {field("job_title", "Job title", (d) => <input id={`${p}job_title`} name="job_title" defaultValue={s.job_title} aria-describedby={d} />)}
      {field("organisation", "Organisation", (d) => <input id={`${p}organisation`} name="organisation" defaultValue={s.organisation} aria-describedby={d} />)}
      {field("bio", "Short biography", (d) => <textarea id={`${p}bio`} name="bio" rows={3} defaultValue={s.bio} aria-describedby={d} />)}
      {field("photo_url", "Photo URL", (d) => <input id={`${p}photo_url`} name="photo_url" type="url" defaultValue={s.photo_url} aria-describedby={d} />)}
      <FormField id={`${p}role`} label={`Role of ${s.name}`}>
        {(d) => <Select id={`${p}role`} name="role" value={s.role} choices={roles} aria-describedby={d} />}
      </FormField>
      <p class="hint">The person's details are the directory's: they change on every event this person speaks at.</p>
      <div class="actions">
        <button type="submit" disabled={busy}>Save speaker</button>
        <button type="button" class="secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
