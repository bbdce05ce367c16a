import { useEffect, useMemo } from "preact/hooks";
import type { EventDetail } from "../../../api/client";
import { QuestionQueue } from "./QuestionQueue";
import { PollsPanel } from "./PollsPanel";
import { AttendanceSoFar } from "./AttendanceSoFar";
import { LiveSettingsForm } from "./LiveSettingsForm";
import { createConsole } from "./consoleState";
import "./LiveConsole.css";

const connectionNames = {
  connecting: "Connecting to live updates…",
  open: "Live: changes appear as they happen.",
  lost: "Live updates stopped; trying again in a few seconds.",
} as const;

type Props = { event: EventDetail; attendanceHref?: string };

/**
 * The moderator console: attendance so far, the question queue and the
 * polls, all kept current by one stream, and the live settings. New held
 * questions are announced politely, a few seconds' worth at a time.
 */
export function LiveConsole({ event, attendanceHref }: Props) {
  const con = useMemo(() => createConsole(event.id), [event.id]);
  useEffect(() => {
    con.start();
    return con.stop;
  }, [con]);

  return (
    <div class="live-console">
      <h2 class="live-console__title">Live session</h2>
      <p class={`live-console__connection live-console__connection--${con.connection.value}`}>{connectionNames[con.connection.value]}</p>
      <p class="visually-hidden" aria-live="polite">{con.announcement.value}</p>
      <div class="live-console__columns">
        <div class="live-console__main">
          {con.failed.value && <p role="alert" class="field-error">{con.failed.value}</p>}
          {!con.loaded.value && !con.failed.value && <p>Loading the questions…</p>}
          {con.loaded.value && <QuestionQueue con={con} />}
        </div>
        <div class="live-console__side">
          <AttendanceSoFar eventID={event.id} phaseChanges={con.phaseChanges.value} tableHref={attendanceHref} />
          {con.loaded.value && <PollsPanel con={con} />}
        </div>
      </div>
      <LiveSettingsForm eventID={event.id} />
    </div>
  );
}
