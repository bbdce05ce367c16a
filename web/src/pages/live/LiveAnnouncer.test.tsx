import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, render, screen } from "@testing-library/preact";
import { LiveAnnouncer, announceEveryMs } from "./LiveAnnouncer";
import { createLiveState } from "./liveState";
import { question } from "./fixtures";

afterEach(() => { cleanup(); vi.useRealTimers(); });

describe("LiveAnnouncer", () => {
  it("speaks a burst of new questions once, as a count, and then falls quiet", () => {
    vi.useFakeTimers();
    const state = createLiveState();
    render(<LiveAnnouncer take={state.takeAnnouncement} />);
    const region = screen.getByRole("status");
    expect(region.getAttribute("aria-live")).toBe("polite");
    for (const id of ["a", "b", "c"]) state.remoteQuestion(question(id));
    expect(region.textContent).toBe("");
    act(() => { vi.advanceTimersByTime(announceEveryMs); });
    expect(region.textContent).toBe("3 new questions.");
    act(() => { vi.advanceTimersByTime(announceEveryMs); });
    expect(region.textContent).toBe("");
  });
});
