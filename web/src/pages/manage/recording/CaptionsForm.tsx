import { useRef, useState } from "preact/hooks";
import { api, ApiError } from "../../../api/client";
import { recordingPath, type CaptionsSaved } from "./recording";

type Props = { eventID: string; hasCaptions: boolean; onSaved: () => void };

/** The server's faults in a captions file, by line ("line 12" → 12), in the file's order. */
export function captionFaults(errors: Record<string, string>): { line: number | null; message: string }[] {
  return Object.entries(errors)
    .map(([key, message]) => {
      const m = /^line (\d+)$/.exec(key);
      return { line: m ? Number(m[1]) : null, message };
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * Uploads the recording's captions, a WebVTT file, replacing any before
 * (and the transcript made from them). The server checks every cue and
 * lists every fault with its line; they are shown beside the field.
 */
export function CaptionsForm({ eventID, hasCaptions, onSaved }: Props) {
  const file = useRef<HTMLInputElement>(null);
  const [faults, setFaults] = useState<{ line: number | null; message: string }[]>([]);
  const [problem, setProblem] = useState("");
  const [saved, setSaved] = useState("");
  const [busy, setBusy] = useState(false);

  const send = async (chosen: File) => {
    setBusy(true);
    setSaved("");
    try {
      // Sent as it is, typed as WebVTT whatever the browser guessed of a .vtt file.
      const result = await api.put<CaptionsSaved>(`${recordingPath(eventID)}/captions`, new Blob([chosen], { type: "text/vtt" }));
      setFaults([]);
      setProblem("");
      if (file.current) file.current.value = "";
      setSaved(`Captions saved from “${chosen.name}”: ${result.cues} ${result.cues === 1 ? "cue" : "cues"}.`);
      onSaved();
    } catch (err) {
      const errors = err instanceof ApiError ? err.fieldErrors : {};
      setFaults(captionFaults(errors));
      setProblem(err instanceof ApiError
        ? (Object.keys(errors).length ? `“${chosen.name}” was not saved: put right these lines and upload it again.` : err.message)
        : "The server could not be reached. Try again.");
      file.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const failed = problem !== "";
  return (
    <section class="recording-captions" aria-labelledby="captions-title">
      <h3 id="captions-title">Captions</h3>
      <p>{hasCaptions ? "The recording has captions. Uploading a file replaces them and the transcript made from them." : "The recording has no captions yet. Players show them, and the event's page makes its searchable transcript from them."}</p>
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        const chosen = file.current?.files?.[0];
        if (!chosen) {
          setFaults([]);
          setProblem("Choose a WebVTT file (.vtt) to upload.");
          file.current?.focus();
          return;
        }
        send(chosen);
      }}>
        <div class={failed ? "field field--error" : "field"}>
          <label for="captions-file">Captions file (WebVTT)</label>
          <span id="captions-file-hint" class="hint">A .vtt file of at most 1 MB, each cue’s times within the recording.</span>
          <div id="captions-file-error" class="field-error" role="alert">
            {failed && <><span class="visually-hidden">Error: </span>{problem}</>}
            {faults.length > 0 && (
              <ul class="recording-captions__faults">
                {faults.map((f) => <li key={`${f.line}-${f.message}`}>{f.line !== null ? `Line ${f.line}: ` : ""}{f.message}</li>)}
              </ul>
            )}
          </div>
          <input ref={file} type="file" id="captions-file" name="captions" accept=".vtt,text/vtt"
            aria-describedby={failed ? "captions-file-hint captions-file-error" : "captions-file-hint"} />
        </div>
        <div class="actions">
          <button type="submit" disabled={busy}>Upload captions</button>
          <span role="status">{saved}</span>
        </div>
      </form>
    </section>
  );
}
