import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../../../api/client";
import { SummaryList } from "../../../components/SummaryList";
import type { AttendancePage, AttendanceSummary } from "./types";
import "./AttendanceSoFar.css";

/** How often the figures are read again while the console is open. */
export const attendanceEveryMs = 30_000;

type Props = {
  eventID: string;
  /** Changes when the event's phase changes, so the figures are read again at once. */
  phaseChanges: number;
  /** Where the whole attendance table is, when the event area has it. */
  tableHref?: string;
};

/**
 * Attendance so far, in three figures: confirmed registrants, those on the
 * live page now, and those who have stayed long enough to count as
 * attended. Read every 30 seconds; only organisers may read it.
 */
export function AttendanceSoFar({ eventID, phaseChanges, tableHref }: Props) {
  const [summary, setSummary] = useState<AttendanceSummary | null>(null);
  const [problem, setProblem] = useState("");
  useEffect(() => {
    let stopped = false;
    const read = async () => {
      try {
        const page = await api.get<AttendancePage>(`/api/v1/manage/events/${eventID}/live/attendance?limit=1`);
        if (!stopped) { setSummary(page.summary); setProblem(""); }
      } catch (e) {
        if (stopped) return;
        setProblem(e instanceof ApiError && e.status === 403 ? "Only the event’s organisers see attendance." : "Attendance could not be read just now; it is tried again every 30 seconds.");
      }
    };
    read();
    const timer = setInterval(read, attendanceEveryMs);
    return () => { stopped = true; clearInterval(timer); };
  }, [eventID, phaseChanges]);

  return (
    <section class="attendance-so-far" aria-labelledby="attendance-so-far-title">
      <h2 id="attendance-so-far-title">Attendance so far</h2>
      {problem && <p>{problem}</p>}
      {!summary && !problem && <p>Reading attendance…</p>}
      {summary && (
        <SummaryList rows={[
          { key: "Confirmed registrants", value: summary.confirmed },
          { key: "On the live page now", value: summary.present_now },
          { key: "Attended", value: summary.attended },
        ]} />
      )}
      {tableHref && <p><a href={tableHref}>Everyone’s attendance</a></p>}
    </section>
  );
}
