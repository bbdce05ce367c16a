import { useEffect, useRef, useState } from "preact/hooks";
import { Upload, type DetailedError } from "tus-js-client";
import { csrfToken, loadSession } from "../../../lib/session";
import { ConfirmButton, ConfirmDialog } from "../../../components/ConfirmDialog";
import { formatBytes, recordingPath, type Recording } from "./recording";
import { announcement, percentOf } from "./progress";
import { fingerprintOf, storageKeyOf, unfinishedUploads, uploadStorage, type StoredUpload } from "./uploadStore";
import "./RecordingUpload.css";

type Props = {
  eventID: string;
  /** The event's recording, which the file will replace; null when it has none. */
  current: Recording | null;
  /** The file is in and is the event's recording. */
  onUploaded: () => void;
};

/**
 * Bytes per PATCH: 50 MB. Each request is a point the upload resumes
 * from, and proxies in front of a server often refuse bodies of 100 MB
 * or more; tusd keeps whatever part of a request arrived either way.
 */
export const chunkSize = 50_000_000;

/** Waits between retries of a request that failed for want of a connection or on the server's side. */
const retryDelays = [0, 1000, 3000, 5000, 10_000];

/** Where the upload of a chosen file stands. */
type Progress =
  | { step: "idle" }
  | { step: "uploading" | "paused"; name: string; sent: number; total: number }
  | { step: "storing"; name: string; total: number }
  | { step: "stopped"; name: string; sent: number; total: number; message: string };

/** The server's problem detail in a failed tus answer, or what the failure was. */
export function uploadFailure(err: Error | DetailedError): { message: string; resumable: boolean; tooLarge?: boolean; signedOut?: boolean } {
  const res = "originalResponse" in err ? err.originalResponse : null;
  const status = res?.getStatus() ?? 0;
  let detail = "";
  try {
    detail = JSON.parse(res?.getBody() ?? "").detail ?? "";
  } catch { /* not a problem document */ }
  if (status === 0) {
    return { message: "The connection to the server was lost. Resume to carry on from where the server got to.", resumable: true };
  }
  if (status >= 500 || status === 423) {
    return { message: `${detail || "The server could not take the file just now."} Resume to try again from where it got to.`, resumable: true };
  }
  return {
    message: detail || "The server refused the file.", resumable: false,
    ...(status === 413 ? { tooLarge: true } : {}), ...(status === 401 || status === 403 ? { signedOut: true } : {}),
  };
}

/** What uploading a file does to the recording there is, said before it starts. */
export function replaceConsequence(current: Recording, fileName: string): string {
  const replaced = current.kind === "upload" ? "the current file, which is deleted" : `the ${current.kind === "youtube" ? "YouTube" : "Vimeo"} video`;
  const status = current.status === "published"
    ? "The recording goes back to a draft: the public stops seeing it until you publish it again."
    : "The recording stays a draft.";
  return `Once “${fileName}” is in, it replaces ${replaced}. ${status} Its segments and captions stay.`;
}

/** Asks the browser to warn before the page is closed while a file is going up (it could be resumed, but not without the organiser). */
function useLeaveWarning(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener("beforeunload", warn);
    return () => removeEventListener("beforeunload", warn);
  }, [active]);
}

/**
 * Uploads the recording's file through tus, resumably: a labelled progress
 * bar with its percentage (announced at every tenth), Pause and Resume,
 * Cancel (which tells the server to discard what it has), and the same
 * file picked again, after a reload or a lost connection, carrying on from
 * the server's offset. The server's refusals (too large, not a video) are
 * shown as an alert by the file field.
 */
