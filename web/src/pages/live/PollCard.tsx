import { useState } from "preact/hooks";
import { ApiError } from "../../api/client";
import { Checkboxes } from "../../components/Checkboxes";
import { Radios } from "../../components/Radios";
import { Tag } from "../../components/Tag";
import type { LivePoll } from "./liveTypes";
import "./PollCard.css";

/** An option's share of the votes, in whole percent. */
export function share(votes: number | null, total: number | null): number {
  return votes && total ? Math.round((votes / total) * 100) : 0;
}

type Props = { poll: LivePoll; vote: (optionIDs: string[]) => Promise<LivePoll> };

/** One poll: its choices and a Vote button while open and unanswered; its results when they are shown. */
export function PollCard({ poll, vote }: Props) {
  const titleID = `poll-${poll.id}-title`;
  const mine = poll.my_choices ?? [];
  const canVote = poll.status === "open" && mine.length === 0;
  return (
    <article class="poll-card" aria-labelledby={titleID}>
      <h3 id={titleID}>{poll.question}</h3>
      <p class="poll-card__status">
        {poll.status === "open" ? <Tag colour="green">Open</Tag> : <Tag>Closed</Tag>}
      </p>
      {canVote && <BallotForm poll={poll} vote={vote} />}
      {mine.length > 0 && (
        <p>You voted: {poll.options.filter((o) => mine.includes(o.id)).map((o) => o.label).join(", ")}.</p>
      )}
      {poll.results_visible
        ? <PollResults poll={poll} />
        : !canVote && <p class="muted">The results are shown when the poll closes.</p>}
    </article>
  );
}

function BallotForm({ poll, vote }: Props) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const name = `poll-${poll.id}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    const chosen = new FormData(e.currentTarget as HTMLFormElement).getAll(name).map(String);
    if (chosen.length === 0) {
      setError(poll.multiple ? "Choose at least one answer" : "Choose an answer");
      return;
    }
    setBusy(true);
    setError("");
    try {
      await vote(chosen);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 409 ? "You have already voted in this poll." :
        err instanceof ApiError ? err.message : "Your vote could not be sent. Try again.");
      setBusy(false);
    }
  };
  const items = poll.options.map((o) => ({ value: o.id, label: o.label }));
  return (
    <form onSubmit={submit} noValidate>
      {poll.multiple
        ? <Checkboxes name={name} idPrefix={name} legend="Choose all that apply" items={items} error={error} />
        : <Radios name={name} idPrefix={name} legend="Choose one answer" items={items} value="" error={error} />}
      <div class="actions">
        <button type="submit" disabled={busy}>Vote<span class="visually-hidden">: {poll.question}</span></button>
      </div>
    </form>
  );
}

/** Each option's votes as a bar and in words; the bar only helps the eye. */
function PollResults({ poll }: { poll: LivePoll }) {
  const total = poll.total ?? 0;
  return (
    <>
      <ul class="poll-results">
        {poll.options.map((o) => {
          const pct = share(o.votes, poll.total);
          return (
            <li key={o.id}>
              <span class="poll-results__label">{o.label}</span>
              <span class="poll-results__figure">{pct}% ({o.votes === 1 ? "1 vote" : `${o.votes ?? 0} votes`})</span>
              <span class="poll-results__bar" aria-hidden="true"><span style={{ width: `${pct}%` }} /></span>
            </li>
          );
        })}
      </ul>
      <p class="muted">{total === 1 ? "1 person voted." : `${total} people voted.`}</p>
    </>
  );
}
