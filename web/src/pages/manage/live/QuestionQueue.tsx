import { useRef, useState } from "preact/hooks";
import { QuestionCard } from "./QuestionCard";
import { ModerationActions } from "./ModerationActions";
import { OrderSwitch } from "./OrderSwitch";
import { queueStatuses, type Console } from "./consoleState";
import type { QuestionStatus } from "./types";
import "./QuestionQueue.css";

const statusNames: Record<QuestionStatus, string> = { held: "Held", published: "Published", answered: "Answered", dismissed: "Dismissed" };
const emptyNames: Record<QuestionStatus, string> = {
  held: "No questions are waiting for approval.",
  published: "No published questions yet.",
  answered: "No questions have been answered yet.",
  dismissed: "No questions have been dismissed.",
};

/** Waits for the next frame, after Preact has drawn a change. */
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/**
 * The questions of one status at a time, with each status's count, in the
 * order chosen. When an action takes a card out of the list shown (approved,
 * answered, merged, dismissed), focus moves to the card that took its
 * place, or to the previous one, or to the list's heading when it is empty.
 */
export function QuestionQueue({ con }: { con: Console }) {
  const [status, setStatus] = useState<QuestionStatus>("held");
  const list = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const all = con.questions.value;
  const visible = all.filter((q) => q.status === status);
  const counts = con.counts.value;

  const run = async (id: string, work: () => Promise<void>) => {
    const cards = () => [...(list.current?.querySelectorAll<HTMLElement>("[data-question]") ?? [])];
    const at = cards().findIndex((c) => c.dataset.question === id);
    try {
      await work();
    } catch {
      return; // the card says what went wrong, and focus stays where it was
    }
    await nextFrame();
    const now = cards();
    if (now.some((c) => c.dataset.question === id)) return;
    const next = now[Math.min(at, now.length - 1)];
    if (next) next.focus();
    else heading.current?.focus();
  };

  return (
    <section class="queue" aria-labelledby="queue-title">
      <h2 id="queue-title">Questions</h2>
      <OrderSwitch order={con.order.value} explanation={con.explanation.value} onChange={(o) => { con.setOrder(o).catch(() => {}); }} />
      <div class="queue__filter" role="group" aria-label="Show questions">
        {queueStatuses.map((s) => (
          <button key={s} type="button" class="secondary" aria-pressed={status === s ? "true" : "false"} onClick={() => setStatus(s)}>
            {statusNames[s]} <span class="queue__count">{counts[s]}</span>
          </button>
        ))}
      </div>
      <div ref={list}>
        <h3 ref={heading} tabIndex={-1} class="queue__heading">{statusNames[status]} questions</h3>
        {visible.length === 0 ? <p>{emptyNames[status]}</p> : (
          <ol class="queue__list">
            {visible.map((q) => (
              <li key={q.id}>
                <QuestionCard q={q}>
                  <ModerationActions q={q} actions={con.actions} targets={all} run={run} />
                </QuestionCard>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
