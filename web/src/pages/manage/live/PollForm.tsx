import { useRef, useState } from "preact/hooks";
import { FormField } from "../../../components/FormField";
import { Radios } from "../../../components/Radios";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { useSubmit } from "../../../lib/forms";
import type { PollInput } from "./types";
import "./PollForm.css";

const labels = { question: "Poll question", options: "Options", multiple: "Answers", results: "Results" };

/**
 * A new poll, saved as a draft: its question, its options (two to start;
 * more added and removed in place, unsaved, so removing needs no
 * confirmation), single or multiple choice, results live or after closing.
 */
export function PollForm({ onCreate }: { onCreate: (p: PollInput) => Promise<void> }) {
  const [options, setOptions] = useState<{ key: number; text: string }[]>([{ key: 1, text: "" }, { key: 2, text: "" }]);
  const [said, say] = useState("");
  const nextKey = useRef(3);
  const form = useRef<HTMLFormElement>(null);
  const { errors, message, busy, submit } = useSubmit();
  const focusOption = (i: number) => requestAnimationFrame(() => form.current?.querySelector<HTMLInputElement>(`#poll-option-${i + 1}`)?.focus());
  // "options[1]" and the like all point at the options.
  const fieldErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^options(\[\d+\]|\.\d+)$/, "options"), v]));

  return (
    <form ref={form} class="poll-form" noValidate aria-labelledby="poll-form-title" onSubmit={(e) => {
      e.preventDefault();
      const v = new FormData(e.currentTarget);
      say("");
      submit(async () => {
        await onCreate({
          question: String(v.get("question") ?? "").trim(),
          options: options.map((o) => o.text.trim()).filter(Boolean),
          multiple: v.get("multiple") === "multiple",
          results: v.get("results") === "closed" ? "closed" : "live",
        });
        form.current?.reset();
        setOptions([{ key: nextKey.current++, text: "" }, { key: nextKey.current++, text: "" }]);
        say("Poll saved as a draft. Open it when the audience should answer.");
      });
    }}>
      <h3 id="poll-form-title">New poll</h3>
      <ErrorSummary message={message} errors={fieldErrors} labels={labels} />
      <FormField id="question" label={labels.question} error={fieldErrors.question}>
        {(d) => <input id="question" name="question" type="text" maxLength={300} aria-describedby={d} />}
      </FormField>
      <fieldset class={`poll-form__options${fieldErrors.options ? " field--error" : ""}`} id="options"
        aria-describedby={fieldErrors.options ? "options-error" : undefined}>
        <legend>Options</legend>
        {fieldErrors.options && <span id="options-error" class="field-error"><span class="visually-hidden">Error: </span>{fieldErrors.options}</span>}
        <ol class="poll-form__list">
          {options.map((o, i) => (
            <li key={o.key} class="poll-form__option">
              <label for={`poll-option-${i + 1}`} class="visually-hidden">Option {i + 1}</label>
              <input id={`poll-option-${i + 1}`} type="text" maxLength={200} value={o.text}
                onInput={(e) => { const text = e.currentTarget.value; setOptions((list) => list.map((x) => (x.key === o.key ? { ...x, text } : x))); }} />
              {options.length > 2 && (
                <button type="button" class="secondary" onClick={() => {
                  setOptions((list) => list.filter((x) => x.key !== o.key));
                  say(`Option ${i + 1} removed.`);
                  focusOption(Math.max(0, i - 1));
                }}>Remove{" "}<span class="visually-hidden">option {i + 1}</span></button>
              )}
            </li>
          ))}
        </ol>
        {options.length < 10 && (
          <button type="button" class="secondary" onClick={() => {
            setOptions((list) => [...list, { key: nextKey.current++, text: "" }]);
            focusOption(options.length);
          }}>Add another option</button>
        )}
      </fieldset>
      <Radios name="multiple" idPrefix="multiple" legend="Answers" value="single" error={fieldErrors.multiple}
        items={[{ value: "single", label: "One answer each" }, { value: "multiple", label: "Any number of answers" }]} />
      <Radios name="results" idPrefix="results" legend="Results" value="live" error={fieldErrors.results}
        items={[{ value: "live", label: "Shown to the audience as votes come in" }, { value: "closed", label: "Shown once the poll is closed" }]} />
      <div class="actions">
        <button type="submit" disabled={busy}>Save poll</button>
        <span role="status">{said}</span>
      </div>
    </form>
  );
}
