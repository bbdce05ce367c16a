import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { api, ApiError, type PublicEvent } from "../api/client";
import { useTitle } from "../components/useTitle";
import { NotFoundPage } from "./NotFoundPage";
import { EventHeader } from "../components/EventHeader";
import { SpeakerList } from "../components/SpeakerList";
import { PartnerList } from "../components/PartnerList";
import { AgendaList } from "../components/AgendaList";
import { AddToCalendar } from "../components/AddToCalendar";
import { RegistrationForm } from "../components/RegistrationForm";
import { LinkAgainForm } from "../components/LinkAgainForm";
import "./EventPage.css";


type ReplayComponent = typeof import("./replay/ReplaySection").ReplaySection;

/** Loads the replay's chunk only for an ended event, so the other public pages stay within their budget. */
function LazyReplay({ slug, segment }: { slug: string; segment?: string }) {
  const [C, setC] = useState<ReplayComponent | null>(null);
  useEffect(() => {
    import("./replay/ReplaySection").then((m) => setC(() => m.ReplaySection)).catch(() => undefined);
  }, []);
  return C ? <C slug={slug} segment={segment} /> : null;
}

type CommentsComponent = typeof import("./comments/CommentsSection").CommentsSection;

/** Loads the comments' chunk after the page is drawn, so the page's first load stays within its budget. */
function LazyComments({ slug }: { slug: string }) {
  const [C, setC] = useState<CommentsComponent | null>(null);
  useEffect(() => {
    import("./comments/CommentsSection").then((m) => setC(() => m.CommentsSection)).catch(() => undefined);
  }, []);
  return C ? <C slug={slug} /> : null;
}

/** The public event page, rendered from one API call. */
export function EventPage() {
  const { params } = useRoute();
  const [event, setEvent] = useState<PublicEvent | null>(null);
  const [status, setStatus] = useState<"loading" | "ok" | "missing" | "failed">("loading");
  useTitle(event?.title ?? "Event");

  useEffect(() => {
    setStatus("loading");
    api.get<PublicEvent>(`/api/v1/events/${encodeURIComponent(params.slug)}`)
      .then((e) => { setEvent(e); setStatus("ok"); })
      .catch((e) => setStatus(e instanceof ApiError && e.status === 404 ? "missing" : "failed"));
  }, [params.slug]);

  if (status === "missing") return <NotFoundPage />;
  if (status === "failed") return <p role="alert">This event could not be loaded. Try again in a moment.</p>;
  if (!event) return <p aria-live="polite">Loading the event…</p>;

  const cancelled = event.status === "cancelled";
  return (
    <article class="event-page">
      <EventHeader event={event} />
      {cancelled && <CancelledNotice message={event.cancellation_message} />}
      {!cancelled && event.phase === "upcoming" && <RegistrationForm slug={event.slug} placesLeft={event.places_left} />}
      <div class="event-page__body">
        <div class="event-page__main">
          {event.phase === "ended" && !cancelled && <LazyReplay slug={event.slug} segment={params.segment} />}
          {event.description_html && (
            <section aria-labelledby="about-title">
              <h2 id="about-title">About this event</h2>
              <div class="prose" dangerouslySetInnerHTML={{ __html: event.description_html }} />
            </section>
          )}
          <SpeakerList speakers={event.speakers} />
          <AgendaList agenda={event.agenda} startsAt={event.starts_at} timezone={event.timezone} />
          {!cancelled && event.phase !== "ended" && <LinkAgainForm slug={event.slug} />}
          {!cancelled && <LazyComments slug={event.slug} />}
        </div>
        <aside class="event-page__side" aria-label="Event details">
          {!cancelled && event.phase !== "ended" && <AddToCalendar event={event} />}
          <PartnerList partners={event.partners} />
        </aside>
      </div>
    </article>
  );
}

/** Says plainly that the event is off, with the organiser's message. */
function CancelledNotice({ message }: { message: string }) {
  return (
    <section class="event-cancelled" aria-labelledby="cancelled-title">
      <h2 id="cancelled-title">This event has been cancelled</h2>
      <p>It will not take place, and registration is closed. Registrants have been emailed.</p>
      {message && (
        <figure class="event-cancelled__message">
          <figcaption>The organiser's message</figcaption>
          <blockquote>{message}</blockquote>
        </figure>
      )}
    </section>
  );
}
