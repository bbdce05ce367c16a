import { describe, expect, it } from "vitest";
import { Tracker } from "./progress";

describe("Tracker", () => {
  it("reports the stretch played since the last report, and starts the next where it ended", () => {
    const t = new Tracker();
    expect(t.take()).toBeNull(); // nothing played yet
    t.play(12);
    t.at(12.25);
    t.at(27.5);
    expect(t.take()).toEqual({ from_ms: 12_000, to_ms: 27_500 });
    t.at(30);
    expect(t.stop()).toEqual({ from_ms: 27_500, to_ms: 30_000 });
    t.at(40); // no timeupdate counts while stopped
    expect(t.take()).toBeNull();
  });

  it("ends a stretch at a jump and starts the next at the new time", () => {
    const t = new Tracker();
    t.play(0);
    t.at(5);
    expect(t.seek(100, false)).toEqual({ from_ms: 0, to_ms: 5_000 });
    t.play(100); // seeked, still playing
    t.at(104);
    expect(t.stop()).toEqual({ from_ms: 100_000, to_ms: 104_000 });
  });

  it("keeps a stretch going through a stall (the video fires playing again when it resumes)", () => {
    const t = new Tracker();
    t.play(12);
    t.at(18);
    t.play(18.9); // waiting, then playing
    t.at(24);
    expect(t.stop()).toEqual({ from_ms: 12_000, to_ms: 24_000 });
  });

  it("leaves out stretches too short to be watching, and time going backwards", () => {
    const t = new Tracker();
    t.play(10);
    t.at(10.1);
    expect(t.take()).toBeNull();
    t.at(9); // a stale timeupdate from before a jump back
    t.at(11);
    expect(t.take()).toEqual({ from_ms: 10_100, to_ms: 11_000 });
  });
});
