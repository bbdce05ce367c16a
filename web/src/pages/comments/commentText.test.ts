import { describe, expect, it } from "vitest";
import { bodyLength, bodyParts, charactersLeft, postedMessage, tooManyMessage } from "./commentText";

describe("the character count", () => {
  it("counts characters as the server does: trimmed, one per code point", () => {
    expect(bodyLength("  héllo 👋  ")).toBe(7);
    expect(charactersLeft("")).toEqual({ text: "You have 2,000 characters left", over: false });
    expect(charactersLeft("a".repeat(1999))).toEqual({ text: "You have 1 character left", over: false });
    expect(charactersLeft("a".repeat(2000))).toEqual({ text: "You have 0 characters left", over: false });
    expect(charactersLeft("a".repeat(2003))).toEqual({ text: "You have 3 characters too many", over: true });
  });
});

describe("a body's links", () => {
  it("stays one piece of text until a moderator approved the comment", () => {
    const body = "See https://example.org/report for more.";
    expect(bodyParts(body, false)).toEqual([{ text: body }]);
  });
  it("marks web addresses once allowed, leaving trailing punctuation out", () => {
    expect(bodyParts("See https://example.org/report. Or (http://a.example/x), thanks", true)).toEqual([
      { text: "See " },
      { text: "https://example.org/report", href: "https://example.org/report" },
      { text: ". Or (" },
      { text: "http://a.example/x", href: "http://a.example/x" },
      { text: "), thanks" },
    ]);
  });
  it("never makes a link of anything but http(s)", () => {
    expect(bodyParts("javascript:alert(1) and www.example.org", true)).toEqual([{ text: "javascript:alert(1) and www.example.org" }]);
  });
});

describe("what the page says after posting", () => {
  it("tells the truth of each moderation mode", () => {
    expect(postedMessage("none").title).toBe("Your comment is published");
    expect(postedMessage("all").title).toBe("Your comment is waiting for a moderator");
    // The API does not say whether an address was approved before, so "first" says both cases.
    expect(postedMessage("first").text).toMatch(/published now.*Otherwise it waits for a moderator/);
  });
  it("says a rate limit's wait in words", () => {
    expect(tooManyMessage("Too many attempts; try again in 30 seconds.")).toMatch(/Wait 30 seconds, then send it again/);
    expect(tooManyMessage("Too many attempts; try again in 120 seconds.")).toMatch(/Wait about 2 minutes/);
    expect(tooManyMessage("Slow down.")).toMatch(/Wait a few minutes/);
  });
});
