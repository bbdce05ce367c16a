import type { EventListPage } from "../api/client";
import { formatRange } from "../lib/time";
import "./EventCard.css";

type Item = EventListPage["items"][number];

/** One event on the list: title, time in its zone, speakers, topics. */
export function EventCard({ event, topicLink }: { event: Item; topicLink: (topic: string) => string }) {
  return (
    <article class="event-card">
      <h2><a href={`/events/${event.slug}`}>{event.title}</a></h2>
      <p class="event-card__time">
        {event.phase === "live" && <span class="tag tag--live">Live now</span>}{" "}
        <time dateTime={event.starts_at}>{formatRange(new Date(event.starts_at), new Date(event.ends_at), event.timezone)}</time>
      </p>
      {event.summary && <p>{event.summary}</p>}
      {event.speakers.length > 0 && (
        <p class="muted">With {event.speakers.map((s) => s.name).join(", ")}</p>
      )}
      {event.topics.length > 0 && (
        <p>{event.topics.map((t) => <a key={t} class="tag" href={topicLink(t)}>{t}</a>)}</p>
      )}
    </article>
  );
}
