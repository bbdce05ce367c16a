import { useEffect, useState } from "preact/hooks";
import { ApiError, withToken, type PaymentState } from "../../api/client";
import { isPending, paymentPath, returnPath } from "./payment";

/** How often the return page asks again while Stripe has not settled the payment. */
export const pollMs = 2_000;
/** How long it keeps asking before saying the payment is still being processed. */
export const patienceMs = 120_000;

export type SettledPayment = {
  /** The latest state the server gave; null until the first answer. */
  payment: PaymentState | null;
  /** The server's refusal of the link itself (a 401, say): the problem's detail. */
  problem: string;
  /** Still due or processing after patienceMs: the page stops asking. */
  stillProcessing: boolean;
};

/** Refusals that say the link or the request is wrong, not that the payment is unsettled. */
const refusesLink = (e: unknown) => e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429;

/**
 * The payment of the registration behind token, followed until it settles.
 * Back from Checkout (sessionID set), the server is asked once to settle
 * that session now; then the state is read every pollMs while it is due
 * or processing. A server or network hiccup is never taken for a failure:
 * the page just asks again. Only the server's paid or released settles it.
 */
export function useSettledPayment(token: string, sessionID?: string): SettledPayment {
  const [payment, setPayment] = useState<PaymentState | null>(null);
  const [problem, setProblem] = useState("");
  const [stillProcessing, setStillProcessing] = useState(false);

  useEffect(() => {
    const client = withToken(token);
    const started = Date.now();
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async (first: boolean) => {
      let state: PaymentState | null = null;
      try {
        state = first && sessionID
          ? await client.post<PaymentState>(returnPath, { session_id: sessionID })
          // A session the server does not know for this registration settles nothing: the state says the rest.
          .catch((e) => (e instanceof ApiError && (e.status === 404 || e.status === 422) ? client.get<PaymentState>(paymentPath) : Promise.reject(e)))
          : await client.get<PaymentState>(paymentPath);
      } catch (e) {
        if (stopped) return;
        if (refusesLink(e)) {
          setProblem((e as ApiError).message);
          return;
        }
      }
      if (stopped) return;
      if (state) setPayment(state);
      if (state && !isPending(state.status)) return;
      if (Date.now() - started >= patienceMs) {
        setStillProcessing(true);
        return;
      }
      timer = setTimeout(() => look(false), pollMs);
    };
    look(true);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [token, sessionID]);

  return { payment, problem, stillProcessing };
}
