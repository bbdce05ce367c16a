import { useEffect, type MutableRef } from "preact/hooks";
import { report, reportEveryMs, Tracker } from "./progress";

/**
 * Reports what the video plays, for a registrant who came through their
 * replay link (token): every 15 s while it plays, and when it pauses,
 * ends, jumps, or the page is hidden or left.
 */
export function useReplayProgress(video: MutableRef<HTMLVideoElement | null>, token: string | null, ready: boolean) {
  useEffect(() => {
    const v = video.current;
    if (!v || !token) return;
    const tracker = new Tracker();
    const send = (s: ReturnType<Tracker["take"]>) => { if (s) report(token, s); };
    const onPlaying = () => tracker.play(v.currentTime);
    const onTime = () => { if (!v.paused && !v.seeking) tracker.at(v.currentTime); };
    const onPause = () => send(tracker.stop());
    // At "seeking" the video is already at its new time: the stretch ends where timeupdate last saw it.
    const onSeeking = () => send(tracker.seek(v.currentTime, false));
    const onSeeked = () => { if (!v.paused) tracker.play(v.currentTime); };
    const onHide = () => { if (document.visibilityState === "hidden") send(tracker.take()); };
    const onLeave = () => send(tracker.take());
    const listeners: [EventTarget, string, () => void][] = [
      [v, "playing", onPlaying], [v, "timeupdate", onTime], [v, "pause", onPause], [v, "ended", onPause],
      [v, "seeking", onSeeking], [v, "seeked", onSeeked], [document, "visibilitychange", onHide], [window, "pagehide", onLeave],
    ];
    for (const [target, name, fn] of listeners) target.addEventListener(name, fn);
    const timer = setInterval(() => { if (!v.paused) send(tracker.take()); }, reportEveryMs);
    return () => {
      send(tracker.stop());
      clearInterval(timer);
      for (const [target, name, fn] of listeners) target.removeEventListener(name, fn);
    };
  }, [token, ready]);
}
