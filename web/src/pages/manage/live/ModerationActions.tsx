import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../../../api/client";
import { ConfirmButton } from "../../../components/ConfirmDialog";
import { AnswerForm, DismissForm, EditForm, MergeForm } from "./ModerationForms";
import type { Console } from "./consoleState";
import type { ModQuestion } from "./types";
import "./ModerationActions.css";

type Mode = "edit" | "answer" | "merge" | "dismiss" | null;

type Props = {
  q: ModQuestion;
  actions: Console["actions"];
  /** The questions this one may be merged into. */
  targets: readonly ModQuestion[];
  /** Runs an action that may take the card out of the list shown; the queue then moves focus on. */
  run: (id: string, work: () => Promise<void>) => Promise<void>;
};

/**
 * What a moderator can do to a question in its state. Edit, answer, merge
 * and dismiss open a small form in the card (focus goes to its first
 * field, and back to the button when it closes); dismissing, merging and
 * blocking ask first.
 */
export function ModerationActions({ q, actions, targets, run }: Props) {
  const [mode, setMode] = useState<Mode>(null);
  const [error, setError] = useState("");
  const box = useRef<HTMLDivElement>(null);
  const opener = useRef<Mode>(null);
  // The button to focus once blocking or unblocking has redrawn the row: the one that undoes it.
  const [refocus, setRefocus] = useState<string | null>(null);

  useEffect(() => {
    if (mode) box.current?.querySelector<HTMLElement>("textarea, select")?.focus();
    else if (opener.current) box.current?.querySelector<HTMLElement>(`[data-mode="${opener.current}"]`)?.focus();
  }, [mode]);

  useEffect(() => {
    if (!refocus) return;
    setRefocus(null);
    [...(box.current?.querySelectorAll<HTMLElement>("button") ?? [])].find((b) => b.textContent === refocus)?.focus();
  }, [refocus]);

  const open = (m: Mode) => { opener.current = m; setError(""); setMode(m); };
  const close = () => setMode(null);
  const attempt = (work: () => Promise<void>, done?: () => void) => run(q.id, async () => {
    setError("");
    try {
      await work();
      done?.();
    } catch (e) {
      setError(e instanceof ApiError ? Object.values(e.fieldErrors)[0] ?? e.message : "The server could not be reached. Try again.");
      throw e;
    }
  });
  const live = q.status === "published" || q.status === "answered";
  const askerID = q.registration_id; // null once the asker's registration is gone: nobody left to block
  const mergeTargets = targets.filter((t) => t.id !== q.id && t.status !== "dismissed");

  return (
    <div class="moderation" ref={box}>
      {error && <p class="field-error" role="alert">{error}</p>}
      {mode === null && (
        <div class="part-actions moderation__buttons">
          {q.status === "held" && <button type="button" onClick={() => attempt(() => actions.approve(q.id))}>Approve</button>}
          {live && (q.on_stage
            ? <button type="button" class="secondary" onClick={() => attempt(() => actions.stage(null))}>Take off stage</button>
            : <button type="button" class="secondary" onClick={() => attempt(() => actions.stage(q.id))}>Put on stage</button>)}
          {live && <button type="button" class="secondary" data-mode="answer" onClick={() => open("answer")}>{q.status === "answered" ? "Change answer" : "Answer"}</button>}
          {q.status !== "dismissed" && <button type="button" class="secondary" data-mode="edit" onClick={() => open("edit")}>Edit</button>}
          {(q.status === "held" || q.status === "published") && mergeTargets.length > 0 && <button type="button" class="secondary" data-mode="merge" onClick={() => open("merge")}>Merge into…</button>}
          {q.status !== "dismissed" && <button type="button" class="secondary" data-mode="dismiss" onClick={() => open("dismiss")}>Dismiss</button>}
          {askerID && (q.blocked
            ? <button type="button" class="secondary" onClick={() => attempt(() => actions.block(askerID, false), () => setRefocus("Block asker"))}>Unblock asker</button>
            : <ConfirmButton class="secondary" label="Block asker" title={`Block ${q.asker.name} from asking?`}
                consequence={() => `${q.asker.name} will not be able to ask more questions during this event. Their questions so far stay as they are. You can unblock them later.`}
                confirmLabel="Yes, block them" keepLabel="No, keep them" onConfirm={() => attempt(() => actions.block(askerID, true), () => setRefocus("Unblock asker"))} />)}
        </div>
      )}
      {mode === "edit" && <EditForm q={q} onCancel={close} onSave={(body) => attempt(() => actions.edit(q.id, body), close)} />}
      {mode === "answer" && <AnswerForm q={q} onCancel={close} onSave={(a) => attempt(() => actions.answer(q.id, a.answer, a.live), close)} />}
      {mode === "merge" && <MergeForm q={q} targets={mergeTargets} onCancel={close} onSave={(into) => attempt(() => actions.merge(q.id, into), close)} />}
      {mode === "dismiss" && <DismissForm q={q} onCancel={close} onSave={(reason) => attempt(() => actions.dismiss(q.id, reason), close)} />}
    </div>
  );
}
