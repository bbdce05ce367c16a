import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi } from "../../../testing/fakeApi";
import { announceAfterMs, arrange, createConsole, heldAnnouncement } from "./consoleState";
import { base, eventID, FakeEventSource, fakeEventSource, poll, question, questionList } from "./fixtures";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const early = question({ id: "a", votes: 2, created_at: "2031-06-05T09:00:00Z" });
const late = question({ id: "b", votes: 5, created_at: "2031-06-05T09:05:00Z" });
const tie = question({ id: "c", votes: 2, created_at: "2031-06-05T09:02:00Z" });

describe("arrange", () => {
  it("orders by votes (earlier first on a tie), by newest, and keeps the server's fair ranking", () => {
    expect(arrange([early, late, tie], "votes").map((q) => q.id)).toEqual(["b", "a", "c"]);
    expect(arrange([early, late, tie], "newest").map((q) => q.id)).toEqual(["b", "c", "a"]);
    expect(arrange([tie, early, late], "fair").map((q) => q.id)).toEqual(["c", "a", "b"]);
  });
});

async function started() {
  fakeEventSource();
  const calls = fakeApi({
    [`GET ${base}/questions`]: questionList([early, late, question({ id: "gone", status: "merged" })]),
    [`GET ${base}/polls`]: { status: 200, body: { items: [poll()] } },
  });
  const con = createConsole(eventID);
  await con.start();
  return { con, calls, stream: FakeEventSource.made[0] };
}

describe("the console's state", () => {
  it("loads every status, then listens from the last change the list included", async () => {
    const { con, calls, stream } = await started();
    expect(calls[0].query.get("status")).toBe("all");
    expect(calls[0].query.get("order")).toBe("votes");
    expect(con.questions.value.map((q) => q.id)).toEqual(["b", "a"]);
    expect(con.counts.value).toEqual({ held: 2, published: 0, answered: 0, dismissed: 0 });
    expect(stream.url).toBe(`${base}/stream?after=41`);
    con.stop();
    expect(stream.closed).toBe(true);
  });

  it("applies question, removal, stage and poll messages", async () => {
    const { con, stream } = await started();
    stream.send("question", { ...early, status: "published", votes: 9 }, "42");
    expect(con.questions.value.map((q) => [q.id, q.status])).toEqual([["a", "published"], ["b", "held"]]);
    stream.send("stage", { question_id: "a" }, "43");
    expect(con.questions.value.find((q) => q.id === "a")?.on_stage).toBe(true);
    stream.send("stage", { question_id: null }, "44");
    expect(con.questions.value.some((q) => q.on_stage)).toBe(false);
    stream.send("question_removed", { id: "b" }, "45");
    expect(con.questions.value.map((q) => q.id)).toEqual(["a"]);
    stream.send("question", { ...early, status: "merged" }, "46");
    expect(con.questions.value).toEqual([]);
    stream.send("poll", poll({ status: "open" }), "47");
    stream.send("poll", poll({ id: "p2", question: "Another?" }), "48");
    expect(con.polls.value.map((p) => [p.id, p.status])).toEqual([["p1", "open"], ["p2", "draft"]]);
    con.stop();
  });

  it("announces new held questions once, a few seconds' worth at a time", async () => {
    const { con, stream } = await started();
    vi.useFakeTimers();
    stream.send("question", question({ id: "n1" }));
    stream.send("question", question({ id: "n2" }));
    stream.send("question", { ...early, votes: 3 }); // known already: not new
    stream.send("question", question({ id: "n3", status: "published" })); // not waiting
    expect(con.announcement.value).toBe("");
    vi.advanceTimersByTime(announceAfterMs);
    expect(con.announcement.value).toBe("2 new questions are waiting for approval.");
    expect(heldAnnouncement(1)).toBe("1 new question is waiting for approval.");
    con.stop();
  });
});
