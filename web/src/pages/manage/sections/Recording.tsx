import { RecordingEditor } from "../recording/RecordingEditor";
import { sectionHrefIf, type SectionProps } from ".";

/** The event's recording: its file or video, captions, embeds, and publishing it. */
export function Recording({ event }: SectionProps) {
  return <RecordingEditor event={event} segmentsHref={sectionHrefIf(event.id, "segments")} />;
}
