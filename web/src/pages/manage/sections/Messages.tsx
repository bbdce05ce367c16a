import { MailSettingsForm } from "../MailSettingsForm";
import { BroadcastComposer } from "../BroadcastComposer";
import { MessagesSection } from "../MessagesSection";
import type { SectionProps } from ".";

/** Mail: the reminders and follow-up set for the event, messages to registrants, and everything sent. */
export function Messages({ event }: SectionProps) {
  return (
    <>
      <MailSettingsForm event={event} />
      {event.status !== "draft" && <BroadcastComposer event={event} />}
      {event.status !== "draft" && <MessagesSection event={event} />}
    </>
  );
}
