import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { fakeApi, problem } from "../testing/fakeApi";
import { placesLeftLine, RegistrationForm } from "./RegistrationForm";
import { errorLine } from "./ErrorSummary";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const form = {
  open: true, closed_reason: "", sectors: ["central_government", "local_government"], partner_consents: [],
  questions: [{ id: "q1", kind: "short_text", label: "What should the panel discuss?", required: true, options: [] }],
};

describe("RegistrationForm's error summary", () => {
  it("lists the errors in the order of the form, each punctuated once", async () => {
    // The server's problem lists fields alphabetically (Go's JSON sorts map keys).
    fakeApi({
      "GET /api/v1/events/ev/registration-form": { status: 200, body: form },
      "POST /api/v1/events/ev/registrations": problem(422, "Check the form.", {
        "answers.q1": "Answer this question..",
        email: "Enter an email address like name@example.org.",
        first_name: "Enter your first name (up to 100 characters).",
        last_name: "Enter your last name (up to 100 characters).",
        sector: "Choose the sector you work in.",
      }),
    });
    render(<RegistrationForm slug="ev" />);
    fireEvent.click(screen.getByRole("button", { name: "Register for this event" }));
    fireEvent.click(await screen.findByRole("button", { name: "Register" }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getAllByRole("link").map((a) => a.textContent)).toEqual([
      "First name: Enter your first name (up to 100 characters).",
      "Last name: Enter your last name (up to 100 characters).",
      "Email address: Enter an email address like name@example.org.",
      "Sector: Choose the sector you work in.",
      "What should the panel discuss?: Answer this question.",
    ]);
  });
});

const ticket = (id: string, name: string, price: number, more = {}) => ({
  id, name, description: "", price, currency: "GBP", eligibility: "anyone", sectors: [], email_domains: [], sales_close_at: null, ...more,
});

describe("RegistrationForm's ticket choice", () => {
  const types = [
    ticket("t1", "Public servants", 0, { eligibility: "sectors", sectors: ["central_government"] }),
    ticket("t2", "Everyone else", 0),
    ticket("t3", "Suppliers", 1200),
  ];

  it("offers every ticket with its price, says who may take each, and sends the one chosen", async () => {
    const calls = fakeApi({
      "GET /api/v1/events/ev/registration-form": { status: 200, body: form },
      "GET /api/v1/events/ev/ticket-types": { status: 200, body: { items: types } },
      "POST /api/v1/events/ev/registrations": { status: 202, body: { email: "a@example.org", message: "We have emailed a@example.org." } },
    });
    render(<RegistrationForm slug="ev" />);
    fireEvent.click(screen.getByRole("button", { name: "Register for this event" }));
    const group = await screen.findByRole("group", { name: "Ticket" });
    expect(within(group).getAllByRole("radio").map((r) => (r as HTMLInputElement).labels?.[0].textContent))
      .toEqual(["Public servants (Free)", "Everyone else (Free)", "Suppliers (£12.00)"]);
    expect(group.textContent).toContain("For people in Central government.");
    expect(within(group).getAllByRole("radio").some((r) => (r as HTMLInputElement).checked)).toBe(false);
    fireEvent.click(within(group).getByLabelText("Everyone else (Free)"));
    fireEvent.click(screen.getByRole("button", { name: "Register" }));
    await screen.findByText("We have emailed a@example.org.");
    const body = calls.find((c) => c.method === "POST")?.body;
    expect((body as { ticket_type_id?: string }).ticket_type_id).toBe("t2");
    expect(body).not.toHaveProperty("promo_code");
  });

  it("sends the promo code with a paid ticket and takes the buyer to Stripe's page", async () => {
    const assign = vi.fn();
    vi.stubGlobal("location", { ...window.location, assign });
    const calls = fakeApi({
      "GET /api/v1/events/ev/registration-form": { status: 200, body: form },
      "GET /api/v1/events/ev/ticket-types": { status: 200, body: { items: types } },
      "POST /api/v1/events/ev/registrations": { status: 202, body: {
        email: "a@example.org", message: "We have emailed a@example.org.",
        payment: { checkout_url: "https://checkout.stripe.test/c/cs_1", expires_at: "2031-01-01T10:30:00Z", amount: 1200, currency: "GBP" },
      } },
    });
    render(<RegistrationForm slug="ev" />);
    fireEvent.click(screen.getByRole("button", { name: "Register for this event" }));
    fireEvent.click(await screen.findByLabelText("Suppliers (£12.00)"));
    fireEvent.input(screen.getByLabelText("Promo code (optional)"), { target: { value: " EARLY25 " } });
    fireEvent.click(screen.getByRole("button", { name: "Register" }));
    expect((await screen.findByRole("status")).textContent).toBe("Taking you to pay £12.00…");
    expect(assign).toHaveBeenCalledWith("https://checkout.stripe.test/c/cs_1");
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({ ticket_type_id: "t3", promo_code: "EARLY25" });
  });

  it("says how to pay later when Stripe could not be reached, and stays on the page", async () => {
    const assign = vi.fn();
    vi.stubGlobal("location", { ...window.location, assign });
    fakeApi({
      "GET /api/v1/events/ev/registration-form": { status: 200, body: form },
      "GET /api/v1/events/ev/ticket-types": { status: 200, body: { items: types } },
      "POST /api/v1/events/ev/registrations": { status: 202, body: {
        email: "a@example.org", message: "Your place is held: pay from the link we emailed to a@example.org.",
        payment: { checkout_url: null, expires_at: "2031-01-01T10:30:00Z", amount: 1200, currency: "GBP" },
      } },
    });
    render(<RegistrationForm slug="ev" />);
    fireEvent.click(screen.getByRole("button", { name: "Register for this event" }));
    fireEvent.click(await screen.findByLabelText("Suppliers (£12.00)"));
    fireEvent.click(screen.getByRole("button", { name: "Register" }));
    await screen.findByText("Your place is held: pay from the link we emailed to a@example.org.");
    expect(assign).not.toHaveBeenCalled();
  });

  it("shows a refused promo code or ticket beside its field", async () => {
    fakeApi({
      "GET /api/v1/events/ev/registration-form": { status: 200, body: form },
      "GET /api/v1/events/ev/ticket-types": { status: 200, body: { items: types } },
      "POST /api/v1/events/ev/registrations": problem(422, "Check the form.", {
        promo_code: "This promo code is not valid.", ticket_type_id: "This ticket is for people in Central government.",
      }),
    });
    render(<RegistrationForm slug="ev" />);
    fireEvent.click(screen.getByRole("button", { name: "Register for this event" }));
    fireEvent.click(await screen.findByLabelText("Public servants (Free)"));
    fireEvent.input(screen.getByLabelText("Promo code (optional)"), { target: { value: "NOPE" } });
    fireEvent.click(screen.getByRole("button", { name: "Register" }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual(["#ticket_type_id", "#promo_code"]);
    expect(screen.getByLabelText("Promo code (optional)").getAttribute("aria-describedby")).toContain("promo_code-error");
    expect(document.getElementById("promo_code-error")?.textContent).toContain("This promo code is not valid.");
    expect(document.getElementById("ticket_type_id-error")?.textContent).toContain("This ticket is for people in Central government.");
  });

  it("without ticket types sends none and asks for no promo code; with only free ones asks for none either", async () => {
    const calls = fakeApi({
      "GET /api/v1/events/ev/registration-form": { status: 200, body: form },
      "GET /api/v1/events/ev/ticket-types": { status: 200, body: { items: [] } },
      "POST /api/v1/events/ev/registrations": { status: 202, body: { email: "a@example.org", message: "Sent." } },
    });
    render(<RegistrationForm slug="ev" />);
    fireEvent.click(screen.getByRole("button", { name: "Register for this event" }));
    fireEvent.click(await screen.findByRole("button", { name: "Register" }));
    await screen.findByText("Sent.");
    expect(screen.queryByRole("group", { name: "Ticket" })).toBeNull();
    expect(calls.find((c) => c.method === "POST")?.body).not.toHaveProperty("ticket_type_id");
    cleanup();

    fakeApi({
      "GET /api/v1/events/ev/registration-form": { status: 200, body: form },
      "GET /api/v1/events/ev/ticket-types": { status: 200, body: { items: types.slice(0, 2) } },
    });
    render(<RegistrationForm slug="ev" />);
    fireEvent.click(screen.getByRole("button", { name: "Register for this event" }));
    await screen.findByRole("group", { name: "Ticket" });
    expect(screen.queryByLabelText("Promo code (optional)")).toBeNull();
  });
});

describe("RegistrationForm's choice of paying by invoice", () => {
  const types = [ticket("t1", "Everyone", 0), ticket("t3", "Suppliers", 1200)];
  const routes = (more = {}) => fakeApi({
    "GET /api/v1/events/ev/registration-form": { status: 200, body: form },
    "GET /api/v1/events/ev/ticket-types": { status: 200, body: { items: types, invoices: true } },
    ...more,
  });
  const open = async () => {
    render(<RegistrationForm slug="ev" />);
    fireEvent.click(screen.getByRole("button", { name: "Register for this event" }));
    await screen.findByRole("group", { name: "Ticket" });
  };
  const fill = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

  it("asks how to pay only for a ticket that costs money, by card unless invoice is chosen", async () => {
    const calls = routes({ "POST /api/v1/events/ev/registrations": { status: 202, body: { email: "a@example.org", message: "Sent." } } });
    await open();
    expect(screen.queryByRole("group", { name: "How will you pay?" })).toBeNull();
    fireEvent.click(screen.getByLabelText("Everyone (Free)"));
    expect(screen.queryByRole("group", { name: "How will you pay?" })).toBeNull();
    fireEvent.click(screen.getByLabelText("Suppliers (£12.00)"));
    const how = screen.getByRole("group", { name: "How will you pay?" });
    expect((within(how).getByLabelText("By card") as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByLabelText("Organisation to invoice")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Register" }));
    await screen.findByText("Sent.");
    const body = calls.find((c) => c.method === "POST")?.body;
    expect(body).toMatchObject({ ticket_type_id: "t3", payment_method: "card" });
    expect(body).not.toHaveProperty("invoice");
  });

  it("sends no payment method for a free ticket", async () => {
    const calls = routes({ "POST /api/v1/events/ev/registrations": { status: 202, body: { email: "a@example.org", message: "Sent." } } });
    await open();
    fireEvent.click(screen.getByLabelText("Everyone (Free)"));
    fireEvent.click(screen.getByRole("button", { name: "Register" }));
    await screen.findByText("Sent.");
    const body = calls.find((c) => c.method === "POST")?.body;
    expect(body).not.toHaveProperty("payment_method");
    expect(body).not.toHaveProperty("invoice");
  });

  it("does not ask when the event takes no invoices", async () => {
    fakeApi({
      "GET /api/v1/events/ev/registration-form": { status: 200, body: form },
      "GET /api/v1/events/ev/ticket-types": { status: 200, body: { items: types, invoices: false } },
    });
    await open();
    fireEvent.click(screen.getByLabelText("Suppliers (£12.00)"));
    expect(screen.queryByRole("group", { name: "How will you pay?" })).toBeNull();
  });

  it("sends the invoice's details, and says the invoice is emailed", async () => {
    const assign = vi.fn();
    vi.stubGlobal("location", { ...window.location, assign });
    const calls = routes({ "POST /api/v1/events/ev/registrations": { status: 202, body: {
      email: "a@example.org", message: "We have emailed an invoice to a@example.org.",
    } } });
    await open();
    fireEvent.click(screen.getByLabelText("Suppliers (£12.00)"));
    fireEvent.click(screen.getByLabelText("By invoice (for organisations)"));
    fill("Organisation to invoice", " Department for Education ");
    fill("Billing address", "Sanctuary Buildings\nLondon SW1P 3BT");
    fill("Purchase order number (optional)", "PO-778");
    fireEvent.click(screen.getByRole("button", { name: "Register" }));
    await screen.findByText("We have emailed an invoice to a@example.org.");
    expect(assign).not.toHaveBeenCalled();
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({
      ticket_type_id: "t3", payment_method: "invoice",
      invoice: { buyer_name: "Department for Education", billing_address: "Sanctuary Buildings\nLondon SW1P 3BT", purchase_order: "PO-778" },
    });
  });

  it("leaves out an empty purchase order, and shows the invoice's errors beside its fields and in the summary", async () => {
    const calls = routes({ "POST /api/v1/events/ev/registrations": problem(422, "Check the form.", {
      "invoice.billing_address": "Enter the billing address.",
      "invoice.buyer_name": "Enter the organisation to invoice.",
      payment_method: "Choose how you will pay.",
    }) });
    await open();
    fireEvent.click(screen.getByLabelText("Suppliers (£12.00)"));
    fireEvent.click(screen.getByLabelText("By invoice (for organisations)"));
    fireEvent.click(screen.getByRole("button", { name: "Register" }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getAllByRole("link").map((a) => [a.getAttribute("href"), a.textContent])).toEqual([
      ["#payment_method", "How will you pay?: Choose how you will pay."],
      ["#invoice.buyer_name", "Organisation to invoice: Enter the organisation to invoice."],
      ["#invoice.billing_address", "Billing address: Enter the billing address."],
    ]);
    expect(screen.getByLabelText("Billing address").getAttribute("aria-describedby")).toContain("invoice.billing_address-error");
    expect(document.getElementById("invoice.buyer_name-error")?.textContent).toContain("Enter the organisation to invoice.");
    expect(document.getElementById("payment_method-error")?.textContent).toContain("Choose how you will pay.");
    const body = calls.find((c) => c.method === "POST")?.body as { invoice: object };
    expect(body.invoice).toEqual({ buyer_name: "", billing_address: "" });
  });

  it("tells a full event's refusal of an invoice", async () => {
    routes({ "POST /api/v1/events/ev/registrations": problem(409, "The event is full: an invoice needs a place free now.") });
    await open();
    fireEvent.click(screen.getByLabelText("Suppliers (£12.00)"));
    fireEvent.click(screen.getByLabelText("By invoice (for organisations)"));
    fireEvent.click(screen.getByRole("button", { name: "Register" }));
    expect((await screen.findByRole("alert")).textContent).toContain("The event is full: an invoice needs a place free now.");
  });
});

describe("errorLine", () => {
  it("keeps one full stop between and after the parts", () => {
    expect(errorLine("Dietary needs.", "This answer is required..")).toBe("Dietary needs: This answer is required.");
    expect(errorLine("Country:", "Keep the country to 100 characters. ")).toBe("Country: Keep the country to 100 characters.");
    expect(errorLine(undefined, "Enter a title.")).toBe("Enter a title.");
  });
});

describe("placesLeftLine", () => {
  it("counts the places left, says when only the waiting list is left, and says nothing without a capacity", () => {
    expect(placesLeftLine(12)).toBe("12 places left");
    expect(placesLeftLine(1)).toBe("1 place left");
    expect(placesLeftLine(0)).toBe("Waiting list only");
    expect(placesLeftLine(null)).toBe("");
  });
});

describe("RegistrationForm before it opens", () => {
  it("says the places left beside the button", () => {
    render(<RegistrationForm slug="ev" placesLeft={0} />);
    expect(screen.getByText("Waiting list only")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Register for this event" })).toBeTruthy();
  });
});
