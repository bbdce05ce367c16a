import { useState } from "preact/hooks";
import { ApiError, type Schemas } from "../../../api/client";
import { csrfToken, loadSession } from "../../../lib/session";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { NotificationBanner } from "../../../components/NotificationBanner";
import { Radios } from "../../../components/Radios";

type ImportResult = Schemas["AttendanceImport"];

/** The largest report the server reads. */
const maxBytes = 5 * 1024 * 1024;

const sources = [
  { value: "auto", label: "Tell from the report’s columns" },
  { value: "zoom", label: "Zoom participant report" },
  { value: "teams", label: "Microsoft Teams attendance report" },
] as const;

/** Sends a report's bytes as they were saved (Teams saves UTF-16; the
 *  server reads either), with the session's CSRF token. */
async function postReport(path: string, file: Blob): Promise<ImportResult> {
  if (!csrfToken.value) await loadSession();
  const resp = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "text/csv", "X-CSRF-Token": csrfToken.value },
    body: file,
  });
  const data = await resp.json().catch(() => null);
  if (!resp.ok) {
    throw new ApiError(data ?? { type: "about:blank", title: resp.statusText, status: resp.status, detail: "The server could not be reached." });
  }
  return data as ImportResult;
}

/** The page's id for a server error: a line's error links to that line
 *  in the list below the form; the file's and source's to their fields. */
const fieldOf = (key: string) => (key.startsWith("line ") ? `report-${key.replace(" ", "-")}` : key === "source" ? "report-source" : "report-file");

type Props = { eventID: string; onImported: () => Promise<void> };

/** Imports a Zoom or Teams attendance report: all of it, or nothing when a
 *  line is bad, with each bad line named. */
export function AttendanceImport({ eventID, onImported }: Props) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);

  const fail = (e: unknown) => {
    if (!(e instanceof ApiError)) return setMessage("The server could not be reached. Try again.");
    const fields = Object.entries(e.fieldErrors);
    setErrors(Object.fromEntries(fields.map(([k, v]) => [fieldOf(k), v])));
    setMessage(fields.some(([k]) => k.startsWith("line ")) ? "Nothing was imported: fix these lines of the report and import it again." : fields.length ? "" : e.message);
  };
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const file = (form.elements.namedItem("report") as HTMLInputElement).files?.[0];
    const source = String(new FormData(form).get("source") ?? "auto");
    setResult(null);
    setErrors({});
    setMessage("");
    if (!file) return setErrors({ "report-file": "Choose the report file to import." });
    if (file.size > maxBytes) return setErrors({ "report-file": "The report is larger than 5 MB; import it in parts." });
    setBusy(true);
    try {
      const query = source === "auto" ? "" : `?source=${source}`;
      setResult(await postReport(`/api/v1/manage/events/${eventID}/live/attendance/import${query}`, file));
      await onImported();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const lineNumber = (k: string) => Number(k.slice("report-line-".length));
  const lines = Object.entries(errors).filter(([k]) => k.startsWith("report-line-")).sort(([a], [b]) => lineNumber(a) - lineNumber(b));
  const labels = Object.fromEntries([
    ["report-file", "Report file"], ["report-source", "Where the report is from"],
    ...lines.map(([k]) => [k, `Line ${lineNumber(k)}`]),
  ]);

  return (
    <section class="editor-section" aria-labelledby="attendance-import-title">
      <h2 id="attendance-import-title">Import a Zoom or Teams report</h2>
      <p class="hint">
        Download the participant report from Zoom, or the attendance report from Teams, and import it as it is. Each person’s
        joins are added up and matched to registrants by email; those who stayed long enough are marked as attended.
      </p>
      <ErrorSummary message={message} errors={errors} labels={labels} />
      {result && <ImportOutcome result={result} />}
      <form class="attendance-import" onSubmit={onSubmit} noValidate>
        <div class={errors["report-file"] ? "field field--error" : "field"}>
          <label for="report-file">Report file (CSV)</label>
          {errors["report-file"] && <span id="report-file-error" class="field-error"><span class="visually-hidden">Error: </span>{errors["report-file"]}</span>}
          <input id="report-file" name="report" type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
            aria-describedby={errors["report-file"] ? "report-file-error" : undefined} />
        </div>
        <Radios name="source" idPrefix="report-source" legend="Where the report is from" items={sources} value="auto"
          error={errors["report-source"]} />
        {lines.length > 0 && (
          <ul class="attendance-import__lines" aria-label="Lines to fix">
            {lines.map(([k, v]) => <li key={k} id={k} tabIndex={-1}>{labels[k]}: {v}</li>)}
          </ul>
        )}
        <div class="actions"><button type="submit" disabled={busy}>Import report</button></div>
      </form>
    </section>
  );
}

/** What an import did, and whom it could not match. */
function ImportOutcome({ result }: { result: ImportResult }) {
  const people = (n: number) => `${n} ${n === 1 ? "registrant" : "registrants"}`;
  return (
    <NotificationBanner type="success" title="Report imported">
      <p>
        The report named {people(result.matched)}; {result.updated === 0 ? "nobody was newly" : `${people(result.updated)} newly`} marked as attended.
      </p>
      {result.unmatched.length > 0 && (
        <div class="attendance-import__unmatched">
          <p>Not matched to a confirmed registrant:</p>
          <ul>
            {result.unmatched.map((u) => (
              <li key={u.line}>Line {u.line}: {u.name || "No name"} {u.email ? `(${u.email})` : "(no email in the report)"}</li>
            ))}
          </ul>
        </div>
      )}
    </NotificationBanner>
  );
}
