import { useState } from "preact/hooks";
import { ApiError } from "../../api/client";
import { ConfirmButton } from "../../components/ConfirmDialog";
import { Tag } from "../../components/Tag";
import type { LiveQuestion } from "./liveTypes";

/** "Ada Lovelace, Analytical Engines" or "Anonymous". */
export function askerName(q: Pick<LiveQuestion, "asker">): string {
  if (!q.asker) return "Anonymous";
  return q.asker.organisation ? `${q.asker.name}, ${q.asker.organisation}` : q.asker.name;
}

type Actions = {
  onVote: (id: string, on: boolean) => Promise<void>;
  onRetract: (q: LiveQuestion) => Promise<void>;
};

/** One question: what was asked, by whom, its votes and answer, and what the viewer may do with it. */
export function QuestionItem({ q, onVote, onRetract }: { q: LiveQuestion } & Actions) {
  const bodyID = `question-${q.id}-body`;
  const held = q.status === "held";
  return (
    <li class={`question${q.on_stage ? " question--on-stage" : ""}`}>
      <p class="question__body" id={bodyID}>{q.body}</p>
      <p class="question__meta">
        <span>{askerName(q)}</span>
        {q.mine && <Tag colour="blue">Yours</Tag>}
        {held && <Tag colour="yellow">Awaiting moderation</Tag>}
        {q.status === "answered" && <Tag colour="green">{q.answered_live ? "Answered live" : "Answered"}</Tag>}
        {q.on_stage && <Tag colour="purple">On stage</Tag>}
      </p>
      {q.status === "answered" && q.answer && (
        <div class="question__answer">
          <p class="question__answer-label">Answer</p>
          <p>{q.answer}</p>
        </div>
      )}
      <div class="part-actions question__actions">
        {!held && <VoteButton q={q} describedBy={bodyID} onVote={onVote} />}
        {held && <span class="muted">Only you see it until a moderator approves it.</span>}
        {q.mine && (
          <ConfirmButton class="secondary" label={<>Retract<span class="visually-hidden"> your question</span></>}
            title="Retract your question?" confirmLabel="Retract question" keepLabel="Keep question"
            consequence={() => "It is removed for everyone, with its votes. You cannot undo this."}
            onConfirm={() => onRetract(q)} />
        )}
      </div>
    </li>
  );
}

/** A toggle: pressed when the viewer has upvoted; the count beside it says how many did. */
export function VoteButton({ q, describedBy, onVote }: { q: Pick<LiveQuestion, "id" | "votes" | "voted">; describedBy: string; onVote: Actions["onVote"] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const toggle = async () => {
    setBusy(true);
    setError("");
    try {
      await onVote(q.id, !q.voted);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Your vote could not be saved. Try again.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="vote">
      <button type="button" class={`secondary vote__button${q.voted ? " vote__button--on" : ""}`} aria-pressed={q.voted}
        aria-describedby={describedBy} disabled={busy} onClick={toggle}>
        <span aria-hidden="true">▲ </span>Upvote
      </button>
      <span class="vote__count">{q.votes === 1 ? "1 vote" : `${q.votes} votes`}</span>
      {error && <span class="field-error" role="alert">{error}</span>}
    </span>
  );
}
