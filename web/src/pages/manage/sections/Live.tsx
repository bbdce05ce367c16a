import { LiveConsole } from "../live/LiveConsole";
import { sectionHref, sections, type SectionProps } from ".";

/** The live session: moderating questions, running polls, attendance so far, and the live settings. */
export function Live({ event }: SectionProps) {
  const attendance = sections.some((s) => s.path === "attendance") ? sectionHref(event.id, "attendance") : undefined;
  return <LiveConsole event={event} attendanceHref={attendance} />;
}
