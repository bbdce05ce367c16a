import { describe, expect, it } from "vitest";
import type { EventDetail } from "../../api/client";
import { nextStart } from "./AgendaEditor";

const item = (start: number, length: number) => ({ id: `i${start}`, title: "x", start_offset_minutes: start, duration_minutes: length, description: "", speakers: [] });

describe("nextStart", () => {
  it("starts a new item where the last one ends, or at the start", () => {
    expect(nextStart([])).toBe(0);
    expect(nextStart([item(0, 10), item(10, 25)] as EventDetail["agenda"])).toBe(35);
    // The last in the programme's order, even if an earlier one runs longer.
    expect(nextStart([item(0, 90), item(15, 5)] as EventDetail["agenda"])).toBe(20);
  });
});
