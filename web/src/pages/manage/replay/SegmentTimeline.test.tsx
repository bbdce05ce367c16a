import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "@testing-library/preact";
import { SegmentTimeline } from "./SegmentTimeline";
import type { Segment } from "./segments";

const seg = (id: string, start: number, end: number): Segment =>
  ({ id, slug: id, title: id, description: "", start_ms: start, end_ms: end, speakers: [] });

afterEach(cleanup);

describe("SegmentTimeline", () => {
  it("draws each segment in proportion, hides the drawing from screen readers and says in words what it shows", () => {
    const { container } = render(<SegmentTimeline durationMs={600_000}
      segments={[seg("a", 0, 120_000), seg("b", 60_000, 240_000), seg("c", 300_000, 420_000)]} />);
    const blocks = [...container.querySelectorAll<HTMLElement>(".segment-timeline__block")];
    expect(blocks.map((b) => [b.textContent, b.style.left, b.style.width, b.style.top])).toEqual([
      ["1", "0%", "20%", "0rem"], ["2", "10%", "30%", "2.25rem"], ["3", "50%", "20%", "0rem"],
    ]);
    expect(container.querySelector(".segment-timeline__bar")?.getAttribute("aria-hidden")).toBe("true");
    expect(container.querySelector("figcaption")?.textContent).toBe(
      "The segments over the recording's 10:00, numbered as in the list below. No segment covers 4:00–5:00, 7:00–10:00. Segments that overlap are drawn below each other.");
  });

  it("spans the segments themselves when the recording's length is unknown, and draws nothing without segments", () => {
    const { container } = render(<SegmentTimeline durationMs={0} segments={[seg("a", 0, 90_000)]} />);
    expect(container.querySelector(".segment-timeline__scale")?.textContent).toBe("0:001:30");
    expect(container.querySelector("figcaption")?.textContent).toBe("The segments from 0:00 to the last one's end, numbered as in the list below.");
    cleanup();
    expect(render(<SegmentTimeline durationMs={0} segments={[]} />).container.innerHTML).toBe("");
  });
});
