import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { LocationProvider, Route, Router } from "preact-iso";
import type { PaymentState } from "../../api/client";
import { fakeApi } from "../../testing/fakeApi";
import { ManageRegistrationPage } from "../ManageRegistrationPage";

const view = (status: string) => ({
  event: { slug: "paid-event", title: "Paid event", timezone: "Europe/London", status: "published", starts_at: "2031-06-05T09:00:00Z", ends_at: "2031-06-05T10:00:00Z" },
  registration: { status, email: "a@example.org", first_name: "Ada", last_name: "L", job_title: "", organisation: "", sector: "education", country: "", accessibility_needs: "", partner_consents: [] },
  live_url: "/live/tok-1",
});
const state = (status: PaymentState["status"], more: Partial<PaymentState> = {}): PaymentState => ({
  status, ticket_name: "Supplier", amount: 1200, currency: "GBP", hold_expires_at: "2031-01-01T10:30:00Z", paid_at: null,
  refunded_amount: 0, refund_if_cancelled: 0, documents: [], ...more,
});

function open(address: string) {
  history.replaceState(null, "", address);
  render(
    <LocationProvider>
      <Router>
        <Route path="/r/:token" component={ManageRegistrationPage} />
        <Route default component={() => <p>Elsewhere</p>} />
      </Router>
    </LocationProvider>,
  );
}

