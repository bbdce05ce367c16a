import type { EventDetail, Schemas } from "../../api/client";

type Counts = Schemas["RegistrationCounts"];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "48 of 50 places taken, 3 waiting": the event's numbers in one line. */
export function summaryLine(event: Pick<EventDetail, "capacity">, c: Counts): string {
  const taken = event.capacity == null
    ? `${plural(c.confirmed, "person", "people")} registered; places are unlimited`
    : `${c.confirmed} of ${plural(event.capacity, "place", "places")} taken`;
  const more = [
    c.waitlisted > 0 && `${c.waitlisted} waiting`,
    c.pending_approval > 0 && `${c.pending_approval} awaiting your approval`,
    c.cancelled > 0 && `${c.cancelled} cancelled`,
    c.rejected > 0 && `${c.rejected} turned down`,
  ].filter(Boolean);
  return [taken, ...more].join(", ") + ".";
}

/** The summary line above the registrants table. */
export function RegistrantsSummary({ event, counts }: { event: EventDetail; counts: Counts | null }) {
  return <p class="registrants-summary">{counts ? summaryLine(event, counts) : "Counting registrations…"}</p>;
}
