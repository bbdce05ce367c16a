import type { PaymentState } from "../../api/client";
import { formatMoney } from "../../lib/money";
import { timeWords } from "./payment";

/** The hold or the confirmation of an invoiced place, as a sentence. */
export function invoicedPlaceWords(p: PaymentState, zone: string): string {
  return p.hold_expires_at
    ? `Your place is held until ${timeWords(p.hold_expires_at, zone)}. If the invoice is not paid by then, the place is released.`
    : "Your place is confirmed; please pay the invoice by its due date.";
}

/** "An invoice of £12.00 for Supplier has been issued." */
export function invoiceIssuedWords(p: PaymentState): string {
  const ticket = p.ticket_name ? ` for ${p.ticket_name}` : "";
  return `An invoice of ${formatMoney(p.amount, p.currency ?? "GBP", "")}${ticket} has been issued.`;
}

/** An invoice issued and not yet paid: what it is for, and whether the place is held or confirmed meanwhile. There is nothing to pay here. */
export function InvoiceIssued({ payment, zone }: { payment: PaymentState; zone: string }) {
  return (
    <>
      <p>{invoiceIssuedWords(payment)} We emailed it to you; you can also download it below.</p>
      <p>{invoicedPlaceWords(payment, zone)}</p>
    </>
  );
}
