import type { PublicEvent } from "../api/client";

function clock(startsAt: string, offsetMinutes: number, zone: string) {
  const at = new Date(new Date(startsAt).getTime() + offsetMinutes * 60000);
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }).format(at);
}

/** The programme, with clock times in the event's zone. */
export function AgendaList({ agenda, startsAt, timezone }: { agenda: PublicEvent["agenda"]; startsAt: string; timezone: string }) {
  if (agenda.length === 0) return null;
  return (
    <section aria-labelledby="agenda-title">
      <h2 id="agenda-title">Agenda</h2>
      <ol class="agenda-list">
        {agenda.map((a) => (
          <li key={a.title + a.start_offset_minutes}>
            <strong>{clock(startsAt, a.start_offset_minutes, timezone)}–{clock(startsAt, a.start_offset_minutes + a.duration_minutes, timezone)}</strong>{" "}
            {a.title}
            {a.speakers.length > 0 && <span class="muted"> — {a.speakers.join(", ")}</span>}
            {a.description && <p>{a.description}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
