// The rules of a recording's segments that the organiser's pages check
// before the server does, and the sums the timeline draws from.
import type { Schemas } from "../../../api/client";
import { clock, maxClockMs, parseClock } from "../../../lib/clock";
import { slugFromTitle } from "../../../lib/slug";

export type Segment = Schemas["RecordingSegment"];
export type SegmentList = Schemas["SegmentList"];
export type SegmentSaved = Schemas["SegmentSaved"];
export type Recording = Schemas["Recording"];

/** The API's address of an event's segments. */
export const segmentsPath = (eventID: string) => `/api/v1/manage/events/${eventID}/recording/segments`;

/** A segment's share page: it plays the segment from its start to its end. */
export const shareURL = (origin: string, eventSlug: string, segmentSlug: string) =>
  `${origin}/events/${encodeURIComponent(eventSlug)}/replay/${encodeURIComponent(segmentSlug)}`;

/** The longest slug the server takes for a segment, and the longest it suggests (room for a "-2"). */
export const segmentSlugMax = 80;
const suggestedSlugMax = segmentSlugMax - 4;
export const segmentSlugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The slug suggested for a title: its words, with -2, -3… when another segment has them (as the server does). */
export function suggestSlug(title: string, taken: readonly string[]): string {
  const base = slugFromTitle(title, suggestedSlugMax) || "segment";
  let slug = base;
  for (let n = 2; taken.includes(slug); n++) slug = `${base}-${n}`;
  return slug;
}

/** What the organiser typed in a segment's form. */
export type SegmentFields = { title: string; slug: string; start: string; end: string };

/** What each time field takes, said once for the hint and the error. */
export const timeFormat = "minutes and seconds (5:30) or hours, minutes and seconds (1:05:30)";

/**
 * The start and end in milliseconds, and each field's error (keyed as the
 * server keys them): the checks the server makes too, made first so that a
 * time typed wrongly is told before anything is sent. durationMs is the
 * recording's length, 0 when unknown.
 */
export function checkSegment(f: SegmentFields, durationMs: number): { start_ms: number | null; end_ms: number | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (f.title.trim() === "") errors.title = "Enter a title.";
  const slug = f.slug.trim();
  if (slug !== "" && (slug.length > segmentSlugMax || !segmentSlugPattern.test(slug))) {
    errors.slug = `Use lower-case letters, digits and single hyphens, at most ${segmentSlugMax} characters.`;
  }
  const start_ms = parseClock(f.start), end_ms = parseClock(f.end);
  if (start_ms === null) errors.start_ms = `Enter the start as ${timeFormat}.`;
  if (end_ms === null) errors.end_ms = `Enter the end as ${timeFormat}.`;
  else if (start_ms !== null && end_ms <= start_ms) errors.end_ms = "The end must come after the start.";
  else if (durationMs > 0 && end_ms > durationMs) errors.end_ms = `The end must be within the recording, which lasts ${clock(durationMs)}.`;
  return { start_ms, end_ms, errors };
}

/** A time moved by deltaMs, kept within the recording (or 24 hours when its length is unknown); null when the text is no time. */
export function nudge(text: string, deltaMs: number, durationMs: number): number | null {
  const ms = parseClock(text);
  if (ms === null) return null;
  return Math.min(Math.max(ms + deltaMs, 0), durationMs > 0 ? durationMs : maxClockMs);
}

/** A segment placed on the timeline: its share of the length, and its lane (segments that overlap go below). */
export type Placed = { segment: Segment; number: number; left: number; width: number; lane: number };

/** A stretch of the recording that no segment covers. */
export type Gap = { start_ms: number; end_ms: number };

/**
 * The timeline of segments over a recording of totalMs: each segment's
 * place as percentages, in lanes so that overlapping ones do not hide each
 * other, and the stretches no segment covers (shorter than a second are
 * not worth telling).
 */
export function timeline(segments: readonly Segment[], totalMs: number): { placed: Placed[]; lanes: number; gaps: Gap[] } {
  const total = Math.max(totalMs, ...segments.map((s) => s.end_ms), 1);
  const laneEnds: number[] = [];
  const placed = segments.map((segment, i) => {
    let lane = laneEnds.findIndex((end) => end <= segment.start_ms);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = segment.end_ms;
    return { segment, number: i + 1, lane, left: (segment.start_ms / total) * 100, width: ((segment.end_ms - segment.start_ms) / total) * 100 };
  });
  const gaps: Gap[] = [];
  let covered = 0;
  for (const s of [...segments].sort((a, b) => a.start_ms - b.start_ms)) {
    if (s.start_ms - covered >= 1000) gaps.push({ start_ms: covered, end_ms: s.start_ms });
    covered = Math.max(covered, s.end_ms);
  }
  if (segments.length > 0 && totalMs - covered >= 1000) gaps.push({ start_ms: covered, end_ms: totalMs });
  return { placed, lanes: Math.max(laneEnds.length, 1), gaps };
}
