const format = (zone: string) => new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  timeZone: zone, timeZoneName: "short",
});

/** An instant on the event's clock, like "5 Jun 2031, 10:00 BST", or "Not yet". */
export function Timestamp({ iso, zone }: { iso: string | null; zone: string }) {
  if (!iso) return <span class="muted">Not yet</span>;
  return <time dateTime={iso}>{format(zone).format(new Date(iso))}</time>;
}
