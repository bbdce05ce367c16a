import type { PublicTicketType } from "../api/client";
import { formatMoney } from "../lib/money";
import { sectorNames } from "../lib/sectors";
import { FormField } from "./FormField";
import { Radios } from "./Radios";

/** Who may take a ticket, as the registration form says it. */
export function ticketFor(t: PublicTicketType): string {
  if (t.eligibility === "sectors") return `For people in ${t.sectors.map((s) => sectorNames[s] ?? s).join(", ")}.`;
  if (t.eligibility === "email_domains") return `For email addresses at ${t.email_domains.join(", ")}.`;
  return "";
}

/** Whether any of the types costs money: then a promo code can take something off. */
export const anyPriced = (types: readonly PublicTicketType[]) => types.some((t) => t.price > 0);

type Props = {
  types: readonly PublicTicketType[];
  /** Whether the event takes invoices: a buyer may then pay by invoice instead of by card. */
  invoices?: boolean;
  error?: string;
  /** Told the ticket chosen, for the form to ask how a priced one is paid. */
  onChoose?: (id: string) => void;
};

/** The ticket chosen when the form is drawn: the only one, else none. */
export const firstChoice = (types: readonly PublicTicketType[]) => (types.length === 1 ? types[0].id : "");

/**
 * The ticket a registrant chooses, when the event has ticket types: each
 * with its price and who may take it; the server checks again. A ticket
 * that costs money holds a place while its buyer pays by card (or, where
 * the event takes invoices, is invoiced).
 */
export function TicketChoice({ types, invoices, error, onChoose }: Props) {
  const hint = !anyPriced(types) ? undefined : invoices
    ? "For a ticket that costs money, you choose below to pay by card (we take you to pay after you register) or by invoice."
    : "After you register for a ticket that costs money, we take you to pay by card.";
  return (
    <Radios name="ticket_type_id" idPrefix="ticket_type_id" legend="Ticket" hint={hint} error={error}
      value={firstChoice(types)} onChange={onChoose}
      items={types.map((t) => ({
        value: t.id,
        label: `${t.name} (${formatMoney(t.price, t.currency)})`,
        hint: [t.description, ticketFor(t)].filter(Boolean).join(" ") || undefined,
      }))} />
  );
}

/** The optional promo code, for an event with a ticket that costs money. */
export function PromoCodeField({ error }: { error?: string }) {
  return (
    <FormField id="promo_code" label="Promo code (optional)" hint="If the organiser gave you a code, it takes something off the price." error={error}>
      {(d) => <input id="promo_code" name="promo_code" autoComplete="off" spellcheck={false} maxLength={40} aria-describedby={d} />}
    </FormField>
  );
}
