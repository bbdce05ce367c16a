import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, render } from "@testing-library/preact";
import { fakeApi } from "../../testing/fakeApi";
import { heartbeatMs, useHeartbeat } from "./useHeartbeat";

function Beating({ active }: { active: boolean }) {
  useHeartbeat("tok-1", active);
  return null;
}

let visibility: DocumentVisibilityState = "visible";
afterEach(() => { cleanup(); vi.useRealTimers(); vi.unstubAllGlobals(); vi.restoreAllMocks(); visibility = "visible"; });

describe("useHeartbeat", () => {
  it("beats at once and every 30 s while the page is visible, and not while hidden", async () => {
    vi.useFakeTimers();
    vi.spyOn(document, "visibilityState", "get").mockImplementation(() => visibility);
    const calls = fakeApi({ "POST /api/v1/live/tok-1/heartbeat": { status: 200, body: { minutes_present: 0, attended: false } } });
    const beats = () => calls.filter((c) => c.method === "POST" && c.path === "/api/v1/live/tok-1/heartbeat").length;
    render(<Beating active />);
    await act(async () => { await vi.advanceTimersByTimeAsync(0); });
    expect(beats()).toBe(1);
    await act(async () => { await vi.advanceTimersByTimeAsync(heartbeatMs); });
    expect(beats()).toBe(2);
    visibility = "hidden";
    await act(async () => { await vi.advanceTimersByTimeAsync(3 * heartbeatMs); });
    expect(beats()).toBe(2);
    visibility = "visible";
    await act(async () => { await vi.advanceTimersByTimeAsync(heartbeatMs); });
    expect(beats()).toBe(3);
  });

  it("does not beat when the viewer is not watching", async () => {
    vi.useFakeTimers();
    const calls = fakeApi({});
    render(<Beating active={false} />);
    await act(async () => { await vi.advanceTimersByTimeAsync(2 * heartbeatMs); });
    expect(calls.filter((c) => c.path.endsWith("/heartbeat"))).toHaveLength(0);
  });
});
