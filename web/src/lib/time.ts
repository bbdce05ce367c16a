// Formatting of event times: always in the event's zone, and in the
// viewer's zone too when the two differ at that moment.

const dateFormat: Intl.DateTimeFormatOptions = { weekday: "long", day: "numeric", month: "long", year: "numeric" };
const timeFormat: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

function part(date: Date, zone: string, opts: Intl.DateTimeFormatOptions, locale: string) {
  if (opts === dateFormat) {
    // "Thursday 23 June 2022", built from parts: ICU versions differ on commas.
    const parts = new Intl.DateTimeFormat(locale, { ...opts, timeZone: zone }).formatToParts(date);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
    return `${get("weekday")} ${get("day")} ${get("month")} ${get("year")}`;
  }
  return new Intl.DateTimeFormat(locale, { ...opts, timeZone: zone }).format(date);
}

function zoneName(date: Date, zone: string, locale: string) {
  const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "short" }).formatToParts(date);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? zone;
}

/** "Thursday 23 June 2022, 10:00–11:15 BST" in the given zone. */
export function formatRange(start: Date, end: Date, zone: string, locale = "en-GB"): string {
  const sameDay = part(start, zone, dateFormat, locale) === part(end, zone, dateFormat, locale);
  const from = `${part(start, zone, dateFormat, locale)}, ${part(start, zone, timeFormat, locale)}`;
  const to = sameDay
    ? part(end, zone, timeFormat, locale)
    : `${part(end, zone, dateFormat, locale)}, ${part(end, zone, timeFormat, locale)}`;
  return `${from}–${to} ${zoneName(end, zone, locale)}`;
}

/** The UTC offset of a zone at an instant, in minutes. */
export function offsetMinutes(date: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(date);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUTC = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUTC - date.getTime()) / 60000);
}

/** The event's times, and the viewer's when their clock differs. */
export function eventTimes(startsAt: string, endsAt: string, eventZone: string, viewerZone: string, locale = "en-GB") {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const differs = offsetMinutes(start, eventZone) !== offsetMinutes(start, viewerZone) ||
    offsetMinutes(end, eventZone) !== offsetMinutes(end, viewerZone);
  return {
    event: formatRange(start, end, eventZone, locale),
    viewer: differs ? formatRange(start, end, viewerZone, locale) : null,
  };
}

/** "Thursday 23 June 2022, 10:30 BST": one instant in the given zone. */
export function formatInstant(at: Date, zone: string, locale = "en-GB"): string {
  return `${part(at, zone, dateFormat, locale)}, ${part(at, zone, timeFormat, locale)} ${zoneName(at, zone, locale)}`;
}

/** One instant on the event's clock, and on the viewer's when it differs then. */
export function instantTimes(iso: string, eventZone: string, viewerZone: string, locale = "en-GB") {
  const at = new Date(iso);
  return {
    event: formatInstant(at, eventZone, locale),
    viewer: offsetMinutes(at, eventZone) !== offsetMinutes(at, viewerZone) ? formatInstant(at, viewerZone, locale) : null,
  };
}

/** "Starts in 2 days, 3 hours" — coarse, as the page does not tick each second. */
export function countdown(now: Date, startsAt: string): string {
  let minutes = Math.max(0, Math.round((new Date(startsAt).getTime() - now.getTime()) / 60000));
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (days > 0) return `Starts in ${plural(days, "day")}, ${plural(hours, "hour")}`;
  if (hours > 0) return `Starts in ${plural(hours, "hour")}, ${plural(minutes, "minute")}`;
  return minutes > 0 ? `Starts in ${plural(minutes, "minute")}` : "Starting now";
}

function compactUTC(iso: string) {
  return new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Add-to-calendar links for Google Calendar and Outlook on the web. */
export function calendarLinks(e: { title: string; summary: string; starts_at: string; ends_at: string }, pageURL: string) {
  const details = `${e.summary}\n\n${pageURL}`;
  const google = new URL("https://calendar.google.com/calendar/render");
  google.search = new URLSearchParams({
    action: "TEMPLATE", text: e.title, dates: `${compactUTC(e.starts_at)}/${compactUTC(e.ends_at)}`,
    details, location: pageURL,
  }).toString();
  const outlook = new URL("https://outlook.office.com/calendar/0/deeplink/compose");
  outlook.search = new URLSearchParams({
    path: "/calendar/action/compose", rru: "addevent", subject: e.title,
    startdt: e.starts_at, enddt: e.ends_at, body: details, location: pageURL,
  }).toString();
  return { google: google.toString(), outlook: outlook.toString() };
}

/** "2022-06-23T10:00" on the event's clock, for a datetime-local input. */
export function toZonedInput(iso: string, zone: string): string {
  const d = new Date(iso);
  const local = new Date(d.getTime() + offsetMinutes(d, zone) * 60000);
  return local.toISOString().slice(0, 16);
}

/** The instant when the event's clock shows wall ("2022-06-23T10:00"). */
export function fromZonedInput(wall: string, zone: string): string {
  const asUTC = Date.parse(`${wall}:00Z`);
  let guess = asUTC - offsetMinutes(new Date(asUTC), zone) * 60000;
  // Near a clock change the first guess can use the other offset: retry once.
  guess = asUTC - offsetMinutes(new Date(guess), zone) * 60000;
  return new Date(guess).toISOString().replace(".000Z", "Z");
}

/**
 * The instant for wall in zone, or saved when wall is what saved shows in
 * that zone: a field left alone saves back the very instant it was, even
 * with seconds the field does not show, or in the hour a clock change
 * repeats (01:30 on the October morning is two instants in London).
 */
export function fromZonedInputKeeping(wall: string, zone: string, saved: { instant?: string | null; zone?: string }): string {
  if (saved.instant && saved.zone === zone && toZonedInput(saved.instant, zone) === wall) return saved.instant;
  return fromZonedInput(wall, zone);
}
