import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/preact";
import { fakeApi, problem } from "../../../testing/fakeApi";
import { AttendanceSoFar } from "./AttendanceSoFar";
import { base, eventID } from "./fixtures";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("AttendanceSoFar", () => {
  it("shows the summary of the attendance list", async () => {
    const calls = fakeApi({ [`GET ${base}/attendance`]: { status: 200, body: { items: [], next_cursor: null, summary: { confirmed: 40, present_now: 12, attended: 9 } } } });
    render(<AttendanceSoFar eventID={eventID} phaseChanges={0} tableHref="/manage/events/e1/attendance" />);
    const rows = await screen.findAllByRole("term");
    expect(rows.map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`))
      .toEqual(["Confirmed registrants: 40", "On the live page now: 12", "Attended: 9"]);
    expect(calls[0].query.get("limit")).toBe("1");
    expect(screen.getByRole("link", { name: "Everyone’s attendance" }).getAttribute("href")).toBe("/manage/events/e1/attendance");
  });

  it("tells a moderator who is not an organiser that it is not theirs to see", async () => {
    fakeApi({ [`GET ${base}/attendance`]: problem(403, "Only organisers may do that.") });
    render(<AttendanceSoFar eventID={eventID} phaseChanges={0} />);
    await screen.findByText("Only the event’s organisers see attendance.");
  });
});
