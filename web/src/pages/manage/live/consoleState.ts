// The moderator console's state: the questions, the polls and the stage as
// @preact/signals, loaded once and then kept current by one EventSource on
// the moderator stream. Every action goes through here, so a card and the
// stream never disagree about a question.
import { batch, computed, signal } from "@preact/signals";
import { api } from "../../../api/client";
import type { ModPoll, ModQuestion, ModQuestionList, Order, PollInput, QuestionStatus } from "./types";

/** The statuses the queue shows, in its order. */
export const queueStatuses: readonly QuestionStatus[] = ["held", "published", "answered", "dismissed"];

/** How long new held questions are gathered before one announcement says how many came. */
export const announceAfterMs = 4000;

/** Questions in the order chosen; "fair" keeps the server's ranking, which only it can compute. */
export function arrange(list: readonly ModQuestion[], order: Order): ModQuestion[] {
  const time = (q: ModQuestion) => Date.parse(q.created_at);
  if (order === "votes") return [...list].sort((a, b) => b.votes - a.votes || time(a) - time(b));
  if (order === "newest") return [...list].sort((a, b) => time(b) - time(a));
  return [...list];
}

const shown = (q: ModQuestion) => (queueStatuses as readonly string[]).includes(q.status);

/** "1 new question is", "3 new questions are" waiting for approval. */
export function heldAnnouncement(n: number): string {
  return n === 1 ? "1 new question is waiting for approval." : `${n} new questions are waiting for approval.`;
}

