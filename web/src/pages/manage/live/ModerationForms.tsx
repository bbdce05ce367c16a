import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { ConfirmButton } from "../../../components/ConfirmDialog";
import { Select } from "../../../components/Select";
import { Checkboxes } from "../../../components/Checkboxes";
import type { ModQuestion } from "./types";

/** What each of the card's small forms is given: its question, how to save, how to close. */
type FormProps<T> = { q: ModQuestion; onSave: (value: T) => Promise<void>; onCancel: () => void };

/** A question's text cut to fit a select or a sentence. */
export const short = (s: string) => (s.length > 70 ? `${s.slice(0, 69)}…` : s);
const fieldID = (q: ModQuestion, part: string) => `q-${q.id}-${part}`;

function Buttons({ save, onCancel }: { save: ComponentChildren; onCancel: () => void }) {
  return <div class="part-actions">{save}<button type="button" class="secondary" onClick={onCancel}>Cancel</button></div>;
}

/** New wording for a question; the original stays on record. */
export function EditForm({ q, onSave, onCancel }: FormProps<string>) {
  const id = fieldID(q, "edit");
  return (
    <form class="moderation__form" aria-label="Edit the question" onSubmit={(e) => {
      e.preventDefault();
      onSave(String(new FormData(e.currentTarget).get("body") ?? ""));
    }}>
      <label for={id}>Question</label>
      <span class="hint" id={`${id}-hint`}>What the asker first wrote is kept and shown to moderators.</span>
      <textarea id={id} name="body" rows={3} aria-describedby={`${id}-hint`} defaultValue={q.body} />
      <Buttons save={<button type="submit">Save question</button>} onCancel={onCancel} />
    </form>
  );
}

/** The answer, in writing or said on stage (or both). */
export function AnswerForm({ q, onSave, onCancel }: FormProps<{ answer: string; live: boolean }>) {
  const id = fieldID(q, "answer");
  return (
    <form class="moderation__form" aria-label="Answer the question" onSubmit={(e) => {
      e.preventDefault();
      const v = new FormData(e.currentTarget);
      onSave({ answer: String(v.get("answer") ?? ""), live: v.get("live") === "on" });
    }}>
      <label for={id}>Answer</label>
      <span class="hint" id={`${id}-hint`}>Shown under the question on the live page. It may stay empty when answered live.</span>
      <textarea id={id} name="answer" rows={3} aria-describedby={`${id}-hint`} defaultValue={q.answer} />
      <Checkboxes name="live" idPrefix={`${id}-live`} checked={q.answered_live || q.on_stage ? ["on"] : []}
        items={[{ value: "on", label: "Answered live" }]} />
      <Buttons save={<button type="submit">Save answer</button>} onCancel={onCancel} />
    </form>
  );
}

/** Which question this one joins; asked once more before it happens, as it cannot be undone. */
export function MergeForm({ q, targets, onSave, onCancel }: FormProps<string> & { targets: readonly ModQuestion[] }) {
  const id = fieldID(q, "merge");
  const [into, setInto] = useState(targets[0]?.id ?? "");
  const target = targets.find((t) => t.id === into);
  return (
    <div class="moderation__form" role="group" aria-label="Merge the question">
      <label for={id}>Merge into</label>
      <span class="hint" id={`${id}-hint`}>The other question gains this one’s votes and askers; this one leaves the queue.</span>
      <Select id={id} aria-describedby={`${id}-hint`} value={into} onChange={(e) => setInto(e.currentTarget.value)}
        choices={targets.map((t) => [t.id, short(t.body)] as const)} />
      <Buttons onCancel={onCancel} save={
        <ConfirmButton label="Merge" title="Merge these questions?"
          consequence={() => `“${short(q.body)}” joins “${short(target?.body ?? "")}”: its votes and askers move there and it leaves the queue. This cannot be undone.`}
          confirmLabel="Yes, merge them" keepLabel="No, keep both" onConfirm={() => onSave(into)} />
      } />
    </div>
  );
}

/** Why the question is dismissed; asked once more before it happens. */
export function DismissForm({ q, onSave, onCancel }: FormProps<string>) {
  const id = fieldID(q, "reason");
  const [reason, setReason] = useState("");
  return (
    <div class="moderation__form" role="group" aria-label="Dismiss the question">
      <label for={id}>Reason for dismissing</label>
      <span class="hint" id={`${id}-hint`}>Moderators see it; the asker is not told.</span>
      <textarea id={id} rows={2} aria-describedby={`${id}-hint`} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      <Buttons onCancel={onCancel} save={
        <ConfirmButton class="warning" label="Dismiss question" title="Dismiss this question?"
          consequence={() => `“${short(q.body)}” leaves the queue${reason.trim() ? ` with the reason “${reason.trim()}”` : ""}. It stays under Dismissed.`}
          confirmLabel="Yes, dismiss it" keepLabel="No, keep it" onConfirm={() => onSave(reason.trim())} />
      } />
    </div>
  );
}
