import type { ComponentChildren } from "preact";
import { api, type EventDetail } from "../../../api/client";
import { ConfirmButton } from "../../../components/ConfirmDialog";
import { plural } from "../../../lib/mail";
import { publishConsequence } from "./publishing";
import { recordingPath, type Recording } from "./recording";

type Props = {
  event: EventDetail;
  recording: Recording;
  busy: boolean;
  /** Runs an action, shows its outcome and reports its errors. */
  run: (work: () => Promise<void>) => Promise<void>;
  onChange: (rec: Recording | null, said: string) => void;
};

/** Why captions matter, said before publishing without them. */
export const withoutCaptionsWarning =
  "The recording has no captions. WCAG 2.2 success criterion 1.2.2 (Captions, Prerecorded) asks for captions for all prerecorded audio: " +
  "without them, people who are deaf or hard of hearing cannot follow it. You can upload captions first, or publish now and add them later.";

/** Publish (asked first, saying whom it emails and, without captions, what WCAG asks) or unpublish the recording. */
export function PublishActions({ event, recording: rec, busy, run, onChange }: Props) {
  const path = recordingPath(event.id);
  if (rec.status === "published") {
    return (
      <div class="actions">
        <button type="button" class="secondary" disabled={busy}
          onClick={() => run(async () => onChange(await api.post<Recording>(`${path}/unpublish`), "The recording is a draft again: the public no longer sees it."))}>
          Unpublish the recording
        </button>
      </div>
    );
  }
  const needsLength = rec.kind === "upload" && rec.duration_seconds == null;
  const consequence = async (): Promise<ComponentChildren> => {
    const emails = await publishConsequence(event);
    return (
      <>
        {!rec.has_captions && <p>{withoutCaptionsWarning}</p>}
        <p>{emails}</p>
      </>
    );
  };
  return (
    <>
      {needsLength && <p class="notice">Enter the recording's length below before publishing it: the server could not read it from the file.</p>}
      <div class="actions">
        <ConfirmButton label="Publish the recording" disabled={busy || needsLength}
          title={rec.has_captions ? "Publish the recording?" : "Publish the recording without captions?"}
          consequence={consequence}
          confirmLabel={rec.has_captions ? "Yes, publish it" : "Publish without captions"}
          keepLabel={rec.has_captions ? "Not yet" : "Keep it a draft"}
          onConfirm={() => run(async () => onChange(
            await api.post<Recording>(`${path}/publish`, rec.has_captions ? undefined : { without_captions: true }),
            "The recording is published."))} />
      </div>
    </>
  );
}

/** What removing the recording erases, counted now. */
export async function removeConsequence(eventID: string, rec: Recording): Promise<string> {
  const segments = (await api.get<{ items: unknown[] }>(`${recordingPath(eventID)}/segments`)).items.length;
  const what = [
    rec.kind === "upload" ? "the uploaded file" : `the link to the ${rec.kind === "youtube" ? "YouTube" : "Vimeo"} video (the video itself stays there)`,
    segments === 0 ? "" : `its ${plural(segments, "segment")}`,
    rec.has_captions ? "its captions and transcript" : "",
  ].filter(Boolean);
  const list = what.length > 1 ? `${what.slice(0, -1).join(", ")} and ${what[what.length - 1]}` : what[0];
  return `This erases ${list}. The event's page stops showing the replay, and embeds and segment links stop working. This cannot be undone.`;
}

/** Removes the recording, after asking. */
export function RemoveRecording({ event, recording: rec, busy, run, onChange }: Props) {
  return (
    <section class="recording-remove" aria-labelledby="recording-remove-title">
      <h3 id="recording-remove-title">Remove the recording</h3>
      <div class="actions">
        <ConfirmButton label="Remove the recording" class="warning" disabled={busy}
          title="Remove the recording?" consequence={() => removeConsequence(event.id, rec)}
          confirmLabel="Yes, remove it" keepLabel="Keep the recording"
          onConfirm={() => run(async () => {
            await api.del(recordingPath(event.id));
            onChange(null, "The recording is removed.");
          })} />
      </div>
    </section>
  );
}
