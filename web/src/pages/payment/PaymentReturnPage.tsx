import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { withToken, type AttendeeView, type PaymentState } from "../../api/client";
import { formatMoney } from "../../lib/money";
import { useTitle } from "../../components/useTitle";
import { LinkAgainForm } from "../../components/LinkAgainForm";
import { PaymentDocuments } from "./PaymentDocuments";
import { invoicedPlaceWords, invoiceIssuedWords } from "./InvoiceIssued";
import { timeWords, viewerZone } from "./payment";
import { useSettledPayment } from "./useSettledPayment";
import "./PaymentReturnPage.css";

/** The line the page's status region says: only paid or released are ever told as an outcome. */
export function returnStatusLine(payment: PaymentState | null, stillProcessing: boolean): string {
  switch (payment?.status) {
    case "paid": return "Payment received — you are registered";
    case "released": return "Your payment did not go through and your place was released.";
    case "refunded": return "This payment has been refunded.";
    case "none": return "There is nothing to pay for this registration.";
    case "invoiced": return invoiceIssuedWords(payment);
    default:
      return stillProcessing
        ? "Your payment is still being processed; we will email you when it is confirmed. You can close this page."
        : "We are confirming your payment…";
  }
}

/**
 * Where Stripe Checkout sends a buyer back (/r/:token/payment?session_id=…):
 * it waits, saying so, until the server settles the payment, then says
 * what came of it, with the receipt to download.
 */
export function PaymentReturnPage() {
  const { params, query } = useRoute();
  const token = params.token;
  const { payment, problem, stillProcessing } = useSettledPayment(token, query.session_id || undefined);
  const [view, setView] = useState<AttendeeView | null>(null);
  useTitle("Your payment");
  // For the event's name, page and clock; the payment does not wait for it.
  useEffect(() => { withToken(token).get<AttendeeView>("/api/v1/registration").then(setView, () => setView(null)); }, [token]);

  if (problem) return <><h1>Your payment</h1><p role="alert">{problem}</p><LinkAgainForm /></>;
  const zone = view?.event.timezone ?? viewerZone();
  const currency = payment?.currency ?? "GBP";
  return (
    <>
      <h1>Your payment</h1>
      {view && <p class="lead"><a href={`/events/${view.event.slug}`}>{view.event.title}</a></p>}
      <p role="status" class="notice payment-return__status">{returnStatusLine(payment, stillProcessing)}</p>
      {payment?.status === "paid" && (
        <>
          <p>
            You paid {formatMoney(payment.amount, currency)}{payment.ticket_name ? ` for ${payment.ticket_name}` : ""}
            {payment.paid_at ? ` on ${timeWords(payment.paid_at, zone)}` : ""}.
          </p>
          <PaymentDocuments token={token} documents={payment.documents} />
        </>
      )}
      {payment?.status === "invoiced" && (
        <>
          <p>{invoicedPlaceWords(payment, zone)}</p>
          <PaymentDocuments token={token} documents={payment.documents} />
        </>
      )}
      {payment?.status === "released" && view && <p><a href={`/events/${view.event.slug}`}>Go to the event page</a></p>}
      <p><a href={`/r/${token}`}>Back to your registration</a></p>
    </>
  );
}
