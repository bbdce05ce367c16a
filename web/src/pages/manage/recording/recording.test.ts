import { describe, expect, it } from "vitest";
import { describeDuration, describeSource, formatBytes, inputOf, originsOf, originsText, parseDuration, type Recording } from "./recording";
import { announcement, percentOf } from "./progress";
import { followUpConsequence, type FollowUpFacts } from "./publishing";

const upload: Recording = {
  kind: "upload", external_url: null, content_type: "video/webm", size_bytes: 95_267, duration_seconds: null, has_poster: false,
  status: "draft", published_at: null, published_without_captions: false, embed_origins: ["https://example.gov.uk"], has_captions: false,
};

describe("the recording's facts", () => {
  it("gives sizes as people read them", () => {
    expect([1, 950, 95_267, 1_460_000, 2_000_000_000].map(formatBytes)).toEqual(["1 byte", "950 bytes", "95.3 KB", "1.5 MB", "2 GB"]);
  });

  it("reads a length typed as seconds, m:ss or h:mm:ss, and nothing else", () => {
    expect(["36", "0:36", "75:00", "1:05:30", " 2:00 "].map(parseDuration)).toEqual([36, 36, 4500, 3930, 120]);
    expect(["", "0", "0:00", "1:5", "abc", "86401", "25:00:00"].map(parseDuration)).toEqual([null, null, null, null, null, null, null]);
  });

  it("sends back what GET gave, so that saving unchanged changes nothing", () => {
    expect(inputOf(upload)).toEqual({ kind: "upload", external_url: null, duration_seconds: null, embed_origins: ["https://example.gov.uk"] });
    const youtube = { ...upload, kind: "youtube" as const, external_url: "https://youtu.be/dQw4w9WgXcQ", duration_seconds: 60 };
    expect(inputOf(youtube)).toEqual({ kind: "youtube", external_url: "https://youtu.be/dQw4w9WgXcQ", duration_seconds: 60, embed_origins: ["https://example.gov.uk"] });
  });

  it("edits the embed origins a line each, blank lines dropped", () => {
    const origins = ["https://a.example", "https://b.example"];
    expect(originsOf(originsText(origins))).toEqual(origins);
    expect(originsOf("\n https://a.example \n\n")).toEqual(["https://a.example"]);
  });

  it("says what the recording is and why its length is missing", () => {
    expect(describeSource(upload)).toBe("An uploaded WebM file (95.3 KB)");
    expect(describeSource({ ...upload, kind: "vimeo" })).toBe("A Vimeo video");
    expect(describeDuration(upload)).toMatch(/^Not known: the server could not read it from the file/);
    expect(describeDuration({ ...upload, duration_seconds: 3930 })).toBe("1:05:30");
  });
});

describe("the upload's progress", () => {
  it("is 100% only when every byte is sent", () => {
    expect([percentOf(0, 100), percentOf(42, 100), percentOf(999, 1000), percentOf(1000, 1000), percentOf(0, 0)]).toEqual([0, 42, 99, 100, 0]);
  });

  it("is announced at each tenth, not at every per cent", () => {
    let last: number | null = null;
    const said: string[] = [];
    for (const p of [0, 3, 9, 10, 11, 19, 42, 43, 99, 100]) {
      const next = announcement(p, last);
      if (next) { last = next.step; said.push(next.text); }
    }
    expect(said).toEqual(["Uploaded 0%.", "Uploaded 10%.", "Uploaded 40%.", "Uploaded 90%.", "Uploaded 100%."]);
  });
});

describe("what publishing emails", () => {
  const facts: FollowUpFacts = { eventStatus: "published", ended: true, followUp: true, alreadySent: false, registered: 12 };
  it.each([
    [{}, "Registrants who attended or missed the event will be emailed the replay link."],
    [{ ended: false }, "When the event ends, registrants who attended or missed it will be emailed the replay link."],
    [{ alreadySent: true }, "The follow-up emails have already gone, so nobody is emailed again."],
    [{ followUp: false }, "Follow-up emails are turned off for this event, so nobody is emailed."],
    [{ registered: 0 }, "Nobody is registered, so nobody is emailed."],
    [{ eventStatus: "draft" }, "The event is not published, so nobody is emailed now and the replay stays off its page until it is."],
    [{ eventStatus: "cancelled" }, "The event is cancelled, so nobody is emailed and its page shows no replay."],
  ] as [Partial<FollowUpFacts>, string][])("%j", (change, said) => {
    expect(followUpConsequence({ ...facts, ...change })).toBe(said);
  });
});
