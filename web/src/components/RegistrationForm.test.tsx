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
