import { useEffect, useState } from "preact/hooks";
import { api, getAll, type EventDetail, type Person } from "../../api/client";
import { formValues, useSubmit } from "../../lib/forms";
import { FormField } from "../../components/FormField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Select, type Choice } from "../../components/Select";
import { ListEditor } from "../../components/ListEditor";
import { roles, SpeakerForm } from "./SpeakerForm";

type Speaker = EventDetail["speakers"][number];
type Props = { event: EventDetail; onChange: (e: EventDetail) => void };

/** The event's speakers: add a new or known person with a role, edit one in place, reorder, remove. */
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
  const addForm = (
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
  );

  return (
    <section class="editor-section" aria-labelledby="speakers-title">
      <h2 id="speakers-title">Speakers</h2>
      <ErrorSummary message={message} errors={errors} labels={{ name: "Name", photo_url: "Photo URL" }} />
      <ListEditor label="Speakers" items={event.speakers} keyOf={(s) => s.person_id} nameOf={(s) => s.name} busy={busy}
        empty={<p>No speakers yet.</p>}
        onMove={(from, to) => {
          const list = [...event.speakers];
          list.splice(to, 0, ...list.splice(from, 1));
          return save(list);
        }}
        edit={(s, close) => <SpeakerForm event={event} speaker={s} onCancel={close} onSaved={(saved) => { onChange(saved); close(); }} />}
        remove={{
          title: (s) => `Remove ${s.name} from the speakers?`,
          consequence: (s) => `${s.name} no longer appears among this event's speakers. They stay in the directory of people, and in any agenda item that names them.`,
          keepLabel: "Keep the speaker",
          onRemove: (s) => save(event.speakers.filter((x) => x !== s)),
        }}
        add={addForm}>
        {(s) => <span><strong>{s.name}</strong>{[s.job_title, s.organisation].filter(Boolean).map((t) => `, ${t}`).join("")} <span class="muted">({s.role})</span></span>}
      </ListEditor>
    </section>
  );
}
