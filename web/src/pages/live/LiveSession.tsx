import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { AskQuestion } from "./AskQuestion";
import { LiveAnnouncer } from "./LiveAnnouncer";
import { OnStage } from "./OnStage";
import { PollCard } from "./PollCard";
import { QuestionList } from "./QuestionList";
import { createLiveState } from "./liveState";
import { connectLiveStream, type EventSourceFactory } from "./liveStream";
import type { LiveApi } from "./liveApi";
import type { LivePage, LiveQuestion, QuestionOrder } from "./liveTypes";
import "./LiveSession.css";

/** How often the fair order is fetched again: the server ranks it, the page cannot. */
export const fairRefreshMs = 30_000;

type Props = {
  token: string;
  page: LivePage;
  calls: LiveApi;
  /** The event's phase changed (from the stream): reload the page's frame. */
  onPhase: () => void;
  openStream?: EventSourceFactory;
};

/** The session's Q&A and polls, kept current by the page's one stream. */
export function LiveSession({ token, page, calls, onPhase, openStream }: Props) {
  const state = useMemo(createLiveState, [token]);
  const [loaded, setLoaded] = useState<"loading" | "ok" | "failed">("loading");
  const after = page.last_change_id;

  useEffect(() => {
    let stop = () => {};
    let cancelled = false;
    Promise.all([calls.questions(state.order.peek()), calls.polls()]).then(([qs, ps]) => {
      if (cancelled) return;
      state.loadQuestions(qs.items, state.order.peek());
      state.loadPolls(ps.items);
      setLoaded("ok");
      stop = connectLiveStream({ token, after, state, onPhase, open: openStream });
    }).catch(() => { if (!cancelled) setLoaded("failed"); });
    return () => { cancelled = true; stop(); };
  }, [token]);

  const order = state.order.value;
  const changeOrder = useCallback(async (next: QuestionOrder) => {
    const list = await calls.questions(next);
    state.loadQuestions(list.items, next);
  }, [calls]);
  useEffect(() => {
    if (order !== "fair") return;
    const timer = setInterval(() => changeOrder("fair").catch(() => {}), fairRefreshMs);
    return () => clearInterval(timer);
  }, [order]);

  const onVote = useCallback(async (id: string, on: boolean) => state.ownResult(await calls.vote(id, on)), [calls]);
  const onRetract = useCallback(async (q: LiveQuestion) => {
    await calls.retract(q.id);
    state.removeQuestion(q.id);
    document.getElementById("questions-title")?.focus();
  }, [calls]);
  const ask = useCallback(async (body: string, anonymous: boolean) => {
    const q = await calls.ask(body, anonymous);
    state.ownResult(q);
    return q;
  }, [calls]);
  const similar = useCallback(async (q: string) => (await calls.similar(q)).items, [calls]);
  const known = useCallback((id: string) => state.questions.peek().get(id), []);
  const take = useCallback(() => state.takeAnnouncement(), []);

  if (loaded === "failed") return <p role="alert">The questions and polls could not be loaded. Reload the page to try again.</p>;
  if (loaded === "loading") return <p class="muted">Loading the questions and polls…</p>;
  const polls = state.visiblePolls.value;
  const open = page.phase !== "ended";
  return (
    <div class="live-session">
      <LiveAnnouncer take={take} />
      <OnStage question={state.onStage.value} />
      <div class={`live-session__columns${polls.length ? " live-session__columns--polls" : ""}`}>
        {/* First on a phone, where an open poll would otherwise sit below every question. */}
        {polls.length > 0 && (
          <section class="live-session__polls" aria-labelledby="polls-title">
            <h2 id="polls-title">Polls</h2>
            {polls.map((p) => (
              <PollCard key={p.id} poll={p} vote={async (ids) => { const r = await calls.ballot(p.id, ids); state.ownPoll(r); return r; }} />
            ))}
          </section>
        )}
        <div class="live-session__qa">
          {open && page.viewer.may_ask && (
            <AskQuestion moderation={page.moderation} ask={ask} similar={similar} known={known} onVote={onVote} />
          )}
          {open && !page.viewer.may_ask && <p class="notice">Asking questions is not open to you at this event. You can still upvote.</p>}
          <QuestionList questions={state.sorted.value} order={order} onOrder={(o) => changeOrder(o).catch(() => {})}
            onVote={onVote} onRetract={onRetract} />
        </div>
      </div>
    </div>
  );
}
