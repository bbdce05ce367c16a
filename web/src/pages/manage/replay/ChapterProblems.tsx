import { useEffect, useRef, useState } from "preact/hooks";
import "./ChapterProblems.css";

type Props = {
  /** The server's sentences, one per broken rule. */
  problems: readonly string[];
  /** How many segments there are: with none, there is nothing to say. */
  count: number;
};

/**
 * Where the segments break the rules players follow for chapters (at
 * least three, the first at 0:00, starts ascending, each at least 10 s,
 * none overlapping), as the server words them. A change after a save is
 * announced; the list itself is read where it stands.
 */
export function ChapterProblems({ problems, count }: Props) {
  const [said, say] = useState("");
  const before = useRef<string | null>(null);
  const now = problems.join("\n");
  useEffect(() => {
    if (before.current !== null && before.current !== now) {
      say(problems.length === 0 ? "The segments now keep the chapter rules."
        : `The chapters track has ${problems.length} ${problems.length === 1 ? "problem" : "problems"}.`);
    }
    before.current = now;
  }, [now]);
  return (
    <>
      <p class="visually-hidden" role="status">{said}</p>
      {count > 0 && problems.length === 0 && (
        <p class="chapter-ok">The segments keep the rules players follow for chapters.</p>
      )}
      {problems.length > 0 && (
        <div class="chapter-problems" role="region" aria-labelledby="chapter-problems-title">
          <h3 id="chapter-problems-title"><span class="chapter-problems__icon" aria-hidden="true">!</span>
            The chapters track will not work in players until these are put right</h3>
          <ul>
            {problems.map((p) => <li key={p}>{p}</li>)}
          </ul>
          <p class="hint">Players such as YouTube's need at least three chapters, the first at 0:00, each at least 10 seconds long, in order and not overlapping. The segments still have their own addresses.</p>
        </div>
      )}
    </>
  );
}
