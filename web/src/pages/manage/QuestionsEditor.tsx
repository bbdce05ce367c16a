import { useEffect, useState } from "preact/hooks";
import { api, type EventDetail, type Schemas } from "../../api/client";
import { formValues, useSubmit } from "../../lib/forms";
import { FormField } from "../../components/FormField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Select, type Choice } from "../../components/Select";
import { ConfirmButton } from "../../components/ConfirmDialog";

type Question = Schemas["Question"];
/** A question as saved: with its id when it is one already saved, so it keeps its answers. */
type QuestionInput = Schemas["QuestionsRequest"]["questions"][number];
const kinds: Choice[] = [["short_text", "Short text"], ["long_text", "Long text"], ["single_choice", "One choice"],
  ["multiple_choice", "Several choices"], ["checkbox", "A box to tick"]];
const approvals: Choice[] = [["open", "Everyone"], ["domains", "Email addresses at the domains below"], ["manual", "Nobody: I approve each one"]];

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
          <FormField id="approval" label="Who gets a place without your approval">
            {(d) => <Select id="approval" name="approval" value={settings.approval} choices={approvals} aria-describedby={d} />}
          </FormField>
          <FormField id="approved_domains" label="Approved domains" hint="Separate with commas, like gov.uk, nhs.uk, *.gov.scot" error={errors.approved_domains}>
            {(d) => <input id="approved_domains" name="approved_domains" defaultValue={settings.approved_domains.join(", ")} aria-describedby={d} />}
          </FormField>
          <div class="actions"><button type="submit" class="secondary" disabled={busy}>Save admission</button></div>
        </form>
      )}
      <h3>Your questions</h3>
      {questions.length === 0 && <p>The form asks only the standard questions.</p>}
      <ol class="part-list">
        {questions.map((q, i) => (
          <li key={q.id}>
            <span>{q.label} <span class="muted">({kinds.find(([k]) => k === q.kind)?.[1]}{q.required ? ", required" : ""}{q.options.length ? `: ${q.options.join(", ")}` : ""})</span></span>
            <ConfirmButton class="secondary" disabled={busy} label={<>Remove<span class="visually-hidden"> {q.label}</span></>}
              title={`Remove “${q.label}” from the form?`}
              consequence={() => "The question comes off the registration form, and the answers already given to it are deleted from every registration. Adding it again does not bring them back."}
              confirmLabel="Yes, remove it" keepLabel="Keep the question"
              onConfirm={() => save(questions.filter((_, j) => j !== i).map(asSaved))} />
          </li>
        ))}
      </ol>
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
        <div class="checkbox">
          <input type="checkbox" id="question_required" name="question_required" />
          <label for="question_required">Required</label>
        </div>
        <div class="actions"><button type="submit" disabled={busy}>Add question</button></div>
      </form>
    </section>
  );
}
