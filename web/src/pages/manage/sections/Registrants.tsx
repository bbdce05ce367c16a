import { RegistrantsSection } from "../RegistrantsSection";
import type { SectionProps } from ".";

/** Who registered, and the decisions on them; nobody can register for a draft. */
export function Registrants({ event }: SectionProps) {
  if (event.status === "draft") {
    return (
      <section aria-labelledby="registrants-title">
        <h2 id="registrants-title">Registrations</h2>
        <p>Nobody can register while the event is a draft. Publish it from the overview to open registration.</p>
      </section>
    );
  }
  return <RegistrantsSection event={event} />;
}
