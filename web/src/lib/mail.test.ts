import { describe, expect, it } from "vitest";
import { countRecipients, describeLead } from "./mail";

describe("describeLead", () => {
  it("says how long before the start a reminder goes, in the largest whole unit", () => {
    expect([1440, 60, 90, 5, 2880, 10080, 43200].map(describeLead)).toEqual([
      "24 hours before", "1 hour before", "90 minutes before", "5 minutes before", "2 days before", "7 days before", "30 days before",
    ]);
  });
});

describe("countRecipients", () => {
  it("counts in words", () => {
    expect([0, 1, 12].map(countRecipients)).toEqual(["0 recipients", "1 recipient", "12 recipients"]);
  });
});
