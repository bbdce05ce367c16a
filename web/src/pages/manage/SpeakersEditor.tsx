import { useEffect, useState } from "preact/hooks";
import { api, getAll, type EventDetail, type Person } from "../../api/client";
import { formValues, useSubmit } from "../../lib/forms";
import { FormField } from "../../components/FormField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { plainChoices, Select, type Choice } from "../../components/Select";

type Speaker = EventDetail["speakers"][number];
type Props = { event: EventDetail; onChange: (e: EventDetail) => void };
const roles = plainChoices(["chair", "keynote", "panellist", "moderator"]);

/** The event's speakers: add a new or known person with a role, reorder, remove. */
export function SpeakersEditor({ event, onChange }: Props) {
  const [people, setPeople] = useState<Person[]>([]);
  const { errors, message, busy, submit } = useSubmit();
  useEffect(() => {
    getAll<Person>("/api/v1/manage/people").then(setPeople);
  }, [event.speakers.length]);

  const save = (speakers: Speaker[]) => submit(async () => {
    onChange(await api.put<EventDetail>(`/api/v1/manage/events/${event.id}/speakers`,
      { speakers: speakers.map((s) => ({ person_id: s.person_id, role: s.role })) }));
  });
  const move = (i: number, by: number) => {
    const list = [...event.speakers];
    [list[i], list[i + by]] = [list[i + by], list[i]];
    save(list);
  };

  return (
    <section class="editor-section" aria-labelledby="speakers-title">
      <h2 id="speakers-title">Speakers</h2>
      <ErrorSummary message={message} errors={errors} labels={{ name: "Name", photo_url: "Photo URL" }} />
      {event.speakers.length === 0 && <p>No speakers yet.</p>}
      <ol class="part-list">
        {event.speakers.map((s, i) => (
          <li key={s.person_id}>
            <span><strong>{s.name}</strong>{s.organisation && `, ${s.organisation}`}</span>
            <span class="part-actions">
              <label for={`role-${s.person_id}`} class="visually-hidden">Role of {s.name}</label>
              <Select id={`role-${s.person_id}`} value={s.role} choices={roles} disabled={busy}
                onChange={(e) => save(event.speakers.map((x) => x === s ? { ...x, role: e.currentTarget.value as Speaker["role"] } : x))} />
              <button type="button" class="secondary" disabled={i === 0 || busy} onClick={() => move(i, -1)}>Up<span class="visually-hidden">: {s.name}</span></button>
              <button type="button" class="secondary" disabled={i === event.speakers.length - 1 || busy} onClick={() => move(i, 1)}>Down<span class="visually-hidden">: {s.name}</span></button>
              <button type="button" class="secondary" disabled={busy} onClick={() => save(event.speakers.filter((x) => x !== s))}>Remove<span class="visually-hidden"> {s.name}</span></button>
            </span>
          </li>
        ))}
      </ol>
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const v = formValues(form);
        submit(async () => {
          let personID = v.person_id;
          if (!personID) {
            const p = await api.post<Person>("/api/v1/manage/people", {
              name: v.name, job_title: v.job_title, organisation: v.organisation, bio: v.bio, photo_url: v.photo_url,
            });
            personID = p.id;
          }
          const speakers = [...event.speakers.map((s) => ({ person_id: s.person_id, role: s.role })), { person_id: personID, role: v.role }];
          onChange(await api.put<EventDetail>(`/api/v1/manage/events/${event.id}/speakers`, { speakers }));
          form.reset();
        });
      }}>
        <h3>Add a speaker</h3>
        <FormField id="person_id" label="A person already in the directory">
          {(d) => (
            <Select id="person_id" name="person_id" value="" aria-describedby={d} choices={[
              ["", "— a new person, described below —"],
              ...people.filter((p) => !event.speakers.some((s) => s.person_id === p.id))
                .map((p): Choice => [p.id, p.organisation ? `${p.name}, ${p.organisation}` : p.name]),
            ]} />
          )}
        </FormField>
        <fieldset>
          <legend>Or a new person</legend>
          <FormField id="name" label="Name" error={errors.name}>
            {(d) => <input id="name" name="name" autoComplete="off" aria-describedby={d} />}
          </FormField>
          <FormField id="job_title" label="Job title" error={errors.job_title}>
            {(d) => <input id="job_title" name="job_title" aria-describedby={d} />}
          </FormField>
          <FormField id="organisation" label="Organisation" error={errors.organisation}>
            {(d) => <input id="organisation" name="organisation" aria-describedby={d} />}
          </FormField>
          <FormField id="bio" label="Short biography" error={errors.bio}>
            {(d) => <textarea id="bio" name="bio" rows={3} aria-describedby={d} />}
          </FormField>
          <FormField id="photo_url" label="Photo URL" error={errors.photo_url}>
            {(d) => <input id="photo_url" name="photo_url" type="url" aria-describedby={d} />}
          </FormField>
        </fieldset>
        <FormField id="role" label="Role">
          {(d) => <Select id="role" name="role" value="panellist" choices={roles} aria-describedby={d} />}
        </FormField>
        <div class="actions"><button type="submit" disabled={busy}>Add speaker</button></div>
      </form>
    </section>
  );
}
