import { offsetMinutes } from "../../lib/time";

const format = (zone: string) => new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  timeZone: zone, timeZoneName: "short",
});

const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** An instant on the event's clock, like "5 Jun 2031, 10:00 BST", then on
 *  the viewer's when it differs at that instant; or "Not yet". */
export function Timestamp({ iso, zone }: { iso: string | null; zone: string }) {
  if (!iso) return <span class="muted">Not yet</span>;
  const at = new Date(iso);
  const mine = viewerZone();
  const differs = offsetMinutes(at, zone) !== offsetMinutes(at, mine);
  return (
    <>
      <time dateTime={iso}>{format(zone).format(at)}</time>
      {differs && <span class="hint">{format(mine).format(at)} your time</span>}
    </>
  );
}
