import { eventTimes } from "../../lib/time";
import type { LivePage } from "./liveTypes";

/** The event's title, its times in the event's zone and the viewer's, and whether it is live. */
export function LiveHeader({ page }: { page: LivePage }) {
  const { event, phase } = page;
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const times = eventTimes(event.starts_at, event.ends_at, event.timezone, viewerZone);
  return (
    <header class="live-header">
      <p class="live-header__kicker">Live session{page.viewer.first_name ? ` · Welcome, ${page.viewer.first_name}` : ""}</p>
      <h1>{event.title}</h1>
      <p>
        <strong><time dateTime={event.starts_at}>{times.event}</time></strong>
        {times.viewer && <><br /><span class="muted">Your time: {times.viewer}</span></>}
      </p>
      {phase === "live" && <p><span class="tag tag--live">Live now</span></p>}
      {phase === "open" && <p><span class="tag">Starting soon</span> The stream is open; the session begins at the time above.</p>}
      <p><a href={`/events/${encodeURIComponent(event.slug)}`}>About this event</a></p>
    </header>
  );
}
