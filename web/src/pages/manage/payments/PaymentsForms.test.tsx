import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type { EventDetail } from "../../../api/client";
import { fakeApi, problem } from "../../../testing/fakeApi";
import { PromoCodeForm } from "./PromoCodeForm";
import { TicketTypeForm } from "./TicketTypeForm";
import { PaymentsEditor } from "./PaymentsEditor";
import { discountWords, eligibilityWords, salesWindowWords, usesWords, type PromoCode, type TicketType } from "./tickets";

const event = { id: "e1", slug: "paid", title: "Paid", timezone: "Europe/London", status: "draft" } as EventDetail;
const typesURL = "/api/v1/manage/events/e1/ticket-types";
const codesURL = "/api/v1/manage/events/e1/promo-codes";
const standard: TicketType = {
  id: "t1", event_id: "e1", name: "Standard", description: "For all", price: 2550, currency: "GBP", eligibility: "sectors",
  sectors: ["education"], email_domains: [], quantity: 30, sales_open_at: "2031-01-10T09:30:15Z", sales_close_at: null,
  created_at: "2026-12-01T10:00:00Z", updated_at: "2026-12-01T10:00:00Z",
};
const early: PromoCode = {
  id: "p1", event_id: "e1", code: "EARLY", percent_off: null, amount_off: 500, currency: "GBP", max_uses: 10, uses: 3,
  expires_at: null, ticket_type_ids: ["t1"], created_at: "2026-12-01T10:00:00Z", updated_at: "2026-12-01T10:00:00Z",
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const submitButton = (name: string) => fireEvent.click(screen.getByRole("button", { name }));

describe("the list's words", () => {
  it("says who may buy, when, and what a code takes off", () => {
    expect(eligibilityWords(standard)).toBe("Only people in Education");
    expect(eligibilityWords({ eligibility: "email_domains", sectors: [], email_domains: ["gov.uk", "*.gov.scot"] })).toBe("Only email addresses at gov.uk, *.gov.scot");
    expect(salesWindowWords("2031-06-04T16:00:00Z", null, "Europe/London")).toBe("From 4 Jun 2031, 17:00 BST");
    expect(discountWords(early)).toBe("£5.00 off");
    expect(discountWords({ ...early, percent_off: 25, amount_off: null })).toBe("25% off");
    expect(usesWords(early)).toBe("3 of 10");
    expect(usesWords({ ...early, max_uses: null })).toBe("3 used");
  });
});

describe("TicketTypeForm", () => {
  it("saves a type opened and left unchanged exactly as it was", async () => {
    const calls = fakeApi({ [`PUT ${typesURL}/t1`]: { status: 200, body: standard } });
    const onSaved = vi.fn();
    render(<TicketTypeForm event={event} ticketType={standard} idPrefix="t-" onSaved={onSaved} />);
    expect((screen.getByLabelText("Price") as HTMLInputElement).value).toBe("25.50");
    submitButton("Save ticket type");
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const { id: _i, event_id: _e, created_at: _c, updated_at: _u, ...input } = standard;
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual(input);
  });

  it("refuses a price it cannot read before sending anything", async () => {
    const calls = fakeApi({});
    render(<TicketTypeForm event={event} idPrefix="t_" onSaved={vi.fn()} />);
    fireEvent.input(screen.getByLabelText("Name"), { target: { value: "Standard" } });
    fireEvent.input(screen.getByLabelText("Price"), { target: { value: "12.345" } });
    submitButton("Add ticket type");
    await screen.findByText("Price: Give at most 2 digits after the point in GBP.");
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
  });

  it("sends the price in minor units and tells the 409 without losing what was typed", async () => {
    const calls = fakeApi({
      [`POST ${typesURL}`]: problem(409, "Card payments need Stripe: the server has no STRIPE_SECRET_KEY. Ask whoever runs the server to configure Stripe."),
    });
    render(<TicketTypeForm event={event} idPrefix="t_" onSaved={vi.fn()} />);
    fireEvent.input(screen.getByLabelText("Name"), { target: { value: "Supporter" } });
    fireEvent.input(screen.getByLabelText("Price"), { target: { value: "19.99" } });
    submitButton("Add ticket type");
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText(/Card payments need Stripe/)).toBeTruthy();
    expect((calls.find((c) => c.method === "POST")?.body as { price: number }).price).toBe(1999);
    expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe("Supporter");
    expect((screen.getByLabelText("Price") as HTMLInputElement).value).toBe("19.99");
  });

  it("shows the server's field errors beside their fields", async () => {
    fakeApi({ [`POST ${typesURL}`]: problem(422, "Check the ticket type.", { currency: "This event's other tickets are priced in EUR: price this one in EUR too." }) });
    render(<TicketTypeForm event={event} idPrefix="t_" onSaved={vi.fn()} />);
    fireEvent.input(screen.getByLabelText("Name"), { target: { value: "Standard" } });
    submitButton("Add ticket type");
    await screen.findByText("Currency: This event's other tickets are priced in EUR: price this one in EUR too.");
    expect(screen.getByLabelText("Currency").getAttribute("aria-describedby")).toContain("t_currency-error");
  });
});

