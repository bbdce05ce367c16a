// The page's one connection for everything that changes while it is open:
// an EventSource on /api/v1/live/{token}/stream. The browser reconnects by
// itself and sends Last-Event-ID, so the server replays what was missed;
// only when the server refuses outright (the source is closed) does the
// page open a new one, later, from the last id it saw.
import type { LiveState } from "./liveState";
import type { LivePoll, LiveQuestion } from "./liveTypes";

/** The few parts of EventSource the page uses, so tests can stand in for it. */
export type EventSourceLike = {
  readyState: number;
  onerror: ((e: Event) => void) | null;
  addEventListener(type: string, listener: (e: MessageEvent) => void): void;
  close(): void;
};
export type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2;
/** How long the page waits before opening a new source after the server refused one. */
export const retryAfterMs = 15_000;

type Options = {
  token: string;
  /** The change the page's first requests already reflect. */
  after: number;
  state: LiveState;
  /** The event's phase changed: the page reloads its frame. */
  onPhase: (phase: string) => void;
  open?: EventSourceFactory;
};

/** Connects and applies each message to state; returns the function that disconnects. */
export function connectLiveStream({ token, after, state, onPhase, open = (url) => new EventSource(url) }: Options): () => void {
  let lastID = after;
  let source: EventSourceLike | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const handlers: Record<string, (data: unknown) => void> = {
    question: (d) => state.remoteQuestion(d as LiveQuestion),
    question_removed: (d) => state.removeQuestion((d as { id: string }).id),
    poll: (d) => state.remotePoll(d as LivePoll),
    stage: (d) => state.setStage((d as { question_id: string | null }).question_id),
    event: (d) => onPhase((d as { phase: string }).phase),
  };

  const connect = () => {
    source = open(`/api/v1/live/${encodeURIComponent(token)}/stream?after=${lastID}`);
    for (const [type, apply] of Object.entries(handlers)) {
      source.addEventListener(type, (e) => {
        const id = Number(e.lastEventId);
        if (Number.isFinite(id) && id > 0) lastID = Math.max(lastID, id);
        let data: unknown;
        try { data = JSON.parse(e.data); } catch { return; }
        apply(data);
      });
    }
    source.onerror = () => {
      if (stopped || source?.readyState !== CLOSED) return; // the browser is already retrying
      retry = setTimeout(connect, retryAfterMs);
    };
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
}
