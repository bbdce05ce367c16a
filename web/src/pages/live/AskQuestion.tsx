import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api/client";
import { Checkboxes } from "../../components/Checkboxes";
import { VoteButton } from "./QuestionItem";
import type { LiveQuestion, SimilarQuestion } from "./liveTypes";
import "./AskQuestion.css";

/** The most characters a question may have (the server's limit too). */
export const maxLength = 500;
/** How long typing must pause before similar questions are looked up. */
export const similarDelayMs = 400;
/** Fewer characters than this say too little to compare. */
const similarMinLength = 8;

/** "You have 12 characters left" / "You have 3 characters too many". */
export function charactersLeft(length: number): string {
  const left = maxLength - length;
  const n = Math.abs(left);
  return `You have ${n} character${n === 1 ? "" : "s"} ${left >= 0 ? "left" : "too many"}`;
}

type Props = {
  moderation: "held" | "published";
  ask: (body: string, anonymous: boolean) => Promise<LiveQuestion>;
  similar: (q: string) => Promise<SimilarQuestion[]>;
  /** A question as the page knows it now (its votes, whether the viewer upvoted it). */
  known: (id: string) => LiveQuestion | undefined;
  onVote: (id: string, on: boolean) => Promise<void>;
};

/** The ask form, with a character count and the similar questions already asked. */
export function AskQuestion({ moderation, ask, similar, known, onVote }: Props) {
  const [body, setBody] = useState("");
  const [error, setError] = useState("");
  const [sent, setSent] = useState("");
  const [busy, setBusy] = useState(false);
  const [suggestions, setSuggestions] = useState<SimilarQuestion[]>([]);
  const [spokenCount, setSpokenCount] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  useSimilar(body, similar, setSuggestions);
  // The count is spoken once typing pauses, not at every key.
  useEffect(() => {
    const timer = setTimeout(() => setSpokenCount(body ? charactersLeft(body.length) : ""), 1000);
    return () => clearTimeout(timer);
  }, [body]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const text = body.trim();
    const problem = !text ? "Enter your question" : text.length > maxLength ? `Your question must be ${maxLength} characters or fewer` : "";
    setSent("");
    setError(problem);
    if (problem) { box.current?.focus(); return; }
    setBusy(true);
    try {
      const q = await ask(text, new FormData(form).get("anonymous") === "on");
      form.reset();
      setBody("");
      setSuggestions([]);
      setSent(q.status === "held"
        ? "Your question was sent to the moderators. Everyone sees it once they approve it."
        : "Your question was published.");
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors.body ?? err.message) : "Your question could not be sent. Try again.");
      box.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const over = body.length > maxLength;
  return (
    <section class="ask" aria-labelledby="ask-title">
      <h2 id="ask-title">Ask a question</h2>
      <form onSubmit={submit} noValidate>
        <div class={`field${error ? " field--error" : ""}`}>
          <label for="question-body">Your question</label>
          <span class="hint" id="question-body-hint">
            {moderation === "held" ? "A moderator reads each question before everyone sees it." : "Everyone sees your question at once."}
          </span>
          {error && <span class="field-error" id="question-body-error"><span class="visually-hidden">Error: </span>{error}</span>}
          <textarea ref={box} id="question-body" name="body" rows={4} value={body} onInput={(e) => { setBody(e.currentTarget.value); setSent(""); }}
            aria-describedby={`question-body-hint question-body-count${error ? " question-body-error" : ""}`} aria-invalid={!!error || over} />
          <span id="question-body-count" class={`ask__count${over ? " field-error" : " hint"}`}>
            {body ? charactersLeft(body.length) : `You can enter up to ${maxLength} characters`}
          </span>
          <span class="visually-hidden" role="status">{spokenCount}</span>
        </div>
        <SimilarList items={suggestions} known={known} onVote={onVote} />
        <Checkboxes name="anonymous" idPrefix="anonymous"
          items={[{ value: "on", label: "Ask anonymously", hint: "Others see “Anonymous”. The moderators still see your name." }]} />
        <div class="actions">
          <button type="submit" disabled={busy}>Send question</button>
        </div>
        <p class="ask__sent" role="status">{sent}</p>
      </form>
    </section>
  );
}

/** Looks up similar questions once typing pauses; the latest answer wins. */
function useSimilar(body: string, similar: Props["similar"], set: (items: SimilarQuestion[]) => void) {
  useEffect(() => {
    const text = body.trim();
    if (text.length < similarMinLength) { set([]); return; }
    let current = true;
    const timer = setTimeout(() => {
      similar(text.slice(0, maxLength)).then((items) => { if (current) set(items); }).catch(() => { /* suggestions are a help, not a need */ });
    }, similarDelayMs);
    return () => { current = false; clearTimeout(timer); };
  }, [body]);
}

/** "Similar questions already asked — upvote instead?" */
function SimilarList({ items, known, onVote }: { items: SimilarQuestion[]; known: Props["known"]; onVote: Props["onVote"] }) {
  return (
    <div class="similar">
      <p class="visually-hidden" role="status">
        {items.length === 0 ? "" : items.length === 1 ? "1 similar question found below." : `${items.length} similar questions found below.`}
      </p>
      {items.length > 0 && (
        <section class="similar__box" aria-labelledby="similar-title">
          <h3 id="similar-title">Similar questions already asked — upvote instead?</h3>
          <ul>
            {items.map((s) => {
              const now = known(s.id);
              return (
              <li key={s.id}>
                <p id={`similar-${s.id}`}>{s.body}</p>
                <VoteButton q={{ id: s.id, votes: now?.votes ?? s.votes, voted: now?.voted ?? false }}
                  describedBy={`similar-${s.id}`} onVote={onVote} />
              </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
