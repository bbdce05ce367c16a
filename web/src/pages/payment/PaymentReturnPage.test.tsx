import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { LocationProvider, Route, Router } from "preact-iso";
import type { PaymentState } from "../../api/client";
import { fakeApi, problem, type Call } from "../../testing/fakeApi";
import { PaymentReturnPage } from "./PaymentReturnPage";
import { patienceMs, pollMs } from "./useSettledPayment";

const view = {
  event: { slug: "paid-event", title: "Paid event", timezone: "Europe/London", status: "published", starts_at: "2031-06-05T09:00:00Z", ends_at: "2031-06-05T10:00:00Z" },
  registration: { status: "pending_payment", email: "a@example.org" },
};
const state = (status: PaymentState["status"], more: Partial<PaymentState> = {}): PaymentState => ({
  status, ticket_name: "Supplier", amount: 1200, currency: "GBP", hold_expires_at: "2031-01-01T10:30:00Z", paid_at: null,
  refunded_amount: 0, refund_if_cancelled: 0, documents: [], ...more,
});
const paid = state("paid", { paid_at: "2031-01-01T10:05:00Z", documents: [{ id: "d1", kind: "receipt", number: "R-000001" }] });

const confirming = "We are confirming your payment…";
const failureWords = /did not go through|released|failed|refunded/i;

function open(address: string) {
  history.replaceState(null, "", address);
  render(
    <LocationProvider>
      <Router>
        <Route path="/r/:token/payment" component={PaymentReturnPage} />
        <Route default component={() => <p>Elsewhere</p>} />
      </Router>
    </LocationProvider>,
  );
}

