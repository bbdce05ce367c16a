// What a registrant watched of the replay, reported to the server as the
// stretches of the recording played (POST /api/v1/replay/{token}/progress).
// The registrant's live-page token is kept for the tab by the replay link
// page (/r/{token}/replay), so the event page's address names no one.

const key = (slug: string) => `plenary:replay-viewer:${slug}`;

/** Keeps the registrant's token for this event's replay, for this tab. */
export function rememberViewer(slug: string, token: string) {
  try { sessionStorage.setItem(key(slug), token); } catch { /* storage off: the replay plays, uncounted */ }
}

/** The token kept for this event's replay, if the tab came through a replay link. */
export function viewerFor(slug: string): string | null {
  try { return sessionStorage.getItem(key(slug)); } catch { return null; }
}

/** How often a playing video reports. */
export const reportEveryMs = 15_000;

/** A stretch played, in ms into the recording. */
export type Stretch = { from_ms: number; to_ms: number };

/**
 * Follows one video's playback: where the current stretch began, and
 * where playback has reached. take() ends the stretch (to report it) and
 * starts the next where it ended; a seek ends the stretch at the time
 * before the seek and starts the next at the new one.
 */
export class Tracker {
  private from: number | null = null;
  private reached = 0;

  /** Playback started or resumed at t seconds; "playing" again after a stall keeps the stretch going. */
  play(t: number) { if (this.from === null) { this.from = t; this.reached = t; } }

  /** Playback reached t seconds (timeupdate while playing). */
  at(t: number) { if (this.from !== null && t >= this.from) this.reached = t; }

  /** The stretch played since the last take, if any; the next starts where it ended. */
  take(): Stretch | null {
    if (this.from === null) return null;
    const from_ms = Math.round(this.from * 1000), to_ms = Math.round(this.reached * 1000);
    this.from = this.reached;
    return to_ms - from_ms >= 250 ? { from_ms, to_ms } : null;
  }

  /** Playback stopped (pause, end): the stretch so far, and none follows until play. */
  stop(): Stretch | null { const s = this.take(); this.from = null; return s; }

  /** The viewer jumped to t seconds: the stretch before the jump, and the next starts at t if playing. */
  seek(t: number, playing: boolean): Stretch | null {
    const s = this.take();
    this.from = playing ? t : null;
    this.reached = t;
    return s;
  }
}

/** Sends one report; it outlives the page (keepalive), and carries no cookie, only the token. */
export function report(token: string, s: Stretch) {
  void fetch(`/api/v1/replay/${encodeURIComponent(token)}/progress`, {
    method: "POST", keepalive: true, credentials: "omit",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify(s),
  }).catch(() => undefined); // a lost report costs at most 15 s of the count
}
