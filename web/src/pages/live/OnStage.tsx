import { askerName } from "./QuestionItem";
import type { LiveQuestion } from "./liveTypes";
import "./OnStage.css";

/** The question the panel is answering now, above everything else in the Q&A. */
export function OnStage({ question }: { question: LiveQuestion | null }) {
  if (!question) return null;
  return (
    <section class="on-stage" aria-labelledby="on-stage-title">
      <h2 id="on-stage-title" class="on-stage__title">Now on stage</h2>
      <blockquote class="on-stage__question">
        <p>{question.body}</p>
      </blockquote>
      <p class="on-stage__asker">{askerName(question)}</p>
    </section>
  );
}
