import { useEffect, useState } from "preact/hooks";
import { api, type EventDetail, type Schemas } from "../../../api/client";
import { formatRange } from "../../../lib/time";
import { SummaryList } from "../../../components/SummaryList";
import { StatusActions } from "../StatusActions";
import { sectionHref, type SectionProps } from ".";
import "./Overview.css";

type Counts = Schemas["RegistrationCounts"];

/** Where the event stands: key numbers, when and where, what to do next, and the status actions. */
export function Overview({ event, onChange, onDeleted }: SectionProps) {
  const [counts, setCounts] = useState<Counts | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api.get<Counts>(`/api/v1/manage/events/${event.id}/registration-counts`).then(setCounts).catch(() => setFailed(true));
  }, [event.id, event.status]);
  const href = (path: string) => sectionHref(event.id, path);
  const start = new Date(event.starts_at);
  const end = new Date(start.getTime() + event.duration_minutes * 60_000);

  return (
    <>
      <section aria-labelledby="numbers-title">
        <h2 id="numbers-title">Key numbers</h2>
        {failed && <p>The numbers could not be loaded. Reload the page to try again.</p>}
        {!counts && !failed && <p aria-live="polite">Loading the numbers…</p>}
        {counts && (
          <dl class="key-numbers">
            <div><dt>Registered</dt><dd>{counts.confirmed}{event.capacity != null && <span class="key-numbers__of"> of {event.capacity}</span>}</dd></div>
            <div><dt>Waiting list</dt><dd>{counts.waitlisted}</dd></div>
            <div><dt>Awaiting approval</dt><dd>{counts.pending_approval}</dd></div>
          </dl>
        )}
      </section>
      <SummaryList rows={[
        { key: "When", value: formatRange(start, end, event.timezone), change: href("details") },
        { key: "Address", value: event.status === "draft" ? `/events/${event.slug}` : <a href={`/events/${event.slug}`}>/events/{event.slug}</a>, change: href("details") },
        { key: "Places", value: event.capacity == null ? "No limit" : String(event.capacity), change: href("details") },
      ]} />
      <section aria-labelledby="next-title">
        <h2 id="next-title">Next steps</h2>
        <ul class="next-steps">{nextSteps(event, counts, href)}</ul>
      </section>
      <StatusActions event={event} onChange={onChange} onDeleted={onDeleted} />
    </>
  );
}

/** What the organiser would do next with an event in this state. */
function nextSteps(event: EventDetail, counts: Counts | null, href: (path: string) => string) {
  const steps = [];
  if (event.status === "draft") {
    if (event.speakers.length === 0) steps.push(<li key="speakers"><a href={href("people")}>Add the speakers</a></li>);
    if (event.agenda.length === 0) steps.push(<li key="agenda"><a href={href("agenda")}>Set out the agenda</a></li>);
    steps.push(<li key="form"><a href={href("registration")}>Check the registration form</a></li>);
    steps.push(<li key="publish">Publish the event below when it is ready: registration opens then.</li>);
  } else if (event.status === "published") {
    if (counts && counts.pending_approval > 0) {
      steps.push(<li key="decide"><a href={href("registrants")}>Decide on {counts.pending_approval} {counts.pending_approval === 1 ? "registration" : "registrations"} awaiting approval</a></li>);
    }
    steps.push(<li key="share">Share the <a href={`/events/${event.slug}`}>public page</a></li>);
    steps.push(<li key="message"><a href={href("messages")}>Send registrants a message</a></li>);
  } else {
    steps.push(<li key="cancelled">The event is cancelled: nothing more to do. <a href={href("registrants")}>See who had registered</a></li>);
  }
  return steps;
}
