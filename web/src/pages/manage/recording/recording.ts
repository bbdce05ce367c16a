// The organiser's recording as the API keeps it, and what the Recording
// section says about it: the facts it shows, and what publishing it sets off.
import { api, ApiError, type EventDetail, type Schemas } from "../../../api/client";
import { clock } from "../../../lib/clock";

export type Recording = Schemas["Recording"];
export type RecordingInput = Schemas["RecordingInput"];
export type CaptionsSaved = Schemas["CaptionsSaved"];

/** The API's address of an event's recording. */
export const recordingPath = (eventID: string) => `/api/v1/manage/events/${eventID}/recording`;

/** The event's recording, or null when it has none (the API's 404). */
export async function loadRecording(eventID: string): Promise<Recording | null> {
  try {
    return await api.get<Recording>(recordingPath(eventID));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** What PUT takes to leave the recording exactly as GET gave it. */
export function inputOf(rec: Recording): RecordingInput {
  return {
    kind: rec.kind,
    external_url: rec.kind === "upload" ? null : rec.external_url,
    duration_seconds: rec.duration_seconds,
    embed_origins: rec.embed_origins,
  };
}

/** What the recording is, in words: "An uploaded WebM file (1.2 MB)", "A YouTube video". */
export function describeSource(rec: Recording): string {
  if (rec.kind === "youtube") return "A YouTube video";
  if (rec.kind === "vimeo") return "A Vimeo video";
  const type = rec.content_type === "video/webm" ? "WebM" : rec.content_type === "video/mp4" ? "MP4" : "video";
  return `An uploaded ${type} file${rec.size_bytes != null ? ` (${formatBytes(rec.size_bytes)})` : ""}`;
}

/** A size as people read it: "950 bytes", "93 KB", "1.4 GB" (powers of 1,000, as file managers show them). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} ${n === 1 ? "byte" : "bytes"}`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = n / 1000, unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, "")} ${units[unit]}`;
}

/** The length as the summary shows it, or why it is missing. */
export function describeDuration(rec: Recording): string {
  if (rec.duration_seconds != null) return clock(rec.duration_seconds * 1000);
  return rec.kind === "upload"
    ? "Not known: the server could not read it from the file. Enter it below; it is needed to publish."
    : "Not given. Enter it below so that segments can be checked against it.";
}

/** A duration field's text back to seconds: "36", "0:36", "1:05:30"; null when it is no duration. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) >= 1 && Number(t) <= 86400 ? Number(t) : null;
  const m = /^(?:(\d+):([0-5]\d):([0-5]\d)|(\d+):([0-5]\d))$/.exec(t);
  if (!m) return null;
  const s = m[1] !== undefined ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : Number(m[4]) * 60 + Number(m[5]);
  return s >= 1 && s <= 86400 ? s : null;
}

/** The embed origins as the form's text: one a line. */
export const originsText = (origins: readonly string[]) => origins.join("\n");

/** The form's text back to a list: a line each, blank lines dropped (the server lower-cases and deduplicates). */
export const originsOf = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);

/** Where the event's replay is public: its page, once both the event and the recording are published. */
export const publicReplay = (event: EventDetail, rec: Recording) =>
  event.status === "published" && rec.status === "published" ? `/events/${encodeURIComponent(event.slug)}` : undefined;
