import type { EventDetail } from "../../../api/client";
import { ConfirmButton } from "../../../components/ConfirmDialog";

type Props = {
  event: EventDetail;
  /** How many segments the recording has now: they would be replaced. */
  count: number;
  busy: boolean;
  agendaHref?: string;
  /** Makes the segments; replace deletes those there are first. */
  onMake: (replace: boolean) => Promise<void>;
};

const label = "Make segments from the agenda";

/**
 * One segment per agenda item, made by the server in one go. Segments
 * already cut are replaced, so then it asks first and says what goes.
 */
export function FromAgenda({ event, count, busy, agendaHref, onMake }: Props) {
  const items = event.agenda.length;
  if (items === 0) {
    return (
      <p>The agenda is empty, so no segments can be made from it.{" "}
        {agendaHref ? <a href={agendaHref}>Add agenda items</a> : "Add agenda items"} to have one segment made for each.</p>
    );
  }
  const hint = `One segment for each of the agenda's ${items} ${items === 1 ? "item" : "items"}: each starts at its item's time from the event's start and lasts as long; the last runs to the end of the recording, and items that start after the recording ends are left out.`;
  return (
    <div class="from-agenda">
      <p class="hint">{hint}</p>
      {count === 0 ? (
        <button type="button" class="secondary" disabled={busy} onClick={() => onMake(false)}>{label}</button>
      ) : (
        <ConfirmButton class="secondary" disabled={busy} label={label}
          title={`Replace the ${count} ${count === 1 ? "segment" : "segments"} with the agenda's?`}
          consequence={() => (
            <>
              <p>All {count} {count === 1 ? "segment" : "segments"} now cut {count === 1 ? "is" : "are"} deleted, with {count === 1 ? "its" : "their"} titles,
                descriptions and speakers, and one segment is made for each of the agenda's {items} {items === 1 ? "item" : "items"}.</p>
              <p>Shared links to a deleted segment, and write-up lines that show one, stop working unless a new segment gets the same slug.</p>
            </>
          )}
          confirmLabel="Yes, replace them" keepLabel="Keep the segments" onConfirm={() => onMake(true)} />
      )}
    </div>
  );
}
