import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, getAll, type Event } from "../../api/client";
import { setSession } from "../../lib/session";
import { useRequireUser } from "../../lib/requireUser";
import { useTitle } from "../../components/useTitle";
import { formatRange } from "../../lib/time";

/** The organiser's list of every event, drafts included. */
export function ManageEventsPage() {
  const user = useRequireUser();
  const { route } = useLocation();
  const [events, setEvents] = useState<Event[] | null>(null);
  useTitle("Your events");
  useEffect(() => {
    if (user) getAll<Event>("/api/v1/manage/events").then(setEvents);
  }, [user]);
  if (!user) return <p aria-live="polite">Checking your sign-in…</p>;
  const canWrite = user.role !== "moderator";
  return (
    <>
      <h1>Your events</h1>
      <p class="muted">Signed in as {user.name} ({user.role}).{" "}
        <button type="button" class="secondary" onClick={async () => {
          await api.post("/api/v1/auth/logout");
          setSession(null);
          route("/");
        }}>Sign out</button>
      </p>
      {canWrite && <p><a class="button" href="/manage/events/new">Create an event</a></p>}
      {user.role === "admin" && <p><a href="/manage/team">Your team: add or remove organisers and moderators</a></p>}
      {!events && <p aria-live="polite">Loading…</p>}
      {events && events.length === 0 && <p>No events yet.</p>}
      {events && events.length > 0 && (
        <table class="manage-table">
          <caption class="visually-hidden">All events</caption>
          <thead><tr><th scope="col">Event</th><th scope="col">When</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td><a href={`/manage/events/${e.id}`}>{e.title}</a></td>
                <td>{formatRange(new Date(e.starts_at), new Date(new Date(e.starts_at).getTime() + e.duration_minutes * 60000), e.timezone)}</td>
                <td><span class={`tag tag--${e.status}`}>{e.status}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
