import { useEffect, useRef, useState } from "preact/hooks";
import { api, type Schemas } from "../../../api/client";
import { useSubmit } from "../../../lib/forms";
import { ConfirmButton } from "../../../components/ConfirmDialog";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { SummaryList } from "../../../components/SummaryList";
import { Tag } from "../../../components/Tag";
import { Timestamp } from "../Timestamp";
import { AttendanceImport } from "./AttendanceImport";
import type { SectionProps } from ".";
import "./Attendance.css";

type Row = Schemas["AttendanceRow"];
type AttendancePage = Schemas["AttendancePage"];

/** How each row's attendance was recorded, in words. */
const sourceNames: Record<string, string> = {
  heartbeat: "Live page", zoom: "Zoom report", teams: "Teams report", hand: "Marked by hand", check_in: "Checked in",
};

/** Who attended: the live page's presence, imported Zoom and Teams reports,
 *  and marks by hand. The follow-up email thanks those marked attended and
 *  tells the others what they missed. */
export function Attendance({ event }: SectionProps) {
  if (event.status === "draft") {
    return (
      <section aria-labelledby="attendance-title">
        <h2 id="attendance-title">Attendance</h2>
        <p>Nobody can attend a draft. Publish the event from the overview first.</p>
      </section>
    );
  }
  return <AttendanceSection eventID={event.id} timezone={event.timezone} />;
}

function AttendanceSection({ eventID, timezone }: { eventID: string; timezone: string }) {
  const base = `/api/v1/manage/events/${eventID}/live/attendance`;
  const [page, setPage] = useState<AttendancePage | null>(null);
  const [notice, setNotice] = useState("");
  const noticeLine = useRef<HTMLParagraphElement>(null);
  const { errors, message, busy, submit } = useSubmit();

  const load = async () => setPage(await api.get<AttendancePage>(base));
  useEffect(() => { load(); }, [eventID]);
  const loadMore = () => submit(async () => {
    const next = await api.get<AttendancePage>(`${base}?cursor=${encodeURIComponent(page?.next_cursor ?? "")}`);
    setPage((shown) => shown && { ...next, items: [...shown.items, ...next.items] });
  });
  // The button pressed changes with the row, so focus goes to the outcome.
  const mark = (r: Row, attended: boolean) => submit(async () => {
    const row = await api.put<Row>(`${base}/${r.registration_id}`, { attended });
    setPage((shown) => shown && {
      ...shown,
      items: shown.items.map((x) => (x.registration_id === row.registration_id ? row : x)),
      summary: { ...shown.summary, attended: shown.summary.attended + (row.attended === r.attended ? 0 : row.attended ? 1 : -1) },
    });
    setNotice(`${row.name} is marked as ${attended ? "attended" : "not attended"}.`);
    noticeLine.current?.focus();
  });

  return (
    <>
      <section class="editor-section" aria-labelledby="attendance-title">
        <h2 id="attendance-title">Attendance</h2>
        <p class="hint">
          The live page counts a confirmed registrant as attended once they have watched for long enough; reports from
          Zoom or Teams and marks by hand count too. The follow-up email thanks those who attended and tells the others what they missed.
        </p>
        {page && (
          <SummaryList rows={[
            { key: "Confirmed registrants", value: page.summary.confirmed },
            { key: "Attended", value: page.summary.attended },
            { key: "On the live page now", value: page.summary.present_now },
          ]} />
        )}
        <ErrorSummary message={message} errors={errors} labels={{}} />
        <p role="status" tabIndex={-1} ref={noticeLine}>{notice}</p>
        {page && page.items.length === 0 && <p>No confirmed registrants yet.</p>}
        {page && page.items.length > 0 && (
          <table class="manage-table attendance-table">
            <caption class="visually-hidden">Attendance of confirmed registrants, in the order they registered</caption>
            <thead>
              <tr>
                <th scope="col">Name</th><th scope="col">Organisation</th><th scope="col">Minutes</th>
                <th scope="col">Source</th><th scope="col">Attended</th><th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((r) => (
                <tr key={r.registration_id}>
                  <td>{r.name}{r.email && <><br /><span class="muted attendance-table__email">{r.email}</span></>}</td>
                  <td data-label="Organisation">{r.organisation || <span class="muted">None given</span>}</td>
                  <td data-label="Minutes">{r.minutes}</td>
                  <td data-label="Source">
                    {r.source ? sourceNames[r.source] ?? r.source : <span class="muted">No sign of them</span>}
                    {r.last_seen_at && <span class="hint">Last seen <Timestamp iso={r.last_seen_at} zone={timezone} /></span>}
                  </td>
                  <td data-label="Attended">
                    {r.attended ? <Tag colour="green">attended</Tag> : <Tag colour="grey">not attended</Tag>}
                  </td>
                  <td><MarkButton r={r} busy={busy} mark={mark} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page?.next_cursor && (
          <div class="actions"><button type="button" class="secondary" disabled={busy} onClick={loadMore}>Load more registrants</button></div>
        )}
      </section>
      <AttendanceImport eventID={eventID} onImported={load} />
    </>
  );
}

type MarkProps = { r: Row; busy: boolean; mark: (r: Row, attended: boolean) => Promise<void> };

/** Marks a registrant as attended at once; unmarking changes the follow-up
 *  they get, so it is confirmed first. */
function MarkButton({ r, busy, mark }: MarkProps) {
  const hidden = <>{" "}<span class="visually-hidden">{r.name}</span></>;
  if (!r.attended) {
    return <button type="button" class="secondary" disabled={busy} onClick={() => mark(r, true)}>Mark as attended{hidden}</button>;
  }
  return (
    <ConfirmButton class="secondary" disabled={busy} label={<>Mark as not attended{hidden}</>}
      title={`Mark ${r.name} as not attended?`}
      consequence={() => `${r.name} will get the follow-up for those who missed the event instead of the thanks. Neither heartbeats nor reports will change your mark.`}
      confirmLabel="Yes, mark as not attended" keepLabel="Keep them as attended" onConfirm={() => mark(r, false)} />
  );
}
