import { useState } from "preact/hooks";
import { api } from "../../../api/client";
import { clock } from "../../../lib/clock";
import { useSubmit } from "../../../lib/forms";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { FormField } from "../../../components/FormField";
import { Radios } from "../../../components/Radios";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { formatBytes, originsOf, originsText, parseDuration, recordingPath, type Recording, type RecordingInput } from "./recording";

type Props = { eventID: string; recording: Recording | null; onSaved: (rec: Recording) => void };

const labels = {
  kind: "Video",
  external_url: "Video address",
  duration_seconds: "Length",
  embed_origins: "Sites that may embed the recording",
};

/** What the form's fields hold, as the API takes it, or the errors found before sending. */
export function readDetailsForm(form: FormData): { input: RecordingInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const kind = String(form.get("kind") ?? "") as RecordingInput["kind"];
  const url = String(form.get("external_url") ?? "").trim();
  const durationText = String(form.get("duration_seconds") ?? "").trim();
  const duration = durationText === "" ? null : parseDuration(durationText);
  if (!kind) errors.kind = "Choose where the video is.";
  if (kind !== "upload" && url === "") errors.external_url = "Enter the video's address.";
  if (durationText !== "" && duration === null) {
    errors.duration_seconds = "Enter the length as hours, minutes and seconds (1:05:30), minutes and seconds (75:00), or seconds, up to 24 hours.";
  }
  return {
    input: {
      kind, external_url: kind === "upload" ? null : url, duration_seconds: duration,
      embed_origins: originsOf(String(form.get("embed_origins") ?? "")),
    },
    errors,
  };
}

/**
 * The recording's details: a YouTube or Vimeo address (or the uploaded
 * file, kept), its length, and the sites that may frame its embed pages.
 * Opened on saved data and saved unchanged, it sends back what GET gave.
 */
export function RecordingDetailsForm({ eventID, recording: rec, onSaved }: Props) {
  const { errors, message, busy, submit } = useSubmit();
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState("");
  // A YouTube or Vimeo video in place of the uploaded file waits here until the organiser confirms that the file goes.
  const [replacing, setReplacing] = useState<RecordingInput | null>(null);
  const save = (input: RecordingInput) => submit(async () => {
    const next = await api.put<Recording>(recordingPath(eventID), input);
    setSaved("Recording details saved.");
    onSaved(next);
  });
  const shown = { ...errors, ...checked };
  const kinds = [
    ...(rec?.kind === "upload" ? [{ value: "upload", label: "The uploaded file", hint: "Keep the file uploaded above." }] : []),
    { value: "youtube", label: "A YouTube video", hint: "youtube.com/watch?v=… or youtu.be/…" },
    { value: "vimeo", label: "A Vimeo video", hint: "vimeo.com/ and its number" },
  ];
  const lengthHint = rec?.kind === "upload" && rec.duration_seconds == null
    ? "The server could not read it from the file: enter it, as 1:05:30 or 75:00. It is needed to publish."
    : "As 1:05:30 or 75:00. Segments are checked against it.";

  return (
    <section class="recording-details" aria-labelledby="recording-details-title">
      <h3 id="recording-details-title">{rec ? "Video, length and embedding" : "Or use a YouTube or Vimeo video"}</h3>
      <ErrorSummary message={message} errors={shown} labels={labels} />
      <form key={JSON.stringify(rec)} noValidate onSubmit={(e) => {
        e.preventDefault();
        setSaved("");
        const { input, errors: found } = readDetailsForm(new FormData(e.currentTarget));
        setChecked(found);
        if (Object.keys(found).length) return;
        if (rec?.kind === "upload" && input.kind !== "upload") setReplacing(input);
        else save(input);
      }}>
        <Radios name="kind" idPrefix="kind" legend={labels.kind} value={rec?.kind ?? "youtube"} items={kinds} error={shown.kind}
          hint={rec?.kind === "upload" ? "Choosing YouTube or Vimeo removes the uploaded file." : undefined} />
        <FormField id="external_url" label={labels.external_url} error={shown.external_url}
          hint={rec?.kind === "upload" ? "For YouTube or Vimeo only; leave it empty to keep the uploaded file." : "The address of the video's page. Another video than the one saved takes a published recording back to a draft."}>
          {(d) => <input id="external_url" name="external_url" type="url" defaultValue={rec?.external_url ?? ""} aria-describedby={d} autoComplete="off" />}
        </FormField>
        <FormField id="duration_seconds" label={labels.duration_seconds} hint={lengthHint} error={shown.duration_seconds}>
          {(d) => (
            <input id="duration_seconds" name="duration_seconds" class="recording-details__length" inputMode="numeric" autoComplete="off"
              defaultValue={rec?.duration_seconds != null ? clock(rec.duration_seconds * 1000) : ""} aria-describedby={d} />
          )}
        </FormField>
        <FormField id="embed_origins" label={labels.embed_origins} error={shown.embed_origins}
          hint="One site a line, as https://www.example.gov.uk. Only these sites may show the recording's embed pages in a frame; leave it empty for none.">
          {(d) => <textarea id="embed_origins" name="embed_origins" rows={4} defaultValue={originsText(rec?.embed_origins ?? [])} aria-describedby={d} />}
        </FormField>
        <div class="actions">
          <button type="submit" disabled={busy}>{rec ? "Save recording details" : "Use this video"}</button>
          <span role="status">{saved}</span>
        </div>
      </form>
      <ConfirmDialog open={replacing !== null} title="Delete the uploaded file?" confirmLabel={`Yes, use the ${replacing?.kind === "vimeo" ? "Vimeo" : "YouTube"} video`}
        keepLabel="Keep the uploaded file" onClose={() => setReplacing(null)} onConfirm={() => { if (replacing) save(replacing); }}>
        <p>
          The uploaded file{rec?.size_bytes ? ` (${formatBytes(rec.size_bytes)})` : ""} is deleted and cannot be brought back; to use it again you would upload it again.
          {rec?.status === "published" ? " The recording goes back to a draft until you publish it again." : ""} Its segments and captions stay.
        </p>
      </ConfirmDialog>
    </section>
  );
}