const payment = () => screen.findByRole("region", { name: "Payment" });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the registration page's payment", () => {
  it("says what is owed and until when, and Pay now asks for one checkout however often it is pressed", async () => {
    const assign = vi.fn();
    const calls = fakeApi({
      "GET /api/v1/registration": { status: 200, body: view("pending_payment") },
      "GET /api/v1/registration/payment": { status: 200, body: state("due") },
      "POST /api/v1/registration/payment/checkout": { status: 200, body: {
        checkout_url: "https://checkout.stripe.test/c/cs_2", expires_at: "2031-01-01T10:30:00Z", amount: 1200, currency: "GBP",
      } },
    });
    open("/r/tok-1");
    const part = await payment();
    expect(part.textContent).toContain("You owe £12.00 for Supplier.");
    expect(part.textContent).toContain("Your place is held until Wednesday 1 January 2031, 10:30 GMT");
    expect(within(part).queryByText(/You have not paid yet/)).toBeNull();
    vi.stubGlobal("location", { ...window.location, assign });
    const pay = within(part).getByRole("button", { name: "Pay now" });
    fireEvent.click(pay);
    fireEvent.click(pay);
    await waitFor(() => expect(assign).toHaveBeenCalledWith("https://checkout.stripe.test/c/cs_2"));
    fireEvent.click(pay);
    expect((pay as HTMLButtonElement).disabled).toBe(true);
    const checkouts = calls.filter((c) => c.method === "POST" && c.path === "/api/v1/registration/payment/checkout");
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0].headers.Authorization).toBe("Bearer tok-1");
    expect(within(part).getByRole("status").textContent).toBe("Taking you to pay £12.00…");
  });

  it("tells a buyer back from Checkout's cancel link that the place is still held", async () => {
    fakeApi({
      "GET /api/v1/registration": { status: 200, body: view("pending_payment") },
      "GET /api/v1/registration/payment": { status: 200, body: state("due") },
    });
    open("/r/tok-1?payment=cancelled");
    const part = await payment();
    expect(within(part).getByText(/^You have not paid yet; your place is held until/).textContent)
      .toContain("Wednesday 1 January 2031, 10:30 GMT");
  });

  it("says nothing of payment when nothing is owed", async () => {
    fakeApi({
      "GET /api/v1/registration": { status: 200, body: view("confirmed") },
      "GET /api/v1/registration/payment": { status: 200, body: state("none", { ticket_name: null, amount: 0, currency: null, hold_expires_at: null }) },
    });
    open("/r/tok-1");
    await screen.findByText("Your place is confirmed.");
    expect(screen.queryByRole("region", { name: "Payment" })).toBeNull();
  });

  it("shows a processing payment, a paid one with its receipt, and a refund", async () => {
    const routes = (p: PaymentState) => fakeApi({
      "GET /api/v1/registration": { status: 200, body: view("confirmed") },
      "GET /api/v1/registration/payment": { status: 200, body: p },
    });
    routes(state("processing"));
    open("/r/tok-1");
    expect((await payment()).textContent).toContain("Your payment of £12.00 for Supplier is being processed.");
    cleanup();

    routes(state("paid", { paid_at: "2031-01-01T10:05:00Z", documents: [{ id: "d1", kind: "receipt", number: "R-000001" }] }));
    open("/r/tok-1");
    const paid = await payment();
    expect(paid.textContent).toContain("You paid £12.00 for Supplier on Wednesday 1 January 2031, 10:05 GMT");
    expect(within(paid).getByRole("button", { name: "Download the receipt R-000001 (PDF)" })).toBeTruthy();
    cleanup();

    routes(state("refunded", { refunded_amount: 600, documents: [{ id: "d2", kind: "credit_note", number: "C-000001" }] }));
    open("/r/tok-1");
    const refunded = await payment();
    expect(refunded.textContent).toContain("£6.00 of your payment of £12.00 has been refunded.");
    expect(within(refunded).getByRole("button", { name: "Download the credit note C-000001 (PDF)" })).toBeTruthy();
  });

  it("shows an invoice issued, with the place held until its time or confirmed, its download, and nothing to pay here", async () => {
    const invoice = [{ id: "d3", kind: "invoice" as const, number: "INV-000001" }];
    fakeApi({
      "GET /api/v1/registration": { status: 200, body: view("pending_payment") },
      "GET /api/v1/registration/payment": { status: 200, body: state("invoiced", { hold_expires_at: "2031-01-31T10:30:00Z", documents: invoice }) },
    });
    open("/r/tok-1");
    const held = await payment();
    expect(held.textContent).toContain("An invoice of £12.00 for Supplier has been issued.");
    expect(held.textContent).toContain("Your place is held until Friday 31 January 2031, 10:30 GMT");
    expect(within(held).getByRole("button", { name: "Download the invoice INV-000001 (PDF)" })).toBeTruthy();
    expect(within(held).queryByRole("button", { name: "Pay now" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Pay now" })).toBeNull();
    cleanup();

    fakeApi({
      "GET /api/v1/registration": { status: 200, body: view("confirmed") },
      "GET /api/v1/registration/payment": { status: 200, body: state("invoiced", { hold_expires_at: null, documents: invoice }) },
    });
    open("/r/tok-1");
    const confirmed = await payment();
    expect(confirmed.textContent).toContain("An invoice of £12.00 for Supplier has been issued.");
    expect(confirmed.textContent).toContain("Your place is confirmed; please pay the invoice by its due date.");
    expect(confirmed.textContent).not.toContain("held until");
    expect(within(confirmed).getByRole("button", { name: "Download the invoice INV-000001 (PDF)" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Pay now" })).toBeNull();
  });

  it("says in the cancel dialog what a paid registration gets back, or that the refund period has ended", async () => {
    for (const [refund, said] of [[1200, "We will refund £12.00 to the card you paid with."], [0, "No refund: the refund period has ended."]] as const) {
      fakeApi({
        "GET /api/v1/registration": { status: 200, body: view("confirmed") },
        "GET /api/v1/registration/payment": { status: 200, body: state("paid", { paid_at: "2031-01-01T10:05:00Z", refund_if_cancelled: refund }) },
      });
      open("/r/tok-1");
      await payment();
      fireEvent.click(screen.getByRole("button", { name: "Cancel my registration" }));
      const dialog = await screen.findByRole("dialog", { name: "Cancel your registration?" });
      await waitFor(() => expect(dialog.textContent).toContain(said));
      cleanup();
    }
  });
});
