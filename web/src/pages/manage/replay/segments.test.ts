import { describe, expect, it } from "vitest";
import { checkSegment, nudge, suggestSlug, timeline, type Segment } from "./segments";

const seg = (id: string, start: number, end: number): Segment =>
  ({ id, slug: id, title: id, description: "", start_ms: start, end_ms: end, speakers: [] });

describe("checkSegment", () => {
  const ok = { title: "Welcome", slug: "welcome", start: "0:00", end: "5:00" };

  it("gives the times in milliseconds when all is well", () => {
    expect(checkSegment(ok, 4_500_000)).toEqual({ start_ms: 0, end_ms: 300_000, errors: {} });
    expect(checkSegment({ ...ok, slug: "" }, 0).errors).toEqual({});
  });

  it("names each field that is wrong, keyed as the server keys them", () => {
    expect(checkSegment({ title: " ", slug: "Not a slug", start: "5", end: "1:00:00:00" }, 0).errors).toEqual({
      title: "Enter a title.",
      slug: "Use lower-case letters, digits and single hyphens, at most 80 characters.",
      start_ms: "Enter the start as minutes and seconds (5:30) or hours, minutes and seconds (1:05:30).",
      end_ms: "Enter the end as minutes and seconds (5:30) or hours, minutes and seconds (1:05:30).",
    });
    expect(checkSegment({ ...ok, start: "5:00", end: "5:00" }, 0).errors).toEqual({ end_ms: "The end must come after the start." });
    expect(checkSegment({ ...ok, end: "1:15:01" }, 4_500_000).errors).toEqual({ end_ms: "The end must be within the recording, which lasts 1:15:00." });
    expect(checkSegment({ ...ok, slug: "a".repeat(81) }, 0).errors.slug).toBeDefined();
  });
});

describe("nudge", () => {
  it("moves a time within the recording, or within 24 hours when its length is unknown", () => {
    expect(nudge("1:00", 10_000, 0)).toBe(70_000);
    expect(nudge("0:05", -10_000, 0)).toBe(0);
    expect(nudge("1:14:55", 10_000, 4_500_000)).toBe(4_500_000);
    expect(nudge("24:00:00", 1_000, 0)).toBe(86_400_000);
    expect(nudge("soon", 1_000, 0)).toBeNull();
  });
});

describe("suggestSlug", () => {
  it("makes the slug from the title, numbered past those taken, as the server does", () => {
    expect(suggestSlug("Opening remarks", [])).toBe("opening-remarks");
    expect(suggestSlug("Opening remarks", ["opening-remarks", "opening-remarks-2"])).toBe("opening-remarks-3");
    expect(suggestSlug("???", [])).toBe("segment");
    expect(suggestSlug("word ".repeat(30), []).length).toBeLessThanOrEqual(76);
  });
});

describe("timeline", () => {
  it("places segments as shares of the recording and finds what no segment covers", () => {
    const { placed, lanes, gaps } = timeline([seg("a", 0, 600_000), seg("b", 900_000, 1_800_000)], 3_600_000);
    expect(placed.map((p) => [p.number, p.left, Math.round(p.width * 100) / 100, p.lane])).toEqual([[1, 0, 16.67, 0], [2, 25, 25, 0]]);
    expect(lanes).toBe(1);
    expect(gaps).toEqual([{ start_ms: 600_000, end_ms: 900_000 }, { start_ms: 1_800_000, end_ms: 3_600_000 }]);
  });

  it("puts an overlapping segment in a lane below, and reaches past an unknown length", () => {
    const { placed, lanes, gaps } = timeline([seg("a", 0, 60_000), seg("b", 30_000, 90_000), seg("c", 60_000, 120_000)], 0);
    expect(placed.map((p) => p.lane)).toEqual([0, 1, 0]);
    expect(lanes).toBe(2);
    expect(placed[2].left + placed[2].width).toBe(100);
    expect(gaps).toEqual([]);
  });
});
