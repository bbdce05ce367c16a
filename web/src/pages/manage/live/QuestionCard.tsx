import type { ComponentChildren } from "preact";
import { sectorNames } from "../../../lib/sectors";
import { plural } from "../../../lib/mail";
import { Tag } from "../../../components/Tag";
import type { Asker, ModQuestion } from "./types";
import "./QuestionCard.css";

const who = (a: Asker) => (a.organisation ? `${a.name} (${a.organisation})` : a.name);

/** The askers merged in, without the question's own asker. */
export function mergedAskers(q: ModQuestion): Asker[] {
  let ownSkipped = false;
  return q.askers.filter((a) => {
    if (!ownSkipped && a.name === q.asker.name && a.organisation === q.asker.organisation) {
      ownSkipped = true;
      return false;
    }
    return true;
  });
}

/**
 * One question as a moderator reads it: what was asked (and what the
 * asker first wrote, when edited), who asked it, even when they asked
 * anonymously, its votes, the askers merged into it, its answer or the
 * reason it was dismissed; the actions come as children.
 */
export function QuestionCard({ q, children }: { q: ModQuestion; children?: ComponentChildren }) {
  const titleID = `question-${q.id}-body`;
  const others = mergedAskers(q);
  return (
    <article class={`question-card${q.on_stage ? " question-card--stage" : ""}`} aria-labelledby={titleID} tabIndex={-1} data-question={q.id}>
      <div class="question-card__tags">
        {q.on_stage && <Tag colour="green">On stage</Tag>}
        {q.anonymous && <Tag colour="purple">Asked anonymously</Tag>}
        {q.blocked && <Tag colour="red">Asker blocked</Tag>}
        {q.status === "answered" && <Tag colour="blue">{q.answered_live ? "Answered live" : "Answered"}</Tag>}
      </div>
      <h3 id={titleID} class="question-card__body">{q.body}</h3>
      {q.edited && <p class="question-card__original">Edited — original: “{q.original_body}”</p>}
      <p class="question-card__asker">
        <span class="visually-hidden">Asked by </span>
        <strong>{q.asker.name}</strong>
        {q.asker.organisation && <>, {q.asker.organisation}</>}
        {q.sector && <>, {sectorNames[q.sector] ?? q.sector}</>}
        {q.email && <> · <span class="question-card__email">{q.email}</span></>}
      </p>
      <p class="question-card__votes">{plural(q.votes, "vote")}</p>
      {others.length > 0 && <p class="question-card__merged">Also asked by {others.map(who).join("; ")}</p>}
      {q.status === "answered" && q.answer && <p class="question-card__answer"><strong>Answer:</strong> {q.answer}</p>}
      {q.status === "dismissed" && <p class="question-card__reason"><strong>Dismissed:</strong> {q.dismiss_reason || "no reason given"}</p>}
      {children}
    </article>
  );
}
