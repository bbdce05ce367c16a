import { describe, expect, it } from "vitest";
import { formatMoney, parseMoney, toMajorInput } from "./money";

describe("parseMoney", () => {
  it("reads major units exactly, with no floating-point error", () => {
    expect(parseMoney("25.00", "GBP")).toEqual({ minor: 2500 });
    expect(parseMoney("0.29", "GBP")).toEqual({ minor: 29 });
    expect(parseMoney("1.1", "GBP")).toEqual({ minor: 110 });
    expect(parseMoney("19.99", "EUR")).toEqual({ minor: 1999 });
    expect(parseMoney("£1,250.50", "GBP")).toEqual({ minor: 125050 });
    expect(parseMoney("  7 ", "USD")).toEqual({ minor: 700 });
    expect(parseMoney("999999.99", "GBP")).toEqual({ minor: 99_999_999 });
    expect(parseMoney("2500", "JPY")).toEqual({ minor: 2500 });
  });
  it("takes empty as free, or refuses it when a value is needed", () => {
    expect(parseMoney("", "GBP")).toEqual({ minor: 0 });
    expect(parseMoney("", "GBP", false).error).toMatch(/Enter an amount in GBP/);
  });
  it("refuses what is not an amount", () => {
    expect(parseMoney("ten", "GBP").error).toMatch(/in figures/);
    expect(parseMoney("-5", "GBP").error).toMatch(/in figures/);
    expect(parseMoney("1.234", "GBP").error).toBe("Give at most 2 digits after the point in GBP.");
    expect(parseMoney("12.5", "JPY").error).toMatch(/no smaller unit/);
    expect(parseMoney("1000000", "GBP").error).toBe("Enter at most £999,999.99.");
  });
});

describe("formatMoney and toMajorInput", () => {
  it("formats minor units with the currency, Free for 0", () => {
    expect(formatMoney(0, "GBP")).toBe("Free");
    expect(formatMoney(2500, "GBP")).toBe("£25.00");
    expect(formatMoney(5, "EUR")).toBe("€0.05");
    expect(formatMoney(2500, "JPY")).toBe("JP¥2,500");
    expect(formatMoney(500, "GBP", "")).toBe("£5.00");
  });
  it("gives the form's text back for every amount it parses", () => {
    expect(toMajorInput(2500, "GBP")).toBe("25.00");
    expect(toMajorInput(5, "GBP")).toBe("0.05");
    expect(toMajorInput(0, "GBP")).toBe("0.00");
    expect(toMajorInput(null, "GBP")).toBe("");
    for (const minor of [1, 29, 110, 1999, 99_999_999]) expect(parseMoney(toMajorInput(minor, "GBP"), "GBP")).toEqual({ minor });
  });
});
