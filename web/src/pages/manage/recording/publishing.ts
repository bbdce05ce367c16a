// What publishing a recording sets off, said before the organiser confirms
// it, from the server's own figures (mail's follow-up rules, in
// internal/mail/schedule.go): the follow-ups wait for the recording, go
// once per registrant, and only for a published event that has ended.
import { api, type EventDetail, type Schemas } from "../../../api/client";

type MailSettings = Schemas["MailSettings"];
type Counts = Schemas["RegistrationCounts"];
type MessagePage = Schemas["MessagePage"];

/** The facts that decide who publishing emails. */
export type FollowUpFacts = {
  eventStatus: EventDetail["status"];
  /** Whether the event has ended. */
  ended: boolean;
  /** The event's follow-up setting. */
  followUp: boolean;
  /** Whether follow-ups are already in the outbox (they go once). */
  alreadySent: boolean;
  /** Registrants with a confirmed place: those a follow-up is for. */
  registered: number;
};

/** What publishing does by email, in one or two sentences that are true of the facts. */
export function followUpConsequence(f: FollowUpFacts): string {
  if (f.eventStatus === "cancelled") return "The event is cancelled, so nobody is emailed and its page shows no replay.";
  if (f.eventStatus !== "published") return "The event is not published, so nobody is emailed now and the replay stays off its page until it is.";
  if (!f.followUp) return "Follow-up emails are turned off for this event, so nobody is emailed.";
  if (f.alreadySent) return "The follow-up emails have already gone, so nobody is emailed again.";
  if (f.registered === 0) return "Nobody is registered, so nobody is emailed.";
  if (!f.ended) return "When the event ends, registrants who attended or missed it will be emailed the replay link.";
  return "Registrants who attended or missed the event will be emailed the replay link.";
}

/** The event's end, from its start and length. */
export const endsAt = (event: EventDetail) => new Date(new Date(event.starts_at).getTime() + event.duration_minutes * 60_000);

/** Reads the facts from the server and says what publishing does by email. */
export async function publishConsequence(event: EventDetail, now = new Date()): Promise<string> {
  const base = `/api/v1/manage/events/${event.id}`;
  const [settings, counts, attended, missed] = await Promise.all([
    api.get<MailSettings>(`${base}/mail-settings`),
    api.get<Counts>(`${base}/registration-counts`),
    api.get<MessagePage>(`${base}/messages?kind=follow_up_attended&limit=1`),
    api.get<MessagePage>(`${base}/messages?kind=follow_up_missed&limit=1`),
  ]);
  return followUpConsequence({
    eventStatus: event.status, ended: endsAt(event) <= now, followUp: settings.follow_up,
    alreadySent: attended.items.length + missed.items.length > 0, registered: counts.confirmed,
  });
}
