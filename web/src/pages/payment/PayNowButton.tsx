import { useRef, useState } from "preact/hooks";
import { ApiError, withToken, type Checkout } from "../../api/client";
import { formatMoney } from "../../lib/money";
import { checkoutPath } from "./payment";

type Props = {
  token: string;
  amount: number;
  currency: string;
  /** The server refused (nothing is due any more, say): the page reads the payment again. */
  onRefused?: () => void;
};

/**
 * Starts paying by card for a held place and sends the buyer to Stripe
 * Checkout. One request however often it is pressed: the button is
 * disabled at once, and a press before the page redraws is ignored.
 */
export function PayNowButton({ token, amount, currency, onRefused }: Props) {
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");
  const pay = async () => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setProblem("");
    try {
      const checkout = await withToken(token).post<Checkout>(checkoutPath);
      window.location.assign(checkout.checkout_url); // the button stays disabled while the page leaves
    } catch (e) {
      sending.current = false;
      setBusy(false);
      setProblem(e instanceof ApiError ? e.message : "The server could not be reached. Try again.");
      if (e instanceof ApiError && e.status === 409) onRefused?.();
    }
  };
  return (
    <>
      <p><button type="button" disabled={busy} onClick={pay}>Pay now</button></p>
      <p role="status">{busy ? `Taking you to pay ${formatMoney(amount, currency)}…` : ""}</p>
      {problem && <p class="field-error" role="alert">{problem}</p>}
    </>
  );
}
