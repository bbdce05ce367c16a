import { describe, expect, it } from "vitest";
import { summaryLine } from "./RegistrantsSummary";
import { answerText } from "./RegistrantAnswers";

const none = { confirmed: 0, waitlisted: 0, pending_approval: 0, pending_payment: 0, rejected: 0, cancelled: 0 };

describe("summaryLine", () => {
  it("counts places against the capacity, then who waits", () => {
    expect(summaryLine({ capacity: 50 }, { ...none, confirmed: 48, waitlisted: 3 })).toBe("48 of 50 places taken, 3 waiting.");
  });
  it("says when places are unlimited", () => {
    expect(summaryLine({ capacity: null }, { ...none, confirmed: 1, pending_approval: 2 }))
      .toBe("1 person registered; places are unlimited, 2 awaiting your approval.");
  });
  it("names cancelled and turned-down registrations only when there are some", () => {
    expect(summaryLine({ capacity: 1 }, { ...none, cancelled: 1, rejected: 2 })).toBe("0 of 1 place taken, 1 cancelled, 2 turned down.");
  });
});

describe("answerText", () => {
  it("puts every kind of answer in words", () => {
    expect(answerText(true)).toBe("Yes");
    expect(answerText(false)).toBe("No");
    expect(answerText(["Data", "Housing"])).toBe("Data, Housing");
    expect(answerText("  North ")).toBe("North");
    expect(answerText(undefined)).toBe("");
  });
});
