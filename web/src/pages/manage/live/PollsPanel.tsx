import { useRef, useState } from "preact/hooks";
import { ApiError } from "../../../api/client";
import { ConfirmButton } from "../../../components/ConfirmDialog";
import { Tag, type TagColour } from "../../../components/Tag";
import { plural } from "../../../lib/mail";
import { PollForm } from "./PollForm";
import type { Console } from "./consoleState";
import type { ModPoll } from "./types";
import "./PollsPanel.css";

const statusTags: Record<ModPoll["status"], [string, TagColour]> = { draft: ["Draft", "grey"], open: ["Open", "green"], closed: ["Closed", "blue"] };

/** Each option's votes, in figures and as a bar; moderators see them whether or not the audience does yet. */
export function PollResults({ poll }: { poll: ModPoll }) {
  const total = poll.total ?? poll.options.reduce((n, o) => n + (o.votes ?? 0), 0);
  return (
    <ul class="poll-results">
      {poll.options.map((o) => {
        const votes = o.votes ?? 0;
        const share = total > 0 ? Math.round((votes / total) * 100) : 0;
        return (
          <li key={o.id} class="poll-results__option">
            <span class="poll-results__label">{o.label}</span>
            <span class="poll-results__figure">{plural(votes, "vote")} ({share}%)</span>
            <span class="poll-results__bar" aria-hidden="true"><span style={{ width: `${share}%` }} /></span>
          </li>
        );
      })}
    </ul>
  );
}

/** One poll: what it asks, its state, its results, and the step it can take next. */
function PollItem({ poll, actions, onDeleted }: { poll: ModPoll; actions: Console["actions"]; onDeleted: () => void }) {
  const [error, setError] = useState("");
  const item = useRef<HTMLLIElement>(null);
  const [tag, colour] = statusTags[poll.status];
  // The button pressed is gone once the step is taken (and the list reordered):
  // focus goes to the next step's button, or to the poll's question.
  const then = (next: string) => requestAnimationFrame(() => {
    const button = [...(item.current?.querySelectorAll<HTMLElement>("button") ?? [])].find((b) => b.textContent === next);
    (button ?? item.current?.querySelector<HTMLElement>("h3"))?.focus();
  });
  const attempt = async (work: () => Promise<void>, done: () => void) => {
    setError("");
    try {
      await work();
      done();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "The server could not be reached. Try again.");
    }
  };
  const titleID = `poll-${poll.id}-title`;
  return (
    <li class="poll-item" ref={item}>
      <Tag colour={colour}>{tag}</Tag>
      <h3 id={titleID} class="poll-item__question" tabIndex={-1}>{poll.question}</h3>
      <p class="poll-item__kind">
        {poll.multiple ? "Any number of answers" : "One answer each"} · {poll.results === "live" ? "the audience sees results as votes come in" : "the audience sees results once it closes"}
        {poll.status !== "draft" && poll.total !== null && <> · {plural(poll.total, "voter")}</>}
      </p>
      {poll.status === "draft"
        ? <ul class="poll-item__options">{poll.options.map((o) => <li key={o.id}>{o.label}</li>)}</ul>
        : <PollResults poll={poll} />}
      {error && <p class="field-error" role="alert">{error}</p>}
      <div class="part-actions">
        {poll.status === "draft" && <button type="button" onClick={() => attempt(() => actions.openPoll(poll.id), () => then("Close poll"))}>Open poll</button>}
        {poll.status === "open" && <button type="button" onClick={() => attempt(() => actions.closePoll(poll.id), () => then(""))}>Close poll</button>}
        {poll.status === "draft" && (
          <ConfirmButton class="secondary" label={<>Delete{" "}<span class="visually-hidden">the draft “{poll.question}”</span></>}
            title="Delete this draft poll?" consequence={() => `“${poll.question}” will be deleted. It was never shown to the audience.`}
            confirmLabel="Yes, delete it" keepLabel="No, keep it" onConfirm={() => attempt(() => actions.deletePoll(poll.id), onDeleted)} />
        )}
      </div>
    </li>
  );
}

/** The event's polls, open ones first, with live results; and the form for a new one. */
export function PollsPanel({ con }: { con: Console }) {
  const rank = { open: 0, draft: 1, closed: 2 } as const;
  const polls = [...con.polls.value].sort((a, b) => rank[a.status] - rank[b.status]);
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section class="polls-panel" aria-labelledby="polls-title">
      <h2 id="polls-title" ref={heading} tabIndex={-1}>Polls</h2>
      {polls.length === 0 ? <p>No polls yet. A poll is saved as a draft and shown to the audience when you open it.</p> : (
        <ul class="polls-panel__list">{polls.map((p) => <PollItem key={p.id} poll={p} actions={con.actions} onDeleted={() => heading.current?.focus()} />)}</ul>
      )}
      <PollForm onCreate={con.actions.createPoll} />
    </section>
  );
}
