import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { api, type EventDetail } from "../../api/client";
import { useRequireUser } from "../../lib/requireUser";
import { useTitle } from "../../components/useTitle";
import { EventDetailsForm } from "./EventDetailsForm";
import { StatusActions } from "./StatusActions";
import { SpeakersEditor } from "./SpeakersEditor";
import { PartnersEditor } from "./PartnersEditor";
import { AgendaEditor } from "./AgendaEditor";
import { RegistrantsSection } from "./RegistrantsSection";
import { QuestionsEditor } from "./QuestionsEditor";
import { MailSettingsForm } from "./MailSettingsForm";
import { BroadcastComposer } from "./BroadcastComposer";
import { MessagesSection } from "./MessagesSection";
import "./EventEditor.css";

/** Create an event, or edit one: details, speakers, partners, agenda, status, registrations and mail. */
export function EventEditorPage() {
  const user = useRequireUser();
  const { params } = useRoute();
  const { route } = useLocation();
  const isNew = params.id === "new";
  const [event, setEvent] = useState<EventDetail | null>(null);
  const [missing, setMissing] = useState(false);
  useTitle(isNew ? "Create an event" : event ? `Edit: ${event.title}` : "Edit event");

  useEffect(() => {
    if (!user || isNew) return;
    api.get<EventDetail>(`/api/v1/manage/events/${params.id}`).then(setEvent).catch(() => setMissing(true));
  }, [user, params.id]);

  if (!user) return <p aria-live="polite">Checking your sign-in…</p>;
  if (missing) return <><h1>Event not found</h1><p><a href="/manage">Back to your events</a></p></>;
  if (isNew) {
    return (
      <>
        <p><a href="/manage">Back to your events</a></p>
        <h1>Create an event</h1>
        <EventDetailsForm onSaved={(saved) => route(`/manage/events/${saved.id}`)} />
      </>
    );
  }
  if (!event) return <p aria-live="polite">Loading the event…</p>;
  return (
    <>
      <p><a href="/manage">Back to your events</a></p>
      <h1>{event.title}</h1>
      <StatusActions event={event} onChange={setEvent} onDeleted={() => route("/manage")} />
      <EventDetailsForm event={event} onSaved={setEvent} />
      <SpeakersEditor event={event} onChange={setEvent} />
      <PartnersEditor event={event} onChange={setEvent} />
      <AgendaEditor event={event} onChange={setEvent} />
      <QuestionsEditor event={event} />
      {event.status !== "draft" && <RegistrantsSection event={event} />}
      <MailSettingsForm event={event} />
      {event.status !== "draft" && <BroadcastComposer event={event} />}
      {event.status !== "draft" && <MessagesSection event={event} />}
    </>
  );
}
