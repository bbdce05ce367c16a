import { useEffect, useState } from "preact/hooks";
import type { PublicEvent } from "../api/client";
import { countdown, eventTimes } from "../lib/time";
import "./EventHeader.css";

/** Title, times in the event's zone (and the viewer's), and where the event is in time. */
export function EventHeader({ event }: { event: PublicEvent }) {
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const times = eventTimes(event.starts_at, event.ends_at, event.timezone, viewerZone);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <header class="event-header">
      <h1>{event.title}</h1>
      {event.summary && <p class="lead">{event.summary}</p>}
      <p>
        <strong><time dateTime={event.starts_at}>{times.event}</time></strong>
        {times.viewer && <><br /><span class="muted">Your time: {times.viewer}</span></>}
      </p>
      {event.phase === "upcoming" && <p>{countdown(now, event.starts_at)}</p>}
      {event.phase === "live" && <p><span class="tag tag--live">Live now</span></p>}
      {event.phase === "ended" && <p class="muted">This event has ended.</p>}
      {event.topics.length > 0 && <p>{event.topics.map((t) => <a key={t} class="tag" href={`/?topic=${encodeURIComponent(t)}`}>{t}</a>)}</p>}
    </header>
  );
}
