import type { PublicEvent } from "../api/client";
import { calendarLinks } from "../lib/time";

/** The .ics download and Google and Outlook links. */
export function AddToCalendar({ event }: { event: PublicEvent }) {
  const pageURL = `${location.origin}/events/${event.slug}`;
  const links = calendarLinks(event, pageURL);
  return (
    <section aria-labelledby="calendar-title">
      <h2 id="calendar-title">Add to your calendar</h2>
      <ul>
        <li><a href={`/api/v1/events/${event.slug}/calendar.ics`} download={`${event.slug}.ics`}>Download calendar file (.ics)</a></li>
        <li><a href={links.google} rel="noopener" target="_blank">Google Calendar<span class="visually-hidden"> (opens in a new tab)</span></a></li>
        <li><a href={links.outlook} rel="noopener" target="_blank">Outlook<span class="visually-hidden"> (opens in a new tab)</span></a></li>
      </ul>
    </section>
  );
}
