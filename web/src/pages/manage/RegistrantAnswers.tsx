import { useState } from "preact/hooks";
import type { Schemas } from "../../api/client";

type Question = Schemas["Question"];

/** How long an answer may be before it folds behind "Show the whole answer". */
const foldAfter = 160;

/** A registrant's answers to the form's questions, each under its label, in
 *  the form's order; long answers fold so that the row stays readable. */
export function RegistrantAnswers({ answers, questions }: { answers: Record<string, unknown>; questions: Question[] }) {
  const given = questions.filter((q) => answerText(answers[q.id]) !== "");
  if (given.length === 0) return <span class="muted">No answers</span>;
  return (
    <dl class="registrant-answers">
      {given.map((q) => {
        const text = answerText(answers[q.id]);
        return (
          <div key={q.id}>
            <dt>{q.label}</dt>
            <dd>{text.length <= foldAfter ? text : <LongAnswer text={text} />}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/** A long answer: its start, then the whole of it once asked for (the
 *  start is not repeated above it). */
function LongAnswer({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {open ? <span class="registrant-answers__more">Show less</span>
          : <>{text.slice(0, foldAfter - 40).trimEnd()}… <span class="registrant-answers__more">Show the whole answer</span></>}
      </summary>
      <p>{text}</p>
    </details>
  );
}

/** An answer in words: a choice list joined, a checkbox as yes or no. */
export function answerText(value: unknown): string {
  if (value === true) return "Yes";
  if (value === false) return "No";
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (value === null || value === undefined) return "";
  return String(value).trim();
}
