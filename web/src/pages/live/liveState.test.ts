import { describe, expect, it } from "vitest";
import { announcement, createLiveState, sortQuestions } from "./liveState";
import { poll, question } from "./fixtures";

describe("live state", () => {
  it("keeps the viewer's own mine and voted when the stream sends a question, which never carries them", () => {
    const s = createLiveState();
    s.loadQuestions([question("q1", { mine: true, voted: true, votes: 1 })], "votes");
    s.remoteQuestion(question("q1", { votes: 5 }));
    expect(s.questions.value.get("q1")).toMatchObject({ votes: 5, mine: true, voted: true });
  });

  it("ignores someone else's held question and counts new published ones for one announcement", () => {
    const s = createLiveState();
    s.loadQuestions([], "votes");
    s.remoteQuestion(question("held", { status: "held" }));
    s.remoteQuestion(question("q1"));
    s.remoteQuestion(question("q2"));
    s.remoteQuestion(question("q3"));
    s.remoteQuestion(question("q3", { votes: 2 })); // an update, not news
    expect([...s.questions.value.keys()].sort()).toEqual(["q1", "q2", "q3"]);
    expect(s.takeAnnouncement()).toBe("3 new questions.");
    expect(s.takeAnnouncement()).toBe("");
  });

  it("tells the viewer when their held question is published", () => {
    const s = createLiveState();
    s.ownResult(question("mine", { status: "held", mine: true }));
    s.remoteQuestion(question("mine", { status: "published" }));
    expect(s.questions.value.get("mine")).toMatchObject({ status: "published", mine: true });
    expect(s.takeAnnouncement()).toBe("Your question was published.");
  });

  it("follows the stage and forgets it when its question goes", () => {
    const s = createLiveState();
    s.loadQuestions([question("q1"), question("q2", { on_stage: true })], "votes");
    expect(s.onStage.value?.id).toBe("q2");
    s.setStage("q1");
    expect(s.onStage.value?.id).toBe("q1");
    expect(s.takeAnnouncement()).toBe("A question is now on stage.");
    s.removeQuestion("q1");
    expect(s.onStage.value).toBeNull();
    expect(s.sorted.value.map((q) => q.id)).toEqual(["q2"]);
  });

  it("keeps the viewer's ballot when a poll's results arrive, and shows only open polls and shown results", () => {
    const s = createLiveState();
    s.loadPolls([poll("p1", { my_choices: ["p1-a"] }), poll("p2", { status: "closed" })]);
    s.remotePoll(poll("p1", { results_visible: true, total: 3, my_choices: undefined }));
    expect(s.polls.value.get("p1")?.my_choices).toEqual(["p1-a"]);
    expect(s.visiblePolls.value.map((p) => p.id)).toEqual(["p1"]);
  });
});

describe("sortQuestions", () => {
  const a = question("a", { votes: 3, created_at: "2031-06-05T09:01:00Z" });
  const b = question("b", { votes: 7, created_at: "2031-06-05T09:02:00Z" });
  const c = question("c", { votes: 3, created_at: "2031-06-05T09:03:00Z" });
  it("most votes first, older first among equals", () => {
    expect(sortQuestions([a, b, c], "votes", new Map()).map((q) => q.id)).toEqual(["b", "a", "c"]);
  });
  it("newest first", () => {
    expect(sortQuestions([a, b, c], "newest", new Map()).map((q) => q.id)).toEqual(["c", "b", "a"]);
  });
  it("fair keeps the server's rank and puts questions it has not ranked at the end", () => {
    expect(sortQuestions([a, b, c], "fair", new Map([["c", 0], ["a", 1]])).map((q) => q.id)).toEqual(["c", "a", "b"]);
  });
});

describe("announcement", () => {
  it("says one thing once, in the singular", () => {
    expect(announcement({ newQuestions: 1, ownPublished: 0, staged: false })).toBe("1 new question.");
    expect(announcement({ newQuestions: 2, ownPublished: 1, staged: true }))
      .toBe("2 new questions. Your question was published. A question is now on stage.");
  });
});
