import { useEffect, useState } from "preact/hooks";
import { getAll, type Schemas } from "../../api/client";
import { segmentNames } from "../../lib/mail";
import { sectorNames } from "../../lib/sectors";
import { Timestamp } from "./Timestamp";

type Props = { eventID: string; zone: string; /** Rises after each send, to load the list again. */ version: number };

/** The messages sent to groups of registrants before, newest first. */
export function BroadcastList({ eventID, zone, version }: Props) {
  const [broadcasts, setBroadcasts] = useState<Schemas["Broadcast"][] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    getAll<Schemas["Broadcast"]>(`/api/v1/manage/events/${eventID}/broadcasts`)
      .then((items) => { setBroadcasts(items); setFailed(false); })
      .catch(() => setFailed(true));
  }, [eventID, version]);

  return (
    <>
      <h3>Sent before</h3>
      {failed && <p>The messages sent before could not be loaded.</p>}
      {broadcasts && broadcasts.length === 0 && <p>Nothing sent yet.</p>}
      {broadcasts && broadcasts.length > 0 && (
        <table class="manage-table">
          <caption class="visually-hidden">Messages sent before</caption>
          <thead><tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">Recipients</th><th scope="col">Sent</th></tr></thead>
          <tbody>
            {broadcasts.map((b) => (
              <tr key={b.id}>
                <td>{b.subject}</td>
                <td>{b.segment === "sector" ? `Sector: ${sectorNames[b.sector] ?? b.sector}` : segmentNames[b.segment] ?? b.segment}</td>
                <td>{b.recipients}</td>
                <td><Timestamp iso={b.created_at} zone={zone} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
