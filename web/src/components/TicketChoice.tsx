import type { PublicTicketType } from "../api/client";
import { formatMoney } from "../lib/money";
import { sectorNames } from "../lib/sectors";
import { Radios } from "./Radios";

/** Who may take a ticket, as the registration form says it. */
export function ticketFor(t: PublicTicketType): string {
  if (t.eligibility === "sectors") return `For people in ${t.sectors.map((s) => sectorNames[s] ?? s).join(", ")}.`;
  if (t.eligibility === "email_domains") return `For email addresses at ${t.email_domains.join(", ")}.`;
  return "";
}

/** The tickets this site can give now: free ones (paying online is still to come). */
export const freeTickets = (types: readonly PublicTicketType[]) => types.filter((t) => t.price === 0);

/**
 * The ticket a registrant chooses, when the event has ticket types: the
 * free ones, each with who may take it; the server checks again. Tickets
 * that cost money are named as not on sale here, since paying online is
 * not built yet.
 */
export function TicketChoice({ types, error }: { types: readonly PublicTicketType[]; error?: string }) {
  const free = freeTickets(types);
  const paid = types.length - free.length;
  const hint = paid > 0 ? `${paid === 1 ? "One ticket that costs money is" : `${paid} tickets that cost money are`} not sold on this site yet.` : undefined;
  return (
    <Radios name="ticket_type_id" idPrefix="ticket_type_id" legend="Ticket" hint={hint} error={error}
      value={free.length === 1 ? free[0].id : ""}
      items={free.map((t) => ({
        value: t.id,
        label: `${t.name} (${formatMoney(t.price, t.currency)})`,
        hint: [t.description, ticketFor(t)].filter(Boolean).join(" ") || undefined,
      }))} />
  );
}
