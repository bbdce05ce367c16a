import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, ApiError, type EventListPage } from "../api/client";
import { useTitle } from "../components/useTitle";
import { EventCard } from "../components/EventCard";
import "./EventsPage.css";

/** The public list: upcoming or past events, search, topic, paging. */
export function EventsPage() {
  const { query, route } = useLocation();
  const when = query.when === "past" ? "past" : "upcoming";
  const [page, setPage] = useState<EventListPage | null>(null);
  const [error, setError] = useState("");
  useTitle(when === "past" ? "Past events" : "Upcoming events");

  useEffect(() => {
    const params = new URLSearchParams({ when });
    for (const key of ["q", "topic", "cursor"]) if (query[key]) params.set(key, query[key]);
    setPage(null);
    api.get<EventListPage>(`/api/v1/events?${params}`)
      .then((p) => { setPage(p); setError(""); })
      .catch((e) => setError(e instanceof ApiError ? e.message : "Events could not be loaded."));
  }, [when, query.q, query.topic, query.cursor]);

  const link = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    const merged: Record<string, string | undefined> = { when, q: query.q, topic: query.topic, ...changes };
    for (const [k, v] of Object.entries(merged)) if (v) params.set(k, v);
    return `/?${params}`;
  };

  return (
    <>
      <h1>{when === "past" ? "Past events" : "Upcoming events"}</h1>
      <nav aria-label="Which events" class="when-tabs">
        <a href={link({ when: "upcoming", cursor: undefined })} aria-current={when === "upcoming" ? "page" : undefined}>Upcoming</a>
        <a href={link({ when: "past", cursor: undefined })} aria-current={when === "past" ? "page" : undefined}>Past</a>
      </nav>
      <form role="search" class="event-search" onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        route(link({ q: String(data.get("q") || "") || undefined, cursor: undefined }));
      }}>
        <label for="q">Search events and speakers</label>
        <div class="search-row">
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} />
          <button type="submit">Search</button>
        </div>
      </form>
      {query.topic && (
        <p>Topic: <strong>{query.topic}</strong> — <a href={link({ topic: undefined, cursor: undefined })}>show all topics</a></p>
      )}
      {error && <p class="error-summary" role="alert">{error}</p>}
      {!page && !error && <p aria-live="polite">Loading events…</p>}
      {page && page.items.length === 0 && <p>No events match.</p>}
      {page && page.items.length > 0 && (
        <ul class="event-list">
          {page.items.map((e) => (
            <li key={e.slug}><EventCard event={e} topicLink={(t) => link({ topic: t, cursor: undefined })} /></li>
          ))}
        </ul>
      )}
      {page?.next_cursor && <p><a class="button button--secondary" href={link({ cursor: page.next_cursor })}>More events</a></p>}
    </>
  );
}
