import { useEffect, useState } from "preact/hooks";
import { api, getAll, type EventDetail, type Organisation } from "../../api/client";
import { formValues, useSubmit } from "../../lib/forms";
import { FormField } from "../../components/FormField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Select, type Choice } from "../../components/Select";
import { ListEditor } from "../../components/ListEditor";

type Props = { event: EventDetail; onChange: (e: EventDetail) => void };
const kinds: Choice[] = [["host", "Host"], ["knowledge_partner", "Knowledge partner"], ["sponsor", "Sponsor"]];

/** The event's partner organisations with their part and a note: added, reordered, removed. */
export function PartnersEditor({ event, onChange }: Props) {
  const [orgs, setOrgs] = useState<Organisation[]>([]);
  const { errors, message, busy, submit } = useSubmit();
  useEffect(() => {
    getAll<Organisation>("/api/v1/manage/organisations").then(setOrgs);
  }, [event.partners.length]);
  const current = event.partners.map((p) => ({ organisation_id: p.organisation_id, kind: p.kind, note: p.note }));

  const savePartners = (partners: typeof current) => submit(async () => {
    onChange(await api.put<EventDetail>(`/api/v1/manage/events/${event.id}/partners`, { partners }));
  });
  const addForm = (
    <form noValidate onSubmit={(e) => {
      e.preventDefault();
      const form = e.currentTarget;
      const v = formValues(form);
      submit(async () => {
        let orgID = v.organisation_id;
        if (!orgID) {
          try {
            orgID = (await api.post<Organisation>("/api/v1/manage/organisations", {
              name: v.org_name, website: v.website, logo_url: v.logo_url, description: v.org_description,
            })).id;
          } catch (err) {
            // Show the organisation's field errors under this form's names.
            const fe = (err as { fieldErrors?: Record<string, string> }).fieldErrors;
            if (fe?.name) fe.org_name = fe.name;
            throw err;
          }
        }
        onChange(await api.put<EventDetail>(`/api/v1/manage/events/${event.id}/partners`,
          { partners: [...current, { organisation_id: orgID, kind: v.kind, note: v.note }] }));
        form.reset();
      });
    }}>
      <h3>Add a partner</h3>
      <FormField id="organisation_id" label="An organisation already in the directory">
        {(d) => (
          <Select id="organisation_id" name="organisation_id" value="" aria-describedby={d}
            choices={[["", "— a new organisation, described below —"], ...orgs.map((o): Choice => [o.id, o.name])]} />
        )}
      </FormField>
      <fieldset>
        <legend>Or a new organisation</legend>
        <FormField id="org_name" label="Name" error={errors.org_name ?? errors.name}>
          {(d) => <input id="org_name" name="org_name" aria-describedby={d} />}
        </FormField>
        <FormField id="website" label="Website" error={errors.website}>
          {(d) => <input id="website" name="website" type="url" aria-describedby={d} />}
        </FormField>
        <FormField id="logo_url" label="Logo URL" error={errors.logo_url}>
          {(d) => <input id="logo_url" name="logo_url" type="url" aria-describedby={d} />}
        </FormField>
        <FormField id="org_description" label="Description" error={errors.description}>
          {(d) => <textarea id="org_description" name="org_description" rows={2} aria-describedby={d} />}
        </FormField>
      </fieldset>
      <FormField id="kind" label="Part in this event">
        {(d) => <Select id="kind" name="kind" value="knowledge_partner" choices={kinds} aria-describedby={d} />}
      </FormField>
      <FormField id="note" label="Note" hint="For example, what the partner contributed." error={errors.note}>
        {(d) => <input id="note" name="note" aria-describedby={d} />}
      </FormField>
      <div class="actions"><button type="submit" disabled={busy}>Add partner</button></div>
    </form>
  );

  return (
    <section class="editor-section" aria-labelledby="partners-title">
      <h2 id="partners-title">Partners</h2>
      <ErrorSummary message={message} errors={errors} labels={{ org_name: "Name", website: "Website", logo_url: "Logo URL" }} />
      <ListEditor label="Partners" items={event.partners} keyOf={(p) => `${p.organisation_id}-${p.kind}`} nameOf={(p) => p.name}
        busy={busy} empty={<p>No partners yet.</p>}
        onMove={(from, to) => {
          const list = [...current];
          list.splice(to, 0, ...list.splice(from, 1));
          return savePartners(list);
        }}
        remove={{
          title: (p) => `Remove ${p.name} from the partners?`,
          consequence: (p) => `${p.name} no longer appears among this event's partners. The organisation stays in the directory.`,
          keepLabel: "Keep the partner",
          onRemove: (p) => savePartners(current.filter((_, j) => j !== event.partners.indexOf(p))),
        }}
        add={addForm}>
        {(p) => <span><strong>{p.name}</strong> — {kinds.find(([k]) => k === p.kind)?.[1]}{p.note && `: ${p.note}`}</span>}
      </ListEditor>
    </section>
  );
}
