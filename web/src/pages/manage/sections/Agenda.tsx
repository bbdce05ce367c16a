import { AgendaEditor } from "../AgendaEditor";
import type { SectionProps } from ".";

/** The programme, item by item. */
export function Agenda({ event, onChange }: SectionProps) {
  return <AgendaEditor event={event} onChange={onChange} />;
}