const settle = async (ms: number) => { await act(async () => { await vi.advanceTimersByTimeAsync(ms); }); };
const gets = (calls: Call[]) => calls.filter((c) => c.method === "GET" && c.path === "/api/v1/registration/payment");

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("PaymentReturnPage", () => {
  it("settles the session once, polls every 2 s without ever telling a failure while due or processing, then shows paid", async () => {
    vi.useFakeTimers();
    const answers = [state("due"), state("processing"), state("processing"), paid];
    const calls = fakeApi({
      "GET /api/v1/registration": { status: 200, body: view },
      "POST /api/v1/registration/payment/return": { status: 200, body: state("due") },
      "GET /api/v1/registration/payment": () => ({ status: 200, body: answers.shift() }),
    });
    open("/r/tok-1/payment?session_id=cs_test_1");
    await settle(0);
    expect(screen.getByRole("status").textContent).toBe(confirming);
    for (let i = 0; i < 3; i++) {
      await settle(pollMs);
      expect(screen.getByRole("status").textContent).toBe(confirming);
      expect(document.body.textContent).not.toMatch(failureWords);
    }
    await settle(pollMs);
    expect(screen.getByRole("status").textContent).toBe("Payment received — you are registered");
    expect(document.body.textContent).toContain("You paid £12.00 for Supplier");
    expect(screen.getByRole("button", { name: "Download the receipt R-000001 (PDF)" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Back to your registration" }).getAttribute("href")).toBe("/r/tok-1");

    const returns = calls.filter((c) => c.path === "/api/v1/registration/payment/return");
    expect(returns).toHaveLength(1);
    expect(returns[0].body).toEqual({ session_id: "cs_test_1" });
    expect(returns[0].headers.Authorization).toBe("Bearer tok-1");
    expect(gets(calls)).toHaveLength(4);
    await settle(5 * pollMs);
    expect(gets(calls)).toHaveLength(4); // settled: no more asking
  });

  it("keeps confirming through a server hiccup, and after two minutes says it is still processing and stops asking", async () => {
    vi.useFakeTimers();
    let n = 0;
    const calls = fakeApi({
      "GET /api/v1/registration": { status: 200, body: view },
      "GET /api/v1/registration/payment": () => (++n === 2 ? problem(503, "The server is busy.") : { status: 200, body: state("processing") }),
    });
    open("/r/tok-1/payment");
    await settle(0);
    expect(calls.some((c) => c.path.endsWith("/payment/return"))).toBe(false); // no session to settle: just polls
    await settle(patienceMs - pollMs);
    expect(screen.getByRole("status").textContent).toBe(confirming);
    expect(document.body.textContent).not.toMatch(failureWords);
    expect(screen.queryByRole("alert")).toBeNull();
    await settle(2 * pollMs);
    expect(screen.getByRole("status").textContent)
      .toBe("Your payment is still being processed; we will email you when it is confirmed. You can close this page.");
    const asked = gets(calls).length;
    await settle(10 * pollMs);
    expect(gets(calls)).toHaveLength(asked);
  });

  it("shows an invoice issued with its hold and its download, and stops asking", async () => {
    vi.useFakeTimers();
    const calls = fakeApi({
      "GET /api/v1/registration": { status: 200, body: view },
      "GET /api/v1/registration/payment": { status: 200, body: state("invoiced", {
        hold_expires_at: "2031-01-31T10:30:00Z", documents: [{ id: "d3", kind: "invoice", number: "INV-000001" }],
      }) },
    });
    open("/r/tok-1/payment");
    await settle(0);
    expect(screen.getByRole("status").textContent).toBe("An invoice of £12.00 for Supplier has been issued.");
    expect(screen.getByText(/^Your place is held until Friday 31 January 2031, 10:30 GMT/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Download the invoice INV-000001 (PDF)" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Pay now" })).toBeNull();
    const asked = gets(calls).length;
    await settle(5 * pollMs);
    expect(gets(calls)).toHaveLength(asked);
  });

  it("says when the payment did not go through, with the event's page", async () => {
    vi.useFakeTimers();
    fakeApi({
      "GET /api/v1/registration": { status: 200, body: view },
      "POST /api/v1/registration/payment/return": { status: 200, body: state("processing") },
      "GET /api/v1/registration/payment": { status: 200, body: state("released") },
    });
    open("/r/tok-1/payment?session_id=cs_test_1");
    await settle(0);
    expect(screen.getByRole("status").textContent).toBe(confirming);
    await settle(pollMs);
    expect(screen.getByRole("status").textContent).toBe("Your payment did not go through and your place was released.");
    expect(screen.getByRole("link", { name: "Go to the event page" }).getAttribute("href")).toBe("/events/paid-event");
  });

  it("tells a link the server refuses with the problem's detail", async () => {
    fakeApi({
      "POST /api/v1/registration/payment/return": problem(401, "This link is not valid: it may have been replaced by a newer one."),
      "GET /api/v1/registration": problem(401, "This link is not valid: it may have been replaced by a newer one."),
    });
    open("/r/bad/payment?session_id=cs_test_1");
    expect((await screen.findByRole("alert")).textContent).toBe("This link is not valid: it may have been replaced by a newer one.");
  });

  it("downloads a receipt with the link's token, named by its number", async () => {
    const calls = fakeApi({
      "GET /api/v1/registration": { status: 200, body: view },
      "GET /api/v1/registration/payment": { status: 200, body: paid },
      "GET /api/v1/registration/documents/d1/pdf": { status: 200, body: new Blob(["%PDF-1.7"], { type: "application/pdf" }) },
    });
    vi.stubGlobal("URL", class extends URL {
      static createObjectURL = vi.fn(() => "blob:receipt");
      static revokeObjectURL = vi.fn();
    });
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) { names.push(this.download); });
    open("/r/tok-1/payment");
    fireEvent.click(await screen.findByRole("button", { name: "Download the receipt R-000001 (PDF)" }));
    await vi.waitFor(() => expect(names).toEqual(["R-000001.pdf"]));
    expect(calls.find((c) => c.path === "/api/v1/registration/documents/d1/pdf")?.headers.Authorization).toBe("Bearer tok-1");
  });
});
