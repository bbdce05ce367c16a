// Times within a recording, as players and YouTube's chapter lists write
// them: m:ss under an hour, h:mm:ss from an hour on.

/** The longest time the server takes within a recording: 24 hours. */
export const maxClockMs = 24 * 3600 * 1000;

/** "5:07" or "1:02:30", whole seconds (as the public replay shows times). */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const ss = String(sec).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/**
 * A time for a form field: clock(ms), with the milliseconds when there are
 * any ("0:12.345"), so that a time saved to the millisecond reads back as
 * saved and parseClock gives it back unchanged.
 */
export function clockField(ms: number): string {
  const rest = ms % 1000;
  return rest ? `${clock(ms)}.${String(rest).padStart(3, "0").replace(/0+$/, "")}` : clock(ms);
}

const clockPattern = /^(?:(\d+):([0-5]\d):([0-5]\d)|(\d+):([0-5]\d))(?:[.,](\d{1,3}))?$/;

/**
 * The milliseconds that "m:ss" or "h:mm:ss" (seconds may carry up to three
 * decimals) stand for; minutes may pass 59 only without hours ("75:00").
 * Null for anything else, and for a time past 24 hours.
 */
export function parseClock(text: string): number | null {
  const m = clockPattern.exec(text.trim());
  if (!m) return null;
  const [hours, minutes, seconds] = m[1] !== undefined ? [m[1], m[2], m[3]] : ["0", m[4], m[5]];
  const fraction = Number((m[6] ?? "").padEnd(3, "0"));
  const ms = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + fraction;
  return ms > maxClockMs ? null : ms;
}

