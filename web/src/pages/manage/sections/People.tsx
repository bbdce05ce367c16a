import { SpeakersEditor } from "../SpeakersEditor";
import { PartnersEditor } from "../PartnersEditor";
import type { SectionProps } from ".";

/** Who speaks, and which organisations take part. */
export function People({ event, onChange }: SectionProps) {
  return (
    <>
      <SpeakersEditor event={event} onChange={onChange} />
      <PartnersEditor event={event} onChange={onChange} />
    </>
  );
}
