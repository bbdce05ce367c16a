import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type { EventDetail } from "../../../api/client";
import { fakeApi, problem } from "../../../testing/fakeApi";
import { PaymentsEditor } from "./PaymentsEditor";
import { RefundPolicyForm } from "./RefundPolicyForm";
import { policyRefund, totalsWords, type PaymentRow } from "./payments";

const event = { id: "e1", slug: "paid", title: "Paid", timezone: "Europe/London", status: "published", starts_at: "2031-06-05T09:00:00Z" } as EventDetail;
const settingsURL = "/api/v1/manage/events/e1/payment-settings";
const paymentsURL = "/api/v1/manage/events/e1/payments";
const typesURL = "/api/v1/manage/events/e1/ticket-types";
const codesURL = "/api/v1/manage/events/e1/promo-codes";

const row = (id: string, name: string, more: Partial<PaymentRow> = {}): PaymentRow => ({
  registration_id: id, name, email: `${name.split(" ")[0].toLowerCase()}@example.org`, ticket_name: "Supplier", status: "paid",
  amount: 1200, currency: "GBP", paid_at: "2031-01-01T10:05:00Z", refunded_amount: 0, hold_expires_at: null, created_at: "2031-01-01T10:00:00Z", checkout_session_id: "cs_test_1", payment_intent_id: null, ...more,
});
const seller = { legal_name: "Plenary Ltd", address: "1 High Street\nLeeds", vat_number: "", vat_rate_bp: 0, email: "", payment_terms_days: 30, updated_at: "2031-01-01T09:00:00Z" };
const totals = { currency: "GBP", paid: 3600, refunded: 0, due: 1200 };

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("payments' words", () => {
  it("refunds in full until the deadline and nothing after, or nothing without a policy", () => {
    const paid = { amount: 1200, refunded_amount: 200 };
    expect(policyRefund(paid, 14, event.starts_at, new Date("2031-05-22T09:00:00Z"))).toBe(1000);
    expect(policyRefund(paid, 14, event.starts_at, new Date("2031-05-22T09:00:01Z"))).toBe(0);
    expect(policyRefund(paid, null, event.starts_at, new Date("2030-01-01T00:00:00Z"))).toBe(0);
    expect(totalsWords(totals)).toBe("Taken £36.00; refunded £0.00; held and not yet paid £12.00.");
    expect(totalsWords({ currency: null, paid: 0, refunded: 0, due: 0 })).toBe("No payments yet.");
  });
});

describe("RefundPolicyForm", () => {
  it.each([[14, "14"], [0, "0"], [null, ""]])("saves a policy of %s left unchanged exactly as it was", async (days, shown) => {
    const calls = fakeApi({ [`PUT ${settingsURL}`]: { status: 200, body: { refund_until_days_before: days, invoices: "off" } } });
    const onSaved = vi.fn();
    render(<RefundPolicyForm eventID="e1" saved={{ refund_until_days_before: days, invoices: "off" }} onSaved={onSaved} />);
    expect((screen.getByLabelText(/Refund in full until how many days/) as HTMLInputElement).value).toBe(shown);
    fireEvent.click(screen.getByRole("button", { name: "Save payment policy" }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith({ refund_until_days_before: days, invoices: "off" }));
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ refund_until_days_before: days, invoices: "off" });
    expect(screen.getByRole("status").textContent).toBe("The payment policy is saved.");
  });

  it("asks for a whole number of days before sending", async () => {
    const calls = fakeApi({});
    render(<RefundPolicyForm eventID="e1" saved={{ refund_until_days_before: null, invoices: "off" }} onSaved={vi.fn()} />);
    fireEvent.input(screen.getByLabelText(/Refund in full until how many days/), { target: { value: "2 weeks" } });
    fireEvent.click(screen.getByRole("button", { name: "Save payment policy" }));
    await screen.findByRole("alert");
    expect(calls.filter((c) => c.method === "PUT")).toEqual([]);
  });
});

