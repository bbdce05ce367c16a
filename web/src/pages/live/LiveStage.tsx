import { Countdown } from "./Countdown";
import { StreamPlayer } from "./StreamPlayer";
import type { LivePage } from "./liveTypes";

type Props = { page: LivePage; skewMs: number; onTime: () => void };

/**
 * Where the session is watched: a countdown before the stream opens, the
 * player while it runs, the recording after; or why this viewer cannot join.
 */
export function LiveStage({ page, skewMs, onTime }: Props) {
  const { phase, viewer, stream } = page;
  let body;
  if (phase === "cancelled") {
    body = (
      <>
        <h2 id="stage-title">This event has been cancelled</h2>
        <p>It will not take place, so there is no live session to join. Registrants have been emailed.</p>
      </>
    );
  } else if (!viewer.confirmed) {
    body = <NotConfirmed />;
  } else if (phase === "ended") {
    body = (
      <>
        <h2 id="stage-title">The live session has ended</h2>
        {page.recording_url
          ? <p><a class="button" href={page.recording_url}>Watch the recording</a></p>
          : <p>Thank you for joining. The organiser will email you when the recording is ready.</p>}
      </>
    );
  } else if (phase === "upcoming") {
    body = (
      <>
        <h2 id="stage-title">Live stream</h2>
        <Countdown opensAt={page.opens_at} skewMs={skewMs} onOpen={onTime} />
        <p class="muted">Keep this page open: the stream appears here when it opens. You can ask questions already.</p>
      </>
    );
  } else {
    body = (
      <>
        <h2 id="stage-title">Live stream</h2>
        {stream ? <StreamPlayer stream={stream} title={page.event.title} /> : <p>The stream is not set up yet. Keep this page open: it appears here as soon as the organiser adds it.</p>}
      </>
    );
  }
  return <section class="live-stage" aria-labelledby="stage-title">{body}</section>;
}

/** Why a registrant whose place is not confirmed cannot watch or ask. */
function NotConfirmed() {
  return (
    <>
      <h2 id="stage-title">You cannot join this session yet</h2>
      <p>Your registration is not confirmed, so the live stream and the questions are not open to you.</p>
      <p>
        If you are on the waiting list, or the organiser has still to approve your registration, we will email you as soon as
        a place is yours; this link then works. If you cancelled your registration, register again on the event page.
      </p>
    </>
  );
}
