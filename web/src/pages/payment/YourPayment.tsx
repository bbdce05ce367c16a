import type { PaymentState } from "../../api/client";
import { formatMoney } from "../../lib/money";
import { PaymentDocuments } from "./PaymentDocuments";
import { PayNowButton } from "./PayNowButton";
import { InvoiceIssued } from "./InvoiceIssued";
import { timeWords } from "./payment";
import "./YourPayment.css";

type Props = {
  token: string;
  payment: PaymentState;
  /** The event's time zone: times are on its clock, and the viewer's when that differs. */
  zone: string;
  /** Back from Stripe Checkout's cancel link (?payment=cancelled). */
  cancelledCheckout: boolean;
  /** Read the payment again (after the server refused to start paying). */
  onChanged: () => void;
};

/** The attendee's payment on their registration page: what is owed and until when, or what was paid or invoiced, with its documents. */
export function YourPayment({ token, payment: p, zone, cancelledCheckout, onChanged }: Props) {
  if (p.status === "none") return null;
  const currency = p.currency ?? "GBP";
  const money = (minor: number) => formatMoney(minor, currency, "");
  const ticket = p.ticket_name ? ` for ${p.ticket_name}` : "";
  const heldUntil = p.hold_expires_at ? timeWords(p.hold_expires_at, zone) : "";
  return (
    <section class="your-payment" aria-labelledby="payment-title">
      <h2 id="payment-title">Payment</h2>
      {p.status === "due" && (
        <>
          {cancelledCheckout && <p class="notice">You have not paid yet; your place is held until {heldUntil}.</p>}
          <p>You owe {money(p.amount)}{ticket}.</p>
          {heldUntil && <p>Your place is held until {heldUntil}. If it is not paid by then, it goes to someone else.</p>}
          <PayNowButton token={token} amount={p.amount} currency={currency} onRefused={onChanged} />
        </>
      )}
      {p.status === "processing" && (
        <p>Your payment of {money(p.amount)}{ticket} is being processed. We will email you when it is confirmed.</p>
      )}
      {p.status === "paid" && <p>You paid {money(p.amount)}{ticket}{p.paid_at ? ` on ${timeWords(p.paid_at, zone)}` : ""}.</p>}
      {p.status === "refunded" && (
        <p>{p.refunded_amount >= p.amount
          ? `Your payment of ${money(p.amount)} has been refunded.`
          : `${money(p.refunded_amount)} of your payment of ${money(p.amount)} has been refunded.`}</p>
      )}
      {p.status === "released" && <p>Your place was released because it was not paid for in time.</p>}
      {p.status === "invoiced" && <InvoiceIssued payment={p} zone={zone} />}
      {(p.status === "paid" || p.status === "refunded" || p.status === "invoiced") && <PaymentDocuments token={token} documents={p.documents} />}
    </section>
  );
}

/** What cancelling would refund, as the cancel dialog says it, for a paid registration; "" otherwise. */
export function refundWords(p: PaymentState | null): string {
  if (!p || p.status !== "paid") return "";
  if (p.refund_if_cancelled === 0) return "No refund: the refund period has ended.";
  return `We will refund ${formatMoney(p.refund_if_cancelled, p.currency ?? "GBP", "")} to the card you paid with.`;
}