describe("PromoCodeForm", () => {
  it("saves a code opened and left unchanged exactly as it was", async () => {
    const calls = fakeApi({ [`PUT ${codesURL}/p1`]: { status: 200, body: early } });
    const onSaved = vi.fn();
    render(<PromoCodeForm event={event} promo={early} types={[standard]} currency="GBP" idPrefix="p-" onSaved={onSaved} />);
    submitButton("Save promo code");
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({
      code: "EARLY", percent_off: null, amount_off: 500, currency: "GBP", max_uses: 10, expires_at: null, ticket_type_ids: ["t1"],
    });
  });

  it("asks for a whole percentage before sending", async () => {
    const calls = fakeApi({});
    render(<PromoCodeForm event={event} types={[]} currency="GBP" idPrefix="p_" onSaved={vi.fn()} />);
    fireEvent.input(screen.getByLabelText("Code"), { target: { value: "HALF" } });
    fireEvent.input(screen.getByLabelText("Percentage off"), { target: { value: "12.5" } });
    submitButton("Add promo code");
    await screen.findByText("Percentage off: Enter the percentage off as a whole number from 1 to 100.");
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
  });
});

describe("PaymentsEditor", () => {
  it("does not ask a moderator's browser for the promo codes", async () => {
    const calls = fakeApi({ [`GET ${typesURL}`]: { status: 200, body: { items: [standard], next_cursor: null } } });
    render(<PaymentsEditor event={event} organiser={false} />);
    await screen.findByText("Only people in Education");
    expect(screen.getByText(/Only organisers manage promo codes/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Edit/ })).toBeNull();
    expect(calls.some((c) => c.path === codesURL)).toBe(false);
    expect(calls.some((c) => c.path === "/api/v1/manage/invoices/overdue")).toBe(false);
    expect(screen.queryByRole("heading", { name: "Overdue invoices" })).toBeNull();
  });

  it("shows an organiser the overdue invoices under the documents", async () => {
    fakeApi({
      [`GET ${typesURL}`]: { status: 200, body: { items: [standard], next_cursor: null } },
      [`GET ${codesURL}`]: { status: 200, body: { items: [], next_cursor: null } },
      "GET /api/v1/manage/invoices/overdue": { status: 200, body: { items: [], next_cursor: null } },
    });
    render(<PaymentsEditor event={event} organiser />);
    await screen.findByText("No invoice is overdue: every invoice issued is paid or not yet due.");
    const overdue = screen.getByRole("heading", { name: "Overdue invoices" }).closest("section");
    expect(overdue?.previousElementSibling?.querySelector("h2")?.textContent).toBe("Receipts, invoices and credit notes");
  });

  it("lists an organiser's codes with the types they are limited to", async () => {
    fakeApi({
      [`GET ${typesURL}`]: { status: 200, body: { items: [standard], next_cursor: null } },
      [`GET ${codesURL}`]: { status: 200, body: { items: [early], next_cursor: null } },
    });
    render(<PaymentsEditor event={event} organiser />);
    await screen.findByText("£5.00 off");
    expect(screen.getByText("3 of 10")).toBeTruthy();
    expect(screen.getByText("£25.50")).toBeTruthy();
  });
});
