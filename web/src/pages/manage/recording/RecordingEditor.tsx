import { useEffect, useRef, useState } from "preact/hooks";
import type { EventDetail } from "../../../api/client";
import { useSubmit } from "../../../lib/forms";
import { currentUser } from "../../../lib/session";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { CaptionsForm } from "./CaptionsForm";
import { EmbedSnippets } from "./EmbedSnippets";
import { PublishActions, RemoveRecording } from "./RecordingActions";
import { RecordingDetailsForm } from "./RecordingDetailsForm";
import { RecordingSummary } from "./RecordingSummary";
import { RecordingUpload } from "./RecordingUpload";
import { loadRecording, publicReplay, type Recording } from "./recording";
import "./RecordingEditor.css";

type Props = { event: EventDetail; segmentsHref?: string };

/** The recording as loaded: not yet, none, or the recording. */
type Loaded = { state: "loading" } | { state: "ready"; recording: Recording | null };

/**
 * The event's recording: what it is and whether the public sees it, its
 * file (uploaded resumably) or YouTube or Vimeo address, its length, its
 * captions, where it may be embedded, publishing, and removing it. After
 * each action the outcome is said and takes focus.
 */
export function RecordingEditor({ event, segmentsHref }: Props) {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [outcome, setOutcome] = useState("");
  const [focusOutcome, setFocusOutcome] = useState(0);
  const outcomeBox = useRef<HTMLParagraphElement>(null);
  const { message, busy, submit } = useSubmit();

  const reload = () => submit(async () => setLoaded({ state: "ready", recording: await loadRecording(event.id) }));
  useEffect(() => { reload(); }, [event.id]);
  useEffect(() => { if (focusOutcome) outcomeBox.current?.focus(); }, [focusOutcome]);

  const changed = (rec: Recording | null, said: string) => {
    setLoaded({ state: "ready", recording: rec });
    setOutcome(said);
    setFocusOutcome((n) => n + 1);
  };

  const heading = <h2 id="recording-title">Recording</h2>;
  if (loaded.state === "loading") {
    return (
      <section class="editor-section" aria-labelledby="recording-title">
        {heading}
        <ErrorSummary message={message} errors={{}} labels={{}} />
        {!message && <p aria-live="polite">Loading the recording…</p>}
      </section>
    );
  }
  const rec = loaded.recording;
  // Moderators read the recording; organisers and admins change it.
  const organiser = currentUser.value?.role !== "moderator";
  const replay = rec ? publicReplay(event, rec) : undefined;
  return (
    <section class="editor-section recording-editor" aria-labelledby="recording-title">
      {heading}
      <p class="hint">The recording is played on the event's page once the event has ended and the recording is published.</p>
      <ErrorSummary message={message} errors={{}} labels={{}} />
      <p class="recording-editor__outcome" role="status" tabIndex={-1} ref={outcomeBox}>{outcome}</p>
      {!rec && <p>This event has no recording yet.{organiser && " Upload its video file, or give the address of a YouTube or Vimeo video."}</p>}
      {!organiser && <p>Only organisers can change the recording.</p>}
      {rec && (
        <>
          <RecordingSummary event={event} recording={rec} />
          <ul class="recording-editor__links">
            {segmentsHref && <li>Cut it into chapters with their own addresses in the <a href={segmentsHref}>Segments</a> section.</li>}
            {replay && <li><a href={replay}>See the replay on the event's page</a></li>}
          </ul>
          {organiser && <PublishActions event={event} recording={rec} busy={busy} run={submit} onChange={changed} />}
        </>
      )}
      {organiser && (
        <>
          <RecordingUpload eventID={event.id} current={rec} onUploaded={reload} />
          <RecordingDetailsForm eventID={event.id} recording={rec} onSaved={(next) => setLoaded({ state: "ready", recording: next })} />
        </>
      )}
      {organiser && rec && (
        <>
          <CaptionsForm eventID={event.id} hasCaptions={rec.has_captions} onSaved={reload} />
          <EmbedSnippets eventID={event.id} published={rec.status === "published"} origins={rec.embed_origins}
            segmentsHref={segmentsHref} version={JSON.stringify(rec)} />
          <RemoveRecording event={event} recording={rec} busy={busy} run={submit} onChange={changed} />
        </>
      )}
    </section>
  );
}
