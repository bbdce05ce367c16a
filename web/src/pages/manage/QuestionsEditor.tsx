import { useEffect, useState } from "preact/hooks";
import { api, type EventDetail, type Schemas } from "../../api/client";
import { formValues, useSubmit } from "../../lib/forms";
import { FormField } from "../../components/FormField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Select, type Choice } from "../../components/Select";
import { ListEditor } from "../../components/ListEditor";
import { Checkboxes, type ChoiceItem } from "../../components/Checkboxes";
import { Radios } from "../../components/Radios";

type Question = Schemas["Question"];
/** A question as saved: with its id when it is one already saved, so it keeps its answers. */
type QuestionInput = Schemas["QuestionsRequest"]["questions"][number];
const kinds: Choice[] = [["short_text", "Short text"], ["long_text", "Long text"], ["single_choice", "One choice"],
  ["multiple_choice", "Several choices"], ["checkbox", "A box to tick"]];
const approvals: ChoiceItem[] = [
  { value: "open", label: "Everyone" },
  { value: "domains", label: "Email addresses at the domains below" },
  { value: "manual", label: "Nobody: I approve each one" },
];

/** The registration form's own questions, and who is admitted without a decision. */
export function QuestionsEditor({ event }: { event: EventDetail }) {
  const [questions, setQuestions] = useState<Question[]>([]);
  const [settings, setSettings] = useState<Schemas["RegistrationSettings"] | null>(null);
  const { errors, message, busy, submit } = useSubmit();
  useEffect(() => {
    api.get<{ items: Question[] }>(`/api/v1/manage/events/${event.id}/questions`).then((r) => setQuestions(r.items));
    api.get<Schemas["RegistrationSettings"]>(`/api/v1/manage/events/${event.id}/registration-settings`).then(setSettings);
  }, [event.id]);

  const save = (list: QuestionInput[]) => submit(async () => {
    const r = await api.put<{ items: Question[] }>(`/api/v1/manage/events/${event.id}/questions`, { questions: list });
    setQuestions(r.items);
  });
  const asSaved = (q: Question): QuestionInput => ({ id: q.id, kind: q.kind, label: q.label, required: q.required, options: q.options });
  const fieldErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^questions\[\d+\]\./, "question_"), v]));

  return (
    <section class="editor-section" aria-labelledby="questions-title">
      <h2 id="questions-title">Registration form</h2>
      <ErrorSummary message={message} errors={fieldErrors} labels={{ question_label: "Question", question_options: "Options", approval: "Admission", approved_domains: "Domains" }} />
      {settings && (
        <form noValidate onSubmit={(e) => {
          e.preventDefault();
          const v = formValues(e.currentTarget);
          submit(async () => setSettings(await api.put(`/api/v1/manage/events/${event.id}/registration-settings`, {
            approval: v.approval, approved_domains: v.approved_domains.split(",").map((d) => d.trim()).filter(Boolean),
          })));
        }}>
          <Radios name="approval" idPrefix="approval" legend="Who gets a place without your approval" value={settings.approval}
            items={approvals} error={errors.approval} />
          <FormField id="approved_domains" label="Approved domains" hint="Separate with commas, like gov.uk, nhs.uk, *.gov.scot" error={errors.approved_domains}>
            {(d) => <input id="approved_domains" name="approved_domains" defaultValue={settings.approved_domains.join(", ")} aria-describedby={d} />}
          </FormField>
          <div class="actions"><button type="submit" class="secondary" disabled={busy}>Save admission</button></div>
        </form>
      )}
      <h3>Your questions</h3>
      <ListEditor label="Your questions" items={questions} keyOf={(q) => q.id} nameOf={(q) => q.label} busy={busy}
        empty={<p>The form asks only the standard questions.</p>}
        onMove={(from, to) => {
          const list = questions.map(asSaved);
          list.splice(to, 0, ...list.splice(from, 1));
          return save(list);
        }}
        remove={{
          title: (q) => `Remove “${q.label}” from the form?`,
          consequence: () => "The question comes off the registration form, and the answers already given to it are deleted from every registration. Adding it again does not bring them back.",
          keepLabel: "Keep the question",
          onRemove: (q) => save(questions.filter((x) => x !== q).map(asSaved)),
        }}>
        {(q) => <span>{q.label} <span class="muted">({kinds.find(([k]) => k === q.kind)?.[1]}{q.required ? ", required" : ""}{q.options.length ? `: ${q.options.join(", ")}` : ""})</span></span>}
      </ListEditor>
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const v = formValues(form);
        const options = v.question_options ? v.question_options.split(",").map((o) => o.trim()) : [];
        save([...questions.map(asSaved), { kind: v.question_kind as Question["kind"], label: v.question_label, required: v.question_required === "on", options }]);
        form.reset();
      }}>
        <FormField id="question_label" label="Question" error={fieldErrors.question_label}>
          {(d) => <input id="question_label" name="question_label" aria-describedby={d} />}
        </FormField>
        <FormField id="question_kind" label="Kind of answer">
          {(d) => <Select id="question_kind" name="question_kind" value="short_text" choices={kinds} aria-describedby={d} />}
        </FormField>
        <FormField id="question_options" label="Options" hint="For choices only; separate with commas." error={fieldErrors.question_options}>
          {(d) => <input id="question_options" name="question_options" aria-describedby={d} />}
        </FormField>
        <Checkboxes name="question_required" idPrefix="question_required" items={[{ value: "on", label: "Required" }]} />
        <div class="actions"><button type="submit" disabled={busy}>Add question</button></div>
      </form>
    </section>
  );
}
