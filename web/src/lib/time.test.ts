import { describe, expect, it } from "vitest";
import { calendarLinks, countdown, eventTimes, formatRange, offsetMinutes } from "./time";

describe("event times", () => {
  it("shows a summer London event in BST and hides the viewer's line when clocks agree", () => {
    const t = eventTimes("2022-06-23T09:00:00Z", "2022-06-23T10:15:00Z", "Europe/London", "Europe/London");
    expect(t.event).toBe("Thursday 23 June 2022, 10:00–11:15 BST");
    expect(t.viewer).toBeNull();
  });

  it("adds the viewer's zone when it differs", () => {
    const t = eventTimes("2022-06-23T09:00:00Z", "2022-06-23T10:15:00Z", "Europe/London", "America/New_York");
    // The zone's short name depends on the ICU data ("EDT" or "GMT-4").
    expect(t.viewer).toMatch(/^Thursday 23 June 2022, 05:00–06:15 (EDT|GMT-4)$/);
  });

  it("crosses the March clock change: starts in GMT, ends in BST", () => {
    const start = new Date("2027-03-28T00:30:00Z");
    const end = new Date("2027-03-28T02:30:00Z");
    expect(formatRange(start, end, "Europe/London")).toBe("Sunday 28 March 2027, 00:30–03:30 BST");
    expect(offsetMinutes(start, "Europe/London")).toBe(0);
    expect(offsetMinutes(end, "Europe/London")).toBe(60);
  });

  it("treats zones as the same only when their offsets match at both ends", () => {
    // Lisbon and London share offsets all year.
    expect(eventTimes("2027-03-28T00:30:00Z", "2027-03-28T02:30:00Z", "Europe/London", "Europe/Lisbon").viewer).toBeNull();
    // Reykjavik stays on UTC, so it differs once London moves to BST.
    expect(eventTimes("2027-03-28T00:30:00Z", "2027-03-28T02:30:00Z", "Europe/London", "Atlantic/Reykjavik").viewer).not.toBeNull();
  });

  it("spells out a multi-day range", () => {
    expect(formatRange(new Date("2026-12-31T23:00:00Z"), new Date("2027-01-01T01:00:00Z"), "UTC"))
      .toBe("Thursday 31 December 2026, 23:00–Friday 1 January 2027, 01:00 UTC");
  });
});

describe("countdown", () => {
  const now = new Date("2026-11-29T12:00:00Z");
  it.each([
    ["2026-12-01T15:30:00Z", "Starts in 2 days, 3 hours"],
    ["2026-11-29T13:01:00Z", "Starts in 1 hour, 1 minute"],
    ["2026-11-29T12:05:00Z", "Starts in 5 minutes"],
    ["2026-11-29T11:00:00Z", "Starting now"],
  ])("%s → %s", (start, want) => expect(countdown(now, start)).toBe(want));
});

describe("calendar links", () => {
  it("puts the UTC times and the page in Google and Outlook links", () => {
    const links = calendarLinks(
      { title: "Early intervention", summary: "A panel.", starts_at: "2022-06-23T09:00:00Z", ends_at: "2022-06-23T10:15:00Z" },
      "https://example.org/events/early-intervention",
    );
    const google = new URL(links.google);
    expect(google.searchParams.get("dates")).toBe("20220623T090000Z/20220623T101500Z");
    expect(google.searchParams.get("text")).toBe("Early intervention");
    const outlook = new URL(links.outlook);
    expect(outlook.searchParams.get("startdt")).toBe("2022-06-23T09:00:00Z");
    expect(outlook.searchParams.get("location")).toBe("https://example.org/events/early-intervention");
  });
});

describe("datetime-local in the event's zone", async () => {
  const { toZonedInput, fromZonedInput, fromZonedInputKeeping } = await import("./time");
  it("round-trips summer and winter London times", () => {
    expect(fromZonedInput("2022-06-23T10:00", "Europe/London")).toBe("2022-06-23T09:00:00Z");
    expect(fromZonedInput("2022-12-01T10:00", "Europe/London")).toBe("2022-12-01T10:00:00Z");
    expect(toZonedInput("2022-06-23T09:00:00Z", "Europe/London")).toBe("2022-06-23T10:00");
  });
  it("handles the morning the clocks go forward", () => {
    expect(fromZonedInput("2027-03-28T00:30", "Europe/London")).toBe("2027-03-28T00:30:00Z");
    expect(fromZonedInput("2027-03-28T03:30", "Europe/London")).toBe("2027-03-28T02:30:00Z");
  });
  it("works east of UTC", () => {
    expect(fromZonedInput("2026-12-01T09:00", "Asia/Tokyo")).toBe("2026-12-01T00:00:00Z");
  });

  it("saves an untouched field back as the instant it was", () => {
    // 01:30 on 31 October 2027 happens twice in London: BST, then GMT.
    const firstPass = "2027-10-31T00:30:00Z";
    expect(toZonedInput(firstPass, "Europe/London")).toBe("2027-10-31T01:30");
    expect(fromZonedInputKeeping("2027-10-31T01:30", "Europe/London", { instant: firstPass, zone: "Europe/London" })).toBe(firstPass);
    // Seconds the field does not show are kept too.
    expect(fromZonedInputKeeping("2031-01-10T14:30", "UTC", { instant: "2031-01-10T14:30:15Z", zone: "UTC" })).toBe("2031-01-10T14:30:15Z");
    // A changed time, or a changed zone, is read afresh.
    expect(fromZonedInputKeeping("2031-01-10T14:45", "UTC", { instant: "2031-01-10T14:30:15Z", zone: "UTC" })).toBe("2031-01-10T14:45:00Z");
    expect(fromZonedInputKeeping("2031-01-10T14:30", "Asia/Tokyo", { instant: "2031-01-10T14:30:15Z", zone: "UTC" })).toBe("2031-01-10T05:30:00Z");
    expect(fromZonedInputKeeping("2031-01-10T14:30", "UTC", {})).toBe("2031-01-10T14:30:00Z");
  });
});
