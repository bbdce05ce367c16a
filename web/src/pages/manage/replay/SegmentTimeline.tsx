import { clock } from "../../../lib/clock";
import { timeline, type Segment } from "./segments";
import "./SegmentTimeline.css";

type Props = {
  segments: readonly Segment[];
  /** The recording's length in milliseconds; 0 when unknown (the segments' own span is drawn). */
  durationMs: number;
};

/**
 * The segments drawn over the recording, each as long as it lasts and
 * numbered as in the list, which is where they are read and edited: the
 * bar is for the eye, and its caption says in words what it shows (the
 * stretches no segment covers, and that overlapping ones go below).
 */
export function SegmentTimeline({ segments, durationMs }: Props) {
  if (segments.length === 0) return null;
  const { placed, lanes, gaps } = timeline(segments, durationMs);
  const total = Math.max(durationMs, ...segments.map((s) => s.end_ms));
  return (
    <figure class="segment-timeline">
      <div class="segment-timeline__bar" aria-hidden="true" style={{ height: `${lanes * 2.25}rem` }}>
        {placed.map((p) => (
          <div key={p.segment.id} class="segment-timeline__block"
            style={{ left: `${p.left}%`, width: `${p.width}%`, top: `${p.lane * 2.25}rem` }}>
            {p.number}
          </div>
        ))}
      </div>
      <div class="segment-timeline__scale" aria-hidden="true">
        <span>0:00</span><span>{clock(total)}</span>
      </div>
      <figcaption class="hint">
        {durationMs > 0 ? `The segments over the recording's ${clock(durationMs)}` : "The segments from 0:00 to the last one's end"}, numbered as in the list below.
        {gaps.length > 0 && ` No segment covers ${gaps.map((g) => `${clock(g.start_ms)}–${clock(g.end_ms)}`).join(", ")}.`}
        {lanes > 1 && " Segments that overlap are drawn below each other."}
      </figcaption>
    </figure>
  );
}