export function RecordingUpload({ eventID, current, onUploaded }: Props) {
  const [progress, setProgress] = useState<Progress>({ step: "idle" });
  const [fileError, setFileError] = useState("");
  const [said, say] = useState(""); // the tenths announced
  const [done, setDone] = useState("");
  // Focus goes to the file field once it is drawn enabled again (it is disabled while a file goes up).
  const [focusFile, setFocusFile] = useState(0);
  const [asking, setAsking] = useState<File | null>(null); // the file whose upload would replace the recording
  const uploadButton = useRef<HTMLButtonElement>(null);
  const pauseButton = useRef<HTMLButtonElement>(null);
  // An upload started: focus goes to Pause, as the Upload button pressed is gone.
  const [started, setStarted] = useState(0);
  const [unfinished, setUnfinished] = useState<(StoredUpload & { name: string; offset?: number })[]>([]);
  const upload = useRef<Upload | null>(null);
  const lastStep = useRef<number | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const doneBox = useRef<HTMLParagraphElement>(null);
  const storage = uploadStorage();

  // Uploads this browser left unfinished, with how far the server got.
  const findUnfinished = async () => {
    const found = unfinishedUploads(eventID);
    const withOffsets = await Promise.all(found.map(async (u) => {
      try {
        const res = await fetch(u.uploadUrl ?? "", { method: "HEAD", headers: { "Tus-Resumable": "1.0.0" }, credentials: "same-origin" });
        if (res.status === 404 || res.status === 410) {
          await storage.removeUpload(u.urlStorageKey); // finished, cancelled or swept: nothing to resume
          return null;
        }
        const offset = Number(res.headers.get("Upload-Offset"));
        return { ...u, offset: res.ok && Number.isFinite(offset) ? offset : undefined };
      } catch {
        return { ...u, offset: undefined };
      }
    }));
    setUnfinished(withOffsets.filter((u): u is NonNullable<typeof u> => u !== null));
  };
  useEffect(() => { findUnfinished(); }, [eventID]);
  useEffect(() => () => { upload.current?.abort(false); }, []); // leaving the page pauses; the same file resumes later
  useEffect(() => { if (done) doneBox.current?.focus(); }, [done]);
  useEffect(() => { if (focusFile) fileInput.current?.focus(); }, [focusFile]);
  useEffect(() => { if (started) pauseButton.current?.focus(); }, [started]);

  const report = (sent: number, total: number) => {
    const next = announcement(percentOf(sent, total), lastStep.current);
    if (next) { lastStep.current = next.step; say(next.text); }
  };

  const start = async (file: File) => {
    if (!csrfToken.value) await loadSession();
    const name = file.name;
    lastStep.current = null;
    say("");
    setDone("");
    setProgress({ step: "uploading", name, sent: 0, total: file.size });
    setStarted((n) => n + 1);
    const fingerprint = fingerprintOf(eventID, file);
    const up = new Upload(file, {
      endpoint: `${recordingPath(eventID)}/uploads`,
      chunkSize,
      retryDelays,
      metadata: { filename: name, filetype: file.type },
      // Every write made with the session cookie carries its CSRF token.
      headers: { "X-CSRF-Token": csrfToken.value },
      fingerprint: async () => fingerprint,
      urlStorage: storage,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onProgress: (sent, total) => {
        report(sent, total);
        setProgress(sent >= total ? { step: "storing", name, total } : { step: "uploading", name, sent, total });
      },
      onSuccess: () => {
        upload.current = null;
        setProgress({ step: "idle" });
        setUnfinished((list) => list.filter((u) => u.urlStorageKey !== storageKeyOf(fingerprint)));
        if (fileInput.current) fileInput.current.value = "";
        setDone(`“${name}” is uploaded and is now the recording, as a draft.`);
        onUploaded();
      },
      onError: (err) => {
        const failure = uploadFailure(err);
        if (failure.tooLarge) failure.message += ` “${name}” is ${formatBytes(file.size)}.`;
        if (!failure.resumable) {
          // The server refused the file and kept nothing of it; but an upload
          // refused for want of a session is kept, to resume once signed in again.
          upload.current = null;
          if (!failure.signedOut) storage.removeUpload(storageKeyOf(fingerprint));
          setProgress({ step: "idle" });
          say("");
          setFileError(failure.message);
          setFocusFile((n) => n + 1);
          return;
        }
        setProgress((p) => ({ step: "stopped", name, total: file.size, sent: "sent" in p ? p.sent : 0, message: failure.message }));
      },
    });
    upload.current = up;
    const previous = await up.findPreviousUploads();
    if (previous.length > 0) up.resumeFromPreviousUpload(previous[0]);
    up.start();
  };

  const pause = () => {
    upload.current?.abort(false);
    setProgress((p) => (p.step === "uploading" ? { ...p, step: "paused" } : p));
  };
  const resume = () => {
    setProgress((p) => (p.step === "paused" || p.step === "stopped" ? { step: "uploading", name: p.name, sent: p.sent, total: p.total } : p));
    upload.current?.start();
  };
  const cancel = async () => {
    const up = upload.current;
    upload.current = null;
    setProgress({ step: "idle" });
    try {
      await up?.abort(true);
      say("Upload cancelled: the server has discarded the part it had.");
    } catch {
      say("Upload stopped, but the server could not be told to discard the part it has; it removes it after a week.");
    }
    setUnfinished((list) => list.filter((u) => u.uploadUrl !== up?.url));
    setFocusFile((n) => n + 1);
  };
  const discard = async (u: StoredUpload & { name: string }) => {
    try {
      await Upload.terminate(u.uploadUrl ?? "", { headers: { "X-CSRF-Token": csrfToken.value }, retryDelays: null });
    } catch { /* gone already, or to be swept: either way it will not be resumed */ }
    await storage.removeUpload(u.urlStorageKey);
    setUnfinished((list) => list.filter((x) => x.urlStorageKey !== u.urlStorageKey));
    say(`The unfinished upload of “${u.name}” is discarded.`);
    setFocusFile((n) => n + 1);
  };

  const active = progress.step !== "idle";
  useLeaveWarning(progress.step === "uploading" || progress.step === "storing");
  const percent = progress.step === "storing" ? 100 : progress.step === "idle" ? 0 : percentOf(progress.sent, progress.total);
  const sent = progress.step === "storing" ? progress.total : progress.step === "idle" ? 0 : progress.sent;

  return (
    <section class="recording-upload" aria-labelledby="recording-upload-title">
      <h3 id="recording-upload-title">Upload a video file</h3>
      {!active && unfinished.map((u) => (
        <div class="notice recording-upload__unfinished" key={u.urlStorageKey}>
          <p>
            The upload of “{u.name}” was not finished
            {u.offset !== undefined && u.size ? `: the server has ${percentOf(u.offset, u.size)}% of it (${formatBytes(u.offset)} of ${formatBytes(u.size)})` : ""}.
            {" "}To carry on from there, choose the same file below and upload it.
          </p>
          <ConfirmButton class="secondary" label={<>Discard it<span class="visually-hidden"> (“{u.name}”)</span></>}
            title="Discard the unfinished upload?" confirmLabel="Yes, discard it" keepLabel="Keep it to resume"
            consequence={() => `The server deletes the part of “${u.name}” it has${u.offset ? ` (${formatBytes(u.offset)})` : ""}; uploading the file again starts from the beginning.`}
            onConfirm={() => discard(u)} />
        </div>
      ))}
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        const file = fileInput.current?.files?.[0];
        if (!file) {
          setFileError("Choose a video file to upload.");
          setFocusFile((n) => n + 1);
          return;
        }
        setFileError("");
        if (current) setAsking(file);
        else start(file);
      }}>
        <div class={fileError ? "field field--error" : "field"}>
          <label for="recording-file">Video file</label>
          <span id="recording-file-hint" class="hint">
            An MP4 or WebM file. {current ? "Once it is in, it replaces the current recording (as a draft); its segments and captions stay. " : ""}
            If the upload stops, choose the same file again to carry on where it stopped.
          </span>
          <span id="recording-file-error" class="field-error" role="alert">
            {fileError && <><span class="visually-hidden">Error: </span>{fileError}</>}
          </span>
          <input ref={fileInput} type="file" id="recording-file" name="file" accept="video/mp4,video/webm,.mp4,.m4v,.webm"
            aria-describedby={fileError ? "recording-file-hint recording-file-error" : "recording-file-hint"} disabled={active}
            onChange={() => setFileError("")} />
        </div>
        {!active && <div class="actions"><button type="submit" ref={uploadButton}>Upload</button></div>}
      </form>
      {active && (
        <div class="upload-progress">
          <label for="upload-progress">
            {progress.step === "storing" ? `Checking and storing “${progress.name}”` : `Uploading “${progress.name}”`}
          </label>
          <progress id="upload-progress" max={100} value={percent} aria-describedby="upload-progress-figures">{percent}%</progress>
          <p id="upload-progress-figures" class="upload-progress__figures">
            {percent}% ({formatBytes(sent)} of {formatBytes(progress.total)})
            {progress.step === "paused" && " — paused"}
            {progress.step === "storing" && " — all sent; the server is checking the file and storing it"}
          </p>
          {progress.step === "stopped" && <p class="field-error" role="alert">{progress.message}</p>}
          {progress.step !== "storing" && (
            <div class="actions">
              <button type="button" ref={pauseButton} onClick={progress.step === "uploading" ? pause : resume}>
                {progress.step === "uploading" ? "Pause" : "Resume"}
              </button>
              <ConfirmButton class="secondary" label="Cancel upload" title="Cancel the upload?" confirmLabel="Yes, cancel it" keepLabel="Keep uploading"
                consequence={() => `The server deletes the part of “${progress.name}” it has received; uploading the file again starts from the beginning.`}
                onConfirm={cancel} />
            </div>
          )}
        </div>
      )}
      <ConfirmDialog open={asking !== null} title="Replace the recording?" confirmLabel="Yes, upload and replace it"
        keepLabel="Keep the current recording" opener={uploadButton} onClose={() => setAsking(null)}
        onConfirm={() => { if (asking) start(asking); }}>
        <p>{current && asking ? replaceConsequence(current, asking.name) : ""}</p>
      </ConfirmDialog>
      <p class="visually-hidden" role="status">{said}</p>
      {done && <p class="recording-upload__done" role="status" tabIndex={-1} ref={doneBox}>{done}</p>}
    </section>
  );
}
