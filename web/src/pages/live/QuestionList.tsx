import { useState } from "preact/hooks";
import { Radios } from "../../components/Radios";
import { QuestionItem } from "./QuestionItem";
import type { LiveQuestion, QuestionOrder } from "./liveTypes";
import "./QuestionList.css";

/** The one sentence that says how the fair order works. */
export const fairExplanation =
  "Fair ranks by the share of people who upvoted a question among those who saw it, not by raw counts, and mixes organisations so that no one organisation fills the top.";

const orders = [
  { value: "votes", label: "Most votes" },
  { value: "newest", label: "Newest" },
  { value: "fair", label: "Fair" },
] as const;

/**
 * The order to show: the sorted one, or, while the reader's focus is in the
 * list, the order they last saw with newcomers at the end, so that a vote
 * arriving does not move the question under their cursor.
 */
export function displayOrder(sorted: string[], frozen: string[] | null): string[] {
  if (!frozen) return sorted;
  const present = new Set(sorted);
  const kept = frozen.filter((id) => present.has(id));
  const seen = new Set(kept);
  return [...kept, ...sorted.filter((id) => !seen.has(id))];
}

type Props = {
  questions: LiveQuestion[];
  order: QuestionOrder;
  onOrder: (order: QuestionOrder) => void;
  onVote: (id: string, on: boolean) => Promise<void>;
  onRetract: (q: LiveQuestion) => Promise<void>;
};

/** The questions asked so far, in the order the viewer chose. */
export function QuestionList({ questions, order, onOrder, onVote, onRetract }: Props) {
  const [frozen, setFrozen] = useState<string[] | null>(null);
  const byID = new Map(questions.map((q) => [q.id, q]));
  const shown = displayOrder(questions.map((q) => q.id), frozen);
  return (
    <section class="question-list" aria-labelledby="questions-title">
      <h2 id="questions-title" tabIndex={-1}>Questions <span class="question-list__count">({questions.length})</span></h2>
      <form class="question-list__order" onChange={(e) => onOrder((e.target as HTMLInputElement).value as QuestionOrder)}
        onSubmit={(e) => e.preventDefault()}>
        <Radios name="order" idPrefix="question-order" legend="Order" hint={fairExplanation} value={order} items={orders} />
      </form>
      {questions.length === 0
        ? <p class="muted">No questions yet. Ask the first one.</p>
        : (
          <ol class="question-list__items"
            onFocusIn={() => setFrozen((f) => f ?? shown)}
            onFocusOut={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFrozen(null); }}>
            {shown.map((id) => byID.get(id)).filter((q): q is LiveQuestion => !!q)
              .map((q) => <QuestionItem key={q.id} q={q} onVote={onVote} onRetract={onRetract} />)}
          </ol>
        )}
    </section>
  );
}
