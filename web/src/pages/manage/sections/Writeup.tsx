import { WriteupForm } from "../replay/WriteupForm";
import { sectionHrefIf, type SectionProps } from ".";

/** The article beside the recording on the event's page. */
export function Writeup({ event }: SectionProps) {
  return <WriteupForm event={event} segmentsHref={sectionHrefIf(event.id, "segments")} recordingHref={sectionHrefIf(event.id, "recording")} />;
}
