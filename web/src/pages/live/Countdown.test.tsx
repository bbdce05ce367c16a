import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, render, screen } from "@testing-library/preact";
import { Countdown, spokenStep, timeLeft } from "./Countdown";

afterEach(() => { cleanup(); vi.useRealTimers(); });

describe("timeLeft", () => {
  it("says the time in the largest sensible units", () => {
    expect(timeLeft(12 * 60_000)).toBe("12 min");
    expect(timeLeft(11 * 60_000 + 1)).toBe("12 min");
    expect(timeLeft(65 * 60_000)).toBe("1 hour 5 min");
    expect(timeLeft(120 * 60_000)).toBe("2 hours");
    expect(timeLeft((2 * 1440 + 180) * 60_000)).toBe("2 days 3 hours");
    expect(timeLeft(30_000)).toBe("less than a minute");
  });
});

describe("spokenStep", () => {
  it("changes only at a few steps, not each minute", () => {
    expect(spokenStep(90 * 60_000)).toBeNull();
    expect(spokenStep(59 * 60_000)).toBe(60);
    expect(spokenStep(31 * 60_000)).toBe(60);
    expect(spokenStep(30 * 60_000)).toBe(30);
    expect(spokenStep(12 * 60_000)).toBe(15);
    expect(spokenStep(4 * 60_000)).toBe(5);
    expect(spokenStep(50_000)).toBe(1);
  });
});

describe("Countdown", () => {
  it("shows the time left, speaks only at steps, and calls onOpen once when the time comes", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2031-06-05T08:33:00Z"));
    const onOpen = vi.fn();
    // The server's clock is a minute ahead of this browser's.
    render(<Countdown opensAt="2031-06-05T08:45:00Z" skewMs={60_000} onOpen={onOpen} />);
    expect(document.querySelector(".countdown__text")!.textContent).toBe("The stream opens in 11 min");
    const status = screen.getByRole("status");
    expect(status.textContent).toBe("The stream opens in 15 minutes or less.");
    act(() => { vi.advanceTimersByTime(60_000); });
    expect(document.querySelector(".countdown__text")!.textContent).toBe("The stream opens in 10 min");
    expect(status.textContent).toBe("The stream opens in 10 minutes or less.");
    act(() => { vi.advanceTimersByTime(60_000); });
    expect(status.textContent).toBe("The stream opens in 10 minutes or less."); // 9 min: no new step
    expect(onOpen).not.toHaveBeenCalled();
    act(() => { vi.advanceTimersByTime(10 * 60_000); });
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(status.textContent).toBe("The stream is opening.");
  });
});
