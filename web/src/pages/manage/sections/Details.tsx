import { EventDetailsForm } from "../EventDetailsForm";
import type { SectionProps } from ".";

/** The event's own fields: title, address, times, capacity, links. */
export function Details({ event, onChange }: SectionProps) {
  return <EventDetailsForm event={event} onSaved={onChange} />;
}
