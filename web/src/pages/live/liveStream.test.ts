import { afterEach, describe, expect, it, vi } from "vitest";
import { createLiveState } from "./liveState";
import { connectLiveStream, retryAfterMs, type EventSourceLike } from "./liveStream";
import { poll, question } from "./fixtures";

/** An EventSource that the test drives: send(type, id, data), fail(closed). */
class FakeSource implements EventSourceLike {
  readyState = 1;
  onerror: ((e: Event) => void) | null = null;
  closed = false;
  listeners = new Map<string, (e: MessageEvent) => void>();
  constructor(public url: string) {}
  addEventListener(type: string, l: (e: MessageEvent) => void) { this.listeners.set(type, l); }
  close() { this.closed = true; this.readyState = 2; }
  send(type: string, id: number, data: unknown) {
    this.listeners.get(type)?.(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: String(id) }));
  }
  fail(closed: boolean) {
    if (closed) this.readyState = 2;
    this.onerror?.(new Event("error"));
  }
}

afterEach(() => vi.useRealTimers());

function connect(onPhase = vi.fn()) {
  const sources: FakeSource[] = [];
  const state = createLiveState();
  state.loadQuestions([question("q1")], "votes");
  const stop = connectLiveStream({ token: "tok/1", after: 41, state, onPhase, open: (url) => { const s = new FakeSource(url); sources.push(s); return s; } });
  return { sources, state, stop, onPhase };
}

describe("connectLiveStream", () => {
  it("opens one source from the page's change and applies every kind of message", () => {
    const { sources, state, onPhase } = connect();
    expect(sources).toHaveLength(1);
    expect(sources[0].url).toBe("/api/v1/live/tok%2F1/stream?after=41");
    sources[0].send("question", 42, question("q2", { votes: 2 }));
    sources[0].send("stage", 43, { question_id: "q2" });
    sources[0].send("poll", 44, poll("p1"));
    sources[0].send("question_removed", 45, { id: "q1" });
    sources[0].send("event", 46, { phase: "ended" });
    expect([...state.questions.value.keys()]).toEqual(["q2"]);
    expect(state.onStage.value?.id).toBe("q2");
    expect(state.polls.value.has("p1")).toBe(true);
    expect(onPhase).toHaveBeenCalledWith("ended");
  });

  it("leaves reconnecting to the browser, and only when the server refused opens a new source from the last id", () => {
    vi.useFakeTimers();
    const { sources, stop } = connect();
    sources[0].send("question", 50, question("q2"));
    sources[0].fail(false); // the browser retries with Last-Event-ID itself
    vi.advanceTimersByTime(retryAfterMs);
    expect(sources).toHaveLength(1);
    sources[0].fail(true);
    vi.advanceTimersByTime(retryAfterMs);
    expect(sources).toHaveLength(2);
    expect(sources[1].url).toMatch(/after=50$/);
    stop();
    expect(sources[1].closed).toBe(true);
  });

  it("skips a message that is not JSON", () => {
    const { sources, state } = connect();
    sources[0].listeners.get("question")?.(new MessageEvent("question", { data: "{oops", lastEventId: "60" }));
    expect([...state.questions.value.keys()]).toEqual(["q1"]);
  });
});
