import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, render, screen, waitFor } from "@testing-library/preact";
import { LocationProvider, Route, Router } from "preact-iso";
import { fakeApi, problem, type Call } from "../../testing/fakeApi";
import { LivePage, nextBoundary } from "./LivePage";
import { livePage, poll, question } from "./fixtures";
import type { LivePage as LivePageData } from "./liveTypes";

/** Every EventSource the page opened, in order. */
let sources: { url: string; listeners: Map<string, (e: MessageEvent) => void>; close: () => void; closed: boolean }[] = [];

beforeEach(() => {
  sources = [];
  vi.stubGlobal("EventSource", class {
    readyState = 1;
    onerror = null;
    closed = false;
    listeners = new Map<string, (e: MessageEvent) => void>();
    constructor(public url: string) { sources.push(this); }
    addEventListener(type: string, l: (e: MessageEvent) => void) { this.listeners.set(type, l); }
    close() { this.closed = true; }
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function open(page: LivePageData | ReturnType<typeof problem>, extra: Record<string, unknown> = {}): Call[] {
  const calls = fakeApi({
    "GET /api/v1/live/tok-1": "status" in page ? page : { status: 200, body: page },
    "GET /api/v1/live/tok-1/questions": { status: 200, body: { items: [question("q1", { votes: 2 })], last_change_id: 41 } },
    "GET /api/v1/live/tok-1/polls": { status: 200, body: { items: [poll("p1")] } },
    "POST /api/v1/live/tok-1/heartbeat": { status: 200, body: { minutes_present: 1, attended: false } },
    ...extra,
  } as never);
  history.replaceState(null, "", "/live/tok-1");
  render(
    <LocationProvider>
      <Router>
        <Route path="/live/:token" component={LivePage} />
        <Route default component={() => <p>Elsewhere</p>} />
      </Router>
    </LocationProvider>,
  );
  return calls;
}

const send = (type: string, id: number, data: unknown) =>
  act(() => sources[0].listeners.get(type)!(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: String(id) })));

describe("LivePage", () => {
  it("while live: the player, a heartbeat, the questions and polls, and one stream that adds what arrives", async () => {
    const calls = open(livePage());
    expect(await screen.findByRole("heading", { level: 1, name: livePage().event.title })).toBeTruthy();
    expect(screen.getByText("Live now")).toBeTruthy();
    expect(screen.getByTitle(`${livePage().event.title}: live stream`).getAttribute("src")).toBe("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
    expect(await screen.findByText("Question q1?")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Does your organisation pool budgets?" })).toBeTruthy();
    await waitFor(() => expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/live/tok-1/heartbeat")).toBe(true));
    expect(calls.find((c) => c.path === "/api/v1/live/tok-1/questions")?.query.get("order")).toBe("votes");

    await waitFor(() => expect(sources).toHaveLength(1));
    expect(sources[0].url).toBe("/api/v1/live/tok-1/stream?after=41");
    send("question", 42, question("q2", { body: "What about data sharing?", votes: 5 }));
    expect(screen.getByText("What about data sharing?")).toBeTruthy();
    // Most votes first: the newcomer with 5 votes leads.
    expect(screen.getAllByRole("listitem")[0].textContent).toContain("What about data sharing?");
    send("stage", 43, { question_id: "q2" });
    expect(screen.getByRole("region", { name: "Now on stage" }).textContent).toContain("What about data sharing?");
    send("question_removed", 44, { id: "q1" });
    expect(screen.queryByText("Question q1?")).toBeNull();
    expect(sources).toHaveLength(1);
  });

  it("before the stream opens: a countdown and the Q&A, but no player and no heartbeat", async () => {
    const calls = open(livePage({ phase: "upcoming", stream: null, now: "2031-06-05T08:33:00Z" }));
    expect((await screen.findAllByText(/The stream opens in/))[0].textContent).toBe("The stream opens in 12 min");
    expect(document.querySelector("iframe")).toBeNull();
    expect(await screen.findByRole("heading", { name: "Ask a question" })).toBeTruthy();
    expect(calls.some((c) => c.path.endsWith("/heartbeat"))).toBe(false);
  });

  it("a registrant not confirmed learns why, and the page asks for nothing more", async () => {
    const calls = open(livePage({ viewer: { first_name: "Joan", confirmed: false, may_ask: false }, stream: null }));
    expect(await screen.findByRole("heading", { name: "You cannot join this session yet" })).toBeTruthy();
    expect(screen.getByText(/waiting list/)).toBeTruthy();
    expect(calls.map((c) => c.path)).toEqual(["/api/v1/live/tok-1"]);
    expect(sources).toHaveLength(0);
  });

  it("after the end: says so and links the recording", async () => {
    open(livePage({ phase: "ended", stream: null, recording_url: "/events/early-intervention#recording" }));
    expect(await screen.findByRole("heading", { name: "The live session has ended" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Watch the recording" }).getAttribute("href")).toBe("/events/early-intervention#recording");
    expect(await screen.findByText("Question q1?")).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Ask a question" })).toBeNull();
  });

  it("a cancelled event says so, with no Q&A", async () => {
    const calls = open(livePage({ phase: "cancelled", stream: null }));
    expect(await screen.findByRole("heading", { name: "This event has been cancelled" })).toBeTruthy();
    expect(calls.some((c) => c.path.endsWith("/questions"))).toBe(false);
  });

  it("a link that is not valid shows Page not found", async () => {
    open(problem(404, "Not found."));
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeTruthy();
  });

  it("reloads its frame when the stream says the phase changed", async () => {
    const calls = open(livePage());
    await waitFor(() => expect(sources).toHaveLength(1));
    const before = calls.filter((c) => c.path === "/api/v1/live/tok-1").length;
    send("event", 50, { phase: "ended" });
    await waitFor(() => expect(calls.filter((c) => c.path === "/api/v1/live/tok-1").length).toBe(before + 1));
  });
});

describe("nextBoundary", () => {
  it("is the start while open, the end while live, and nothing otherwise", () => {
    expect(nextBoundary(livePage({ phase: "open" }), 0)).toBe(Date.parse("2031-06-05T09:00:00Z"));
    expect(nextBoundary(livePage({ phase: "live" }), 1000)).toBe(Date.parse("2031-06-05T10:15:00Z") - 1000);
    expect(nextBoundary(livePage({ phase: "ended" }), 0)).toBeNull();
  });
});