/** The console of one event; start() loads it and opens the stream, stop() closes it. */
export function createConsole(eventID: string) {
  const base = `/api/v1/manage/events/${eventID}/live`;
  const questions = signal<ModQuestion[]>([]);
  const order = signal<Order>("votes");
  const explanation = signal("");
  const polls = signal<ModPoll[]>([]);
  const loaded = signal(false);
  const failed = signal("");
  const announcement = signal("");
  const connection = signal<"connecting" | "open" | "lost">("connecting");
  /** Bumped by an "event" message (the event's phase changed): figures that depend on it are read again. */
  const phaseChanges = signal(0);
  const counts = computed(() => Object.fromEntries(queueStatuses.map((s) => [s, questions.value.filter((q) => q.status === s).length])) as Record<QuestionStatus, number>);

  let lastChange = 0;
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let newHeld = 0;
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  let refairTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function loadQuestions() {
    const list = await api.get<ModQuestionList>(`${base}/questions?status=all&order=${order.value}`);
    batch(() => {
      questions.value = arrange(list.items.filter(shown), order.value);
      explanation.value = list.fair_explanation;
    });
    lastChange = Math.max(lastChange, list.last_change_id);
  }

  async function loadPolls() {
    polls.value = (await api.get<{ items: ModPoll[] }>(`${base}/polls`)).items;
  }

  function announceHeld() {
    newHeld++;
    if (announceTimer) return;
    announceTimer = setTimeout(() => {
      announcement.value = heldAnnouncement(newHeld);
      newHeld = 0;
      announceTimer = undefined;
    }, announceAfterMs);
  }

  /** Puts a question as the server now has it into the list, or takes it out once merged or retracted. */
  function upsert(q: ModQuestion, fromStream = false) {
    const list = questions.value;
    const at = list.findIndex((x) => x.id === q.id);
    if (!shown(q)) {
      if (at >= 0) questions.value = list.filter((x) => x.id !== q.id);
      return;
    }
    if (at < 0 && fromStream && q.status === "held") announceHeld();
    const next = at >= 0 ? list.map((x) => (x.id === q.id ? q : x)) : [...list, q];
    questions.value = arrange(next, order.value);
    if (order.value === "fair" && fromStream) {
      // Fair ranks by votes to views across organisations: ask the server again, once things settle.
      clearTimeout(refairTimer);
      refairTimer = setTimeout(() => { loadQuestions().catch(() => {}); }, 3000);
    }
  }

  function setStage(id: string | null) {
    questions.value = questions.value.map((q) => (q.on_stage === (q.id === id) ? q : { ...q, on_stage: q.id === id }));
  }

  function upsertPoll(p: ModPoll) {
    const list = polls.value;
    polls.value = list.some((x) => x.id === p.id) ? list.map((x) => (x.id === p.id ? p : x)) : [...list, p];
  }

  /** Applies one stream message. */
  function apply(type: string, data: unknown) {
    if (type === "question") upsert(data as ModQuestion, true);
    else if (type === "question_removed") questions.value = questions.value.filter((q) => q.id !== (data as { id: string }).id);
    else if (type === "poll") upsertPoll(data as ModPoll);
    else if (type === "stage") setStage((data as { question_id: string | null }).question_id);
    else if (type === "event") phaseChanges.value++;
  }

  function connect() {
    if (stopped || typeof EventSource === "undefined") return;
    connection.value = "connecting";
    const es = new EventSource(`${base}/stream?after=${lastChange}`);
    source = es;
    es.onopen = () => { connection.value = "open"; };
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED) { connection.value = "connecting"; return; }
      // The browser gave up (the server answered with an error): try again later from the last change seen.
      connection.value = "lost";
      retry = setTimeout(connect, 5000);
    };
    for (const type of ["question", "question_removed", "poll", "stage", "event"]) {
      es.addEventListener(type, (m) => {
        const msg = m as MessageEvent<string>;
        if (msg.lastEventId) lastChange = Math.max(lastChange, Number(msg.lastEventId) || 0);
        apply(type, JSON.parse(msg.data));
      });
    }
  }

  async function start() {
    stopped = false;
    try {
      await loadQuestions();
      await loadPolls();
      loaded.value = true;
      connect();
    } catch {
      failed.value = "The live session could not be loaded. Reload the page to try again.";
    }
  }

  function stop() {
    stopped = true;
    source?.close();
    clearTimeout(retry);
    clearTimeout(announceTimer);
    clearTimeout(refairTimer);
  }

  async function setOrder(o: Order) {
    order.value = o;
    questions.value = arrange(questions.value, o);
    await loadQuestions();
  }

  const q = (id: string) => `${base}/questions/${id}`;
  const moderate = async (call: Promise<ModQuestion>) => { upsert(await call); };
  const actions = {
    approve: (id: string) => moderate(api.post<ModQuestion>(`${q(id)}/approve`)),
    edit: (id: string, body: string) => moderate(api.put<ModQuestion>(q(id), { body })),
    merge: async (id: string, into: string) => {
      const merged = await api.post<ModQuestion>(`${q(id)}/merge`, { into });
      // The question merged away is gone; the target's votes and askers have grown.
      questions.value = questions.value.filter((x) => x.id !== id);
      if (merged.id === into) upsert(merged);
      else await loadQuestions();
    },
    answer: (id: string, answer: string, live: boolean) => moderate(api.post<ModQuestion>(`${q(id)}/answer`, { answer, live })),
    dismiss: (id: string, reason: string) => moderate(api.post<ModQuestion>(`${q(id)}/dismiss`, { reason })),
    stage: async (id: string | null) => {
      const r = await api.put<{ question_id: string | null }>(`${base}/stage`, { question_id: id });
      setStage(r.question_id);
    },
    block: async (registrationID: string, blocked: boolean) => {
      if (blocked) await api.put(`${base}/blocks/${registrationID}`, undefined);
      else await api.del(`${base}/blocks/${registrationID}`);
      questions.value = questions.value.map((x) => (x.registration_id === registrationID ? { ...x, blocked } : x));
    },
    createPoll: async (input: PollInput) => { upsertPoll(await api.post<ModPoll>(`${base}/polls`, input)); },
    openPoll: async (id: string) => { upsertPoll(await api.post<ModPoll>(`${base}/polls/${id}/open`)); },
    closePoll: async (id: string) => { upsertPoll(await api.post<ModPoll>(`${base}/polls/${id}/close`)); },
    deletePoll: async (id: string) => {
      await api.del(`${base}/polls/${id}`);
      polls.value = polls.value.filter((p) => p.id !== id);
    },
  };

  return { base, questions, order, explanation, polls, loaded, failed, announcement, connection, phaseChanges, counts, apply, start, stop, setOrder, actions };
}

/** One event's console, as the components receive it. */
export type Console = ReturnType<typeof createConsole>;
