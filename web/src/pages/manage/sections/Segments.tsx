import { SegmentsEditor } from "../replay/SegmentsEditor";
import { sectionHrefIf, type SectionProps } from ".";

/** The recording cut into segments: chapters, and addresses to share. */
export function Segments({ event }: SectionProps) {
  return <SegmentsEditor event={event} recordingHref={sectionHrefIf(event.id, "recording")} agendaHref={sectionHrefIf(event.id, "agenda")} />;
}
