// The live page's state: questions, polls and the question on stage, kept
// in signals that the page's first requests fill and the stream's messages
// update. The stream speaks to every viewer alike, so its messages never
// say whether a question is the viewer's own or voted for by them: the
// state keeps what it learnt of that from the viewer's own requests.
import { batch, computed, signal } from "@preact/signals";
import type { LivePoll, LiveQuestion, QuestionOrder } from "./liveTypes";

/** What the next polite announcement will say, gathered between flushes. */
type Pending = { newQuestions: number; ownPublished: number; staged: boolean };

/** Builds one page's live state. */
export function createLiveState() {
  const questions = signal<Map<string, LiveQuestion>>(new Map());
  /** The server's rank of each question in the fair order, as last fetched. */
  const fairRank = signal<Map<string, number>>(new Map());
  const order = signal<QuestionOrder>("votes");
  const polls = signal<Map<string, LivePoll>>(new Map());
  const stageID = signal<string | null>(null);
  let pending: Pending = { newQuestions: 0, ownPublished: 0, staged: false };

  const setQuestions = (next: Map<string, LiveQuestion>) => { questions.value = next; };

  /** Visible questions in the chosen order. */
  const sorted = computed(() => sortQuestions([...questions.value.values()], order.value, fairRank.value));
  const onStage = computed(() => (stageID.value ? questions.value.get(stageID.value) ?? null : null));
  const visiblePolls = computed(() => [...polls.value.values()].filter((p) => p.status === "open" || p.results_visible));

  return {
    questions, order, polls, stageID, sorted, onStage, visiblePolls,

    /** The list as fetched in an order: it replaces what was known. */
    loadQuestions(items: LiveQuestion[], fetchedOrder: QuestionOrder) {
      batch(() => {
        setQuestions(new Map(items.map((q) => [q.id, q])));
        if (fetchedOrder === "fair") fairRank.value = new Map(items.map((q, i) => [q.id, i]));
        order.value = fetchedOrder;
        stageID.value = items.find((q) => q.on_stage)?.id ?? null;
      });
    },

    /** A question as the viewer's own request returned it: the whole truth, mine and voted included. */
    ownResult(q: LiveQuestion) {
      setQuestions(new Map(questions.value).set(q.id, q));
    },

    /** A question from the stream: it keeps the viewer's own mine and voted. */
    remoteQuestion(q: LiveQuestion) {
      const known = questions.value.get(q.id);
      if (!known && q.status === "held") return; // someone else's, not for this viewer
      const merged = known ? { ...q, mine: known.mine, voted: known.voted } : q;
      if (!known) pending.newQuestions++;
      else if (known.mine && known.status === "held" && q.status !== "held") pending.ownPublished++;
      batch(() => {
        setQuestions(new Map(questions.value).set(q.id, merged));
        if (q.on_stage) stageID.value = q.id;
        else if (stageID.value === q.id) stageID.value = null;
      });
    },

    removeQuestion(id: string) {
      if (!questions.value.has(id)) return;
      const next = new Map(questions.value);
      next.delete(id);
      batch(() => {
        setQuestions(next);
        if (stageID.value === id) stageID.value = null;
      });
    },

    setStage(id: string | null) {
      if (id && id !== stageID.value) pending.staged = true;
      stageID.value = id;
    },

    loadPolls(items: LivePoll[]) {
      polls.value = new Map(items.map((p) => [p.id, p]));
    },

    /** A poll from the stream, which never carries the viewer's choices. */
    remotePoll(p: LivePoll) {
      const known = polls.value.get(p.id);
      polls.value = new Map(polls.value).set(p.id, { ...p, my_choices: known?.my_choices ?? p.my_choices ?? [] });
    },

    ownPoll(p: LivePoll) {
      polls.value = new Map(polls.value).set(p.id, p);
    },

    /** What happened since the last call, in one short sentence (or ""), and forgets it. */
    takeAnnouncement(): string {
      const said = announcement(pending);
      pending = { newQuestions: 0, ownPublished: 0, staged: false };
      return said;
    },
  };
}

export type LiveState = ReturnType<typeof createLiveState>;

/** "3 new questions. Your question was published. A question is now on stage." */
export function announcement(p: Pending): string {
  const parts: string[] = [];
  if (p.newQuestions > 0) parts.push(p.newQuestions === 1 ? "1 new question." : `${p.newQuestions} new questions.`);
  if (p.ownPublished > 0) parts.push(p.ownPublished === 1 ? "Your question was published." : "Your questions were published.");
  if (p.staged) parts.push("A question is now on stage.");
  return parts.join(" ");
}

/**
 * Questions in an order. Most votes and newest are sorted here, so they
 * stay right as votes arrive; fair keeps the server's rank (it weighs
 * views and organisations the page does not know), with questions that
 * arrived since at the end, newest last.
 */
export function sortQuestions(items: LiveQuestion[], order: QuestionOrder, fairRank: Map<string, number>): LiveQuestion[] {
  const newest = (a: LiveQuestion, b: LiveQuestion) => b.created_at.localeCompare(a.created_at) || a.id.localeCompare(b.id);
  const byOrder: Record<QuestionOrder, (a: LiveQuestion, b: LiveQuestion) => number> = {
    votes: (a, b) => b.votes - a.votes || -newest(a, b),
    newest,
    fair: (a, b) => {
      const ra = fairRank.get(a.id) ?? Infinity, rb = fairRank.get(b.id) ?? Infinity;
      return ra === rb ? -newest(a, b) : ra - rb;
    },
  };
  return items.sort(byOrder[order]);
}
