import { describe, expect, it } from "vitest";
import { clock, clockField, parseClock } from "./clock";

describe("clock", () => {
  it.each([
    [0, "0:00"], [5_000, "0:05"], [65_999, "1:05"], [3_599_000, "59:59"], [3_600_000, "1:00:00"], [4_530_000, "1:15:30"],
  ])("%d ms → %s", (ms, text) => {
    expect(clock(ms)).toBe(text);
  });
});

describe("clockField", () => {
  it("keeps milliseconds when there are any, so the field reads back what was saved", () => {
    expect(clockField(12_000)).toBe("0:12");
    expect(clockField(12_345)).toBe("0:12.345");
    expect(clockField(12_500)).toBe("0:12.5");
    expect(clockField(3_600_050)).toBe("1:00:00.05");
    for (const ms of [0, 999, 12_345, 600_000, 3_661_001, 86_400_000]) expect(parseClock(clockField(ms))).toBe(ms);
  });
});

describe("parseClock", () => {
  it.each([
    ["0:00", 0], ["5:30", 330_000], ["05:30", 330_000], [" 1:02:30 ", 3_750_000], ["75:00", 4_500_000],
    ["0:12.3", 12_300], ["0:12,25", 12_250], ["24:00:00", 86_400_000],
  ])("%s → %d ms", (text, ms) => {
    expect(parseClock(text)).toBe(ms);
  });

  it.each(["", "5", "90", "5:3", "5:60", "1:60:00", "1:2:30", "a:bc", "-1:00", "1:00:00:00", "0:12.3456", "24:00:01"])(
    "refuses %j", (text) => {
      expect(parseClock(text)).toBeNull();
    });
});
