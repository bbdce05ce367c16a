import { useEffect } from "preact/hooks";
import { api } from "../../api/client";
import type { Heartbeat } from "./liveTypes";

/** How often a visible page tells the server its viewer is there. */
export const heartbeatMs = 30_000;

/**
 * Sends a heartbeat when the page opens and every 30 s after, but only while
 * the page is visible: a tab left in the background is not someone watching,
 * and attendance is counted from these minutes.
 */
export function useHeartbeat(token: string, active: boolean) {
  useEffect(() => {
    if (!active) return;
    const beat = () => {
      if (document.visibilityState !== "visible") return;
      api.post<Heartbeat>(`/api/v1/live/${encodeURIComponent(token)}/heartbeat`).catch(() => {
        // A missed beat costs at most half a minute of attendance; the next one tries again.
      });
    };
    beat();
    const timer = setInterval(beat, heartbeatMs);
    return () => clearInterval(timer);
  }, [token, active]);
}
