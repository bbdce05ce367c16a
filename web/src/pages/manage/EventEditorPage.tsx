import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorBoundary, useLocation, useRoute } from "preact-iso";
import { api, type EventDetail } from "../../api/client";
import { useRequireUser } from "../../lib/requireUser";
import { useTitle } from "../../components/useTitle";
import { SideNavigation } from "../../components/SideNavigation";
import { EventDetailsForm } from "./EventDetailsForm";
import { sectionHref, sections } from "./sections";
import "./EventEditor.css";

/**
 * The organiser's event area: the event's name, a side navigation, and
 * one section at a time at its own address (/manage/events/:id/:section),
 * each loaded when first needed. /manage/events/new creates a draft.
 */
export function EventEditorPage() {
  const user = useRequireUser();
  const { params } = useRoute();
  const { route } = useLocation();
  const isNew = params.id === "new";
  const [event, setEvent] = useState<EventDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const section = sections.find((s) => s.path === (params.section ?? ""));
  const here = sectionHref(params.id, params.section ?? "");
  // The section shown before this one, if any: coming from another, focus moves to the new one.
  const before = useRef<string | null>(null);
  const arrived = before.current !== null && before.current !== here;
  useEffect(() => { if (event) before.current = here; });
  useTitle(isNew ? "Create an event" : event ? `${section?.title ?? "Not found"}: ${event.title}` : "Event");

  useEffect(() => {
    if (!user || isNew) return;
    setMissing(false);
    api.get<EventDetail>(`/api/v1/manage/events/${params.id}`).then(setEvent).catch(() => setMissing(true));
  }, [user, params.id]);
  // Every section is small: fetch them all once the area opens, so that moving between them is instant.
  useEffect(() => { if (!isNew) sections.forEach((s) => s.component.preload?.()); }, [isNew]);

  if (!user) return <p aria-live="polite">Checking your sign-in…</p>;
  if (missing) return <><h1>Event not found</h1><p><a href="/manage">Back to your events</a></p></>;
  if (isNew) {
    return (
      <>
        <p><a href="/manage">Back to your events</a></p>
        <h1>Create an event</h1>
        <EventDetailsForm onSaved={(saved) => route(sectionHref(saved.id, ""))} />
      </>
    );
  }
  if (!event || event.id !== params.id) return <p aria-live="polite">Loading the event…</p>;
  return (
    <>
      <p><a href="/manage">Back to your events</a></p>
      <h1 class="event-area__title">{event.title}</h1>
      <div class="event-area">
        <SideNavigation label="Event sections" current={here}
          items={sections.map((s) => ({ href: sectionHref(event.id, s.path), text: s.title }))} />
        <SectionContent key={here} takeFocus={arrived}>
          {section
            ? <ErrorBoundary><section.component event={event} onChange={setEvent} onDeleted={() => route("/manage")} /></ErrorBoundary>
            : <><h2>Section not found</h2><p><a href={sectionHref(event.id, "")}>Go to the overview</a></p></>}
        </SectionContent>
      </div>
    </>
  );
}

/**
 * A section's content. When it replaces another section, focus moves to
 * its first heading, so a screen reader starts reading the new section and
 * a keyboard user continues from there; on the page's first load focus
 * stays where the browser put it. The heading may come a little later
 * (the section's code or data is on its way): it is looked for each frame
 * for about two seconds.
 */
function SectionContent({ takeFocus, children }: { takeFocus: boolean; children: ComponentChildren }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!takeFocus) return;
    let frames = 0;
    let frame = 0;
    const seek = () => {
      const heading = box.current?.querySelector<HTMLElement>("h2");
      if (heading) {
        heading.tabIndex = -1;
        heading.focus();
      } else if (frames++ < 120) frame = requestAnimationFrame(seek);
    };
    seek();
    return () => cancelAnimationFrame(frame);
  }, []);
  return <div class="event-area__content" ref={box}>{children}</div>;
}
