import { useEffect, useState } from "preact/hooks";
import "./Countdown.css";

/** "2 days 3 hours", "1 hour 5 min", "12 min", "less than a minute". */
export function timeLeft(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (ms <= 60_000) return "less than a minute";
  const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (days > 0) return hours > 0 ? `${plural(days, "day")} ${plural(hours, "hour")}` : plural(days, "day");
  if (hours > 0) return mins > 0 ? `${plural(hours, "hour")} ${mins} min` : plural(hours, "hour");
  return `${mins} min`;
}

/** Minutes left at which a screen reader hears the countdown: a few, not every tick. */
export const spokenAt = [60, 30, 15, 10, 5, 2, 1];

/**
 * The step the countdown last passed (in minutes left), or null before the
 * first: a step changes rarely, so announcing each change stays polite.
 */
export function spokenStep(ms: number): number | null {
  const minutes = Math.ceil(ms / 60_000);
  return spokenAt.filter((m) => minutes <= m).at(-1) ?? null;
}

type Props = {
  opensAt: string;
  /** The server's clock minus this browser's, so a wrong local clock counts right. */
  skewMs: number;
  /** Called once when the time comes. */
  onOpen: () => void;
};

/** "The stream opens in 12 min", ticking each second, spoken only at a few steps. */
export function Countdown({ opensAt, skewMs, onOpen }: Props) {
  const left = () => new Date(opensAt).getTime() - (Date.now() + skewMs);
  const [ms, setMs] = useState(left);
  useEffect(() => {
    const timer = setInterval(() => {
      const now = left();
      setMs(now);
      if (now <= 0) {
        clearInterval(timer);
        onOpen();
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [opensAt, skewMs]);
  const step = spokenStep(ms);
  const opening = ms <= 0;
  return (
    <div class="countdown">
      <p class="countdown__text">
        {opening ? "The stream is opening…" : <>The stream opens in <strong>{timeLeft(ms)}</strong></>}
      </p>
      {/* The text above changes each minute unannounced; this says the time left at a few steps. */}
      <p class="visually-hidden" role="status">
        {opening ? "The stream is opening." : step !== null ? `The stream opens in ${step === 1 ? "1 minute" : `${step} minutes`} or less.` : ""}
      </p>
    </div>
  );
}