describe("the organiser's payments", () => {
  const routes = (extra = {}) => fakeApi({
    [`GET ${typesURL}`]: { status: 200, body: { items: [], next_cursor: null } },
    [`GET ${codesURL}`]: { status: 200, body: { items: [], next_cursor: null } },
    [`GET ${settingsURL}`]: { status: 200, body: { refund_until_days_before: null } },
    "GET /api/v1/manage/seller": { status: 200, body: seller },
    "GET /api/v1/manage/events/e1/documents": { status: 200, body: { items: [], next_cursor: null } },
    "GET /api/v1/manage/invoices/overdue": { status: 200, body: { items: [], next_cursor: null } },
    [`GET ${paymentsURL}`]: (c) => (c.query.get("cursor") === "next-1"
      ? { status: 200, body: { items: [row("r3", "Cy Third", { status: "due", paid_at: null })], next_cursor: null, totals } }
      : { status: 200, body: { items: [row("r1", "Ada Lovelace"), row("r2", "Bo Refunded", { status: "refunded", refunded_amount: 1200 })], next_cursor: "next-1", totals } }),
    ...extra,
  });

  it("lists payments with the totals, loads more, and offers a refund only on a paid row", async () => {
    const calls = routes();
    render(<PaymentsEditor event={event} organiser />);
    const table = await screen.findByRole("table", { name: "Payments, newest first" });
    expect(screen.getByText("Taken £36.00; refunded £0.00; held and not yet paid £12.00.")).toBeTruthy();
    expect(within(table).getByText("ada@example.org")).toBeTruthy();
    expect(within(table).getAllByRole("button", { name: /^Refund/ }).length).toBe(1);
    expect(within(table).getByRole("button", { name: "Refund Ada Lovelace" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Load more payments" }));
    await within(table).findByText("Cy Third");
    expect(within(table).getByText("awaiting payment")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Load more payments" })).toBeNull();
    expect(calls.filter((c) => c.path === paymentsURL).map((c) => c.query.get("cursor"))).toEqual([null, "next-1"]);
  });

  it("asks before refunding, says what the policy gives, and sends override_policy when ticked", async () => {
    const calls = routes({
      "POST /api/v1/manage/events/e1/registrations/r1/refund": { status: 200, body: {
        status: "refunded", ticket_name: "Supplier", amount: 1200, currency: "GBP", hold_expires_at: null, paid_at: "2031-01-01T10:05:00Z",
        refunded_amount: 1200, refund_if_cancelled: 0, documents: [],
      } },
    });
    render(<PaymentsEditor event={event} organiser />);
    fireEvent.click(await screen.findByRole("button", { name: "Refund Ada Lovelace" }));
    const dialog = await screen.findByRole("dialog", { name: "Refund Ada Lovelace?" });
    expect(dialog.textContent).toContain("The event's refund policy gives no refunds.");
    expect(dialog.textContent).toContain("By the policy, Ada Lovelace gets nothing back.");
    expect(calls.some((c) => c.method === "POST")).toBe(false); // asked first: nothing sent yet
    expect(within(dialog).getByRole("button", { name: "Cancel without a refund" })).toBeTruthy();
    fireEvent.click(within(dialog).getByLabelText("Refund in full regardless of the policy"));
    fireEvent.click(within(dialog).getByRole("button", { name: "Refund £12.00 and cancel" }));
    await screen.findByText("Refunded £12.00 to Ada Lovelace; their registration is cancelled.");
    const refund = calls.filter((c) => c.method === "POST");
    expect(refund).toHaveLength(1);
    expect(refund[0].path).toBe("/api/v1/manage/events/e1/registrations/r1/refund");
    expect(refund[0].body).toEqual({ override_policy: true });
    expect(calls.filter((c) => c.path === paymentsURL)).toHaveLength(2); // refreshed
  });

  it("keeps to the policy unless ticked, and tells Stripe's refusal", async () => {
    const calls = routes({
      [`GET ${settingsURL}`]: { status: 200, body: { refund_until_days_before: 0 } },
      "POST /api/v1/manage/events/e1/registrations/r1/refund": problem(502, "Stripe did not answer: nothing was refunded. Try again."),
    });
    render(<PaymentsEditor event={event} organiser />);
    fireEvent.click(await screen.findByRole("button", { name: "Refund Ada Lovelace" }));
    const dialog = await screen.findByRole("dialog", { name: "Refund Ada Lovelace?" });
    expect(dialog.textContent).toContain("By the policy, Ada Lovelace gets £12.00 back.");
    fireEvent.click(within(dialog).getByRole("button", { name: "Refund £12.00 and cancel" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Stripe did not answer: nothing was refunded. Try again.");
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ override_policy: false });
  });

  it("shows a moderator neither the policy nor the payments, and does not ask for them", async () => {
    const calls = routes();
    render(<PaymentsEditor event={event} organiser={false} />);
    await screen.findByText(/Only organisers see payments/);
    expect(screen.queryByRole("form", { name: "Refund policy" })).toBeNull();
    expect(calls.some((c) => c.path === paymentsURL || c.path === settingsURL || c.path.endsWith("/documents"))).toBe(false);
  });
});
