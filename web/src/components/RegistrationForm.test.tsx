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
  it("offers the free tickets, says who may take each, names the paid ones as not sold here, and sends the one chosen", async () => {
    const calls = fakeApi({
      "GET /api/v1/events/ev/registration-form": { status: 200, body: form },
      "GET /api/v1/events/ev/ticket-types": { status: 200, body: { items: [
        ticket("t1", "Public servants", 0, { eligibility: "sectors", sectors: ["central_government"] }),
        ticket("t2", "Everyone else", 0),
        ticket("t3", "Suppliers", 25000),
      ] } },
      "POST /api/v1/events/ev/registrations": { status: 202, body: { email: "a@example.org", message: "We have emailed a@example.org." } },
    });
    render(<RegistrationForm slug="ev" />);
    fireEvent.click(screen.getByRole("button", { name: "Register for this event" }));
    const group = await screen.findByRole("group", { name: "Ticket" });
    expect(within(group).getAllByRole("radio").map((r) => (r as HTMLInputElement).labels?.[0].textContent))
      .toEqual(["Public servants (Free)", "Everyone else (Free)"]);
    expect(group.textContent).toContain("For people in Central government.");
    expect(group.textContent).toContain("One ticket that costs money is not sold on this site yet.");
    expect(within(group).getAllByRole("radio").some((r) => (r as HTMLInputElement).checked)).toBe(false);
    fireEvent.click(within(group).getByLabelText("Everyone else (Free)"));
    fireEvent.click(screen.getByRole("button", { name: "Register" }));
    await screen.findByText("We have emailed a@example.org.");
    expect((calls.find((c) => c.method === "POST")?.body as { ticket_type_id?: string }).ticket_type_id).toBe("t2");
  });

  it("without ticket types sends none; with only paid ones says they cannot be bought here", async () => {
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
      "GET /api/v1/events/ev/ticket-types": { status: 200, body: { items: [ticket("t3", "Suppliers", 25000)] } },
    });
    render(<RegistrationForm slug="ev" />);
    fireEvent.click(screen.getByRole("button", { name: "Register for this event" }));
    await screen.findByText("Tickets for this event cost money, and paying online is not available on this site yet.");
    expect(screen.queryByRole("button", { name: "Register" })).toBeNull();
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
