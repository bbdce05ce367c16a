import { useEffect, useState } from "preact/hooks";

/** How often gathered news is spoken: at most one announcement in this time. */
export const announceEveryMs = 5_000;

/**
 * A polite live region that speaks what happened since it last spoke
 * ("3 new questions."), at most every few seconds, so a busy session
 * never floods a screen reader with one announcement per message.
 */
export function LiveAnnouncer({ take }: { take: () => string }) {
  const [said, setSaid] = useState("");
  useEffect(() => {
    const timer = setInterval(() => {
      const next = take();
      // Cleared when there is no news, so the same words next time are a change and are spoken.
      setSaid(next);
    }, announceEveryMs);
    return () => clearInterval(timer);
  }, [take]);
  return <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">{said}</div>;
}
