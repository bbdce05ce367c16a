import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, type EventDetail, type Schemas } from "../../../api/client";
import { useSubmit } from "../../../lib/forms";
import { clock } from "../../../lib/clock";
import { FormField } from "../../../components/FormField";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { segmentsPath, type Recording, type Segment, type SegmentList } from "./segments";
import "./WriteupForm.css";

type Writeup = Schemas["Writeup"];
type Props = { event: EventDetail; segmentsHref?: string; recordingHref?: string };

/** The server's limit on the body, in characters (code points, as it counts them). */
export const maxBodyChars = 50_000;
const labels = { author: "Author", published_on: "Published on", body_md: "Body (Markdown)" };

/** What the write-up can embed: the recording's segments, none without a recording, or unknown when they could not be read. */
type Embeddable = { recording: Recording | null; segments: Segment[] } | "failed" | null;

const count = (n: number) => n.toLocaleString("en-GB");

/** The body's length as the server counts it: characters, not UTF-16 units. */
export const charCount = (text: string) => [...text].length;

/** The offsets of a line (1-based) of text, for selecting it. */
export function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf("\n", start);
    if (next < 0) return [text.length, text.length];
    start = next + 1;
  }
  const end = text.indexOf("\n", start);
  return [start, end < 0 ? text.length : end];
}

/**
 * The event's write-up: author, date and a Markdown body in which a line
 * {{segment SLUG}} embeds a segment's player. Saving answers with the
 * HTML the public will see (sanitised by the server, and only ever shown
 * from its answer) and the lines that will show nothing, which are listed
 * with a link to each line.
 */
export function WriteupForm({ event, segmentsHref, recordingHref }: Props) {
  const url = `/api/v1/manage/events/${event.id}/writeup`;
  const [writeup, setWriteup] = useState<Writeup | null>(null);
  const [body, setBody] = useState("");
  const [embeddable, setEmbeddable] = useState<Embeddable>(null);
  const [saved, setSaved] = useState("");
  const [tooLong, setTooLong] = useState("");
  const { errors, message, busy, submit } = useSubmit();
  const bodyField = useRef<HTMLTextAreaElement>(null);
  const problemsBox = useRef<HTMLDivElement>(null);
  const [focusProblems, setFocusProblems] = useState(false);

  useEffect(() => {
    submit(async () => {
      const w = await api.get<Writeup>(url);
      setWriteup(w);
      setBody(w.body_md);
    });
    embeddableSegments(event.id).then(setEmbeddable, () => setEmbeddable("failed"));
  }, [url]);
  useEffect(() => {
    if (!focusProblems) return;
    setFocusProblems(false);
    problemsBox.current?.focus();
  }, [focusProblems]);

  const fieldErrors = tooLong ? { ...errors, body_md: tooLong } : errors;
  const length = charCount(body);
  const goToLine = (line: number) => {
    const field = bodyField.current;
    if (!field) return;
    field.focus();
    field.setSelectionRange(...lineRange(field.value, line));
  };

  return (
    <section class="editor-section" aria-labelledby="writeup-title">
      <h2 id="writeup-title">Write-up</h2>
      <p class="hint">The article shown beside the recording on the event's page once the event has ended.</p>
      <ErrorSummary message={message} errors={fieldErrors} labels={labels} />
      {!writeup && !message && <p aria-live="polite">Loading the write-up…</p>}
      {writeup && (
        <form noValidate class="writeup-form" onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          setSaved("");
          if (charCount(body) > maxBodyChars) {
            setTooLong("Keep the write-up to 50,000 characters.");
            return;
          }
          setTooLong("");
          submit(async () => {
            const w = await api.put<Writeup>(url, {
              author: String(data.get("author") ?? ""), published_on: String(data.get("published_on") ?? "") || null, body_md: body,
            });
            setWriteup(w);
            setBody(w.body_md);
            const n = w.problems.length;
            setSaved(n ? `Write-up saved. ${n} ${n === 1 ? "line shows" : "lines show"} nothing to the public: see below.` : "Write-up saved.");
            if (n) setFocusProblems(true);
          });
        }}>
          <FormField id="author" label={labels.author} hint="Who wrote it, as the page credits them." error={fieldErrors.author}>
            {(d) => <input id="author" name="author" defaultValue={writeup.author} aria-describedby={d} autoComplete="off" />}
          </FormField>
          <FormField id="published_on" label={labels.published_on} hint="The date the article carries; leave it empty for none." error={fieldErrors.published_on}>
            {(d) => <input id="published_on" name="published_on" type="date" class="writeup-form__date" defaultValue={writeup.published_on ?? ""} aria-describedby={d} />}
          </FormField>
          <FormField id="body_md" label={labels.body_md} error={fieldErrors.body_md}
            hint="In Markdown: ## for a heading, **bold**, [a link](https://example.org), a blank line between paragraphs. To show a segment's player, put {{segment SLUG}} on a line of its own.">
            {(d) => (
              <textarea id="body_md" name="body_md" ref={bodyField} rows={18} value={body} class="writeup-form__body"
                aria-describedby={[d, "body_md-count"].filter(Boolean).join(" ")} onInput={(e) => setBody(e.currentTarget.value)} />
            )}
          </FormField>
          <p id="body_md-count" class={length > maxBodyChars ? "writeup-form__count field-error" : "writeup-form__count hint"}>
            {length > maxBodyChars
              ? `${count(length - maxBodyChars)} ${length - maxBodyChars === 1 ? "character" : "characters"} too many: ${count(length)} of ${count(maxBodyChars)}.`
              : `${count(length)} of ${count(maxBodyChars)} characters.`}
          </p>
          <SegmentHelp embeddable={embeddable} segmentsHref={segmentsHref} recordingHref={recordingHref} />
          <div class="actions">
            <button type="submit" disabled={busy}>Save write-up</button>
            <span role="status">{saved}</span>
          </div>
        </form>
      )}
      {writeup && writeup.problems.length > 0 && (
        <div id="writeup-problems" class="writeup-problems" ref={problemsBox} tabIndex={-1} role="region" aria-labelledby="writeup-problems-title">
          <h3 id="writeup-problems-title">Lines that show nothing to the public</h3>
          <p>The write-up is saved; readers will not see these lines as meant until they are put right.</p>
          <ul>
            {writeup.problems.map((p) => (
              <li key={`${p.line}-${p.message}`}>
                <a href="#body_md" onClick={(e) => { e.preventDefault(); goToLine(p.line); }}>Line {p.line}</a>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {writeup && (
        <section class="writeup-preview" aria-labelledby="writeup-preview-title">
          <h3 id="writeup-preview-title">Preview</h3>
          <p class="hint">
            The saved write-up as the public sees it; on the event's page each segment shows as a player.
            {body !== writeup.body_md && " Save to see your changes here."}
          </p>
          {writeup.html.trim()
            // The server rendered this HTML and sanitised it with bluemonday.
            ? <div class="prose writeup-preview__body" dangerouslySetInnerHTML={{ __html: writeup.html }} />
            : <p>Nothing to show yet.</p>}
          {event.status === "published" && <p><a href={`/events/${encodeURIComponent(event.slug)}`}>Open the event's page</a></p>}
        </section>
      )}
    </section>
  );
}

/** The recording (if any) and its segments, which shortcodes can name. */
async function embeddableSegments(eventID: string): Promise<Embeddable> {
  let recording: Recording;
  try {
    recording = await api.get<Recording>(`/api/v1/manage/events/${eventID}/recording`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { recording: null, segments: [] };
    throw err;
  }
  return { recording, segments: (await api.get<SegmentList>(segmentsPath(eventID))).items };
}

type HelpProps = { embeddable: Embeddable; segmentsHref?: string; recordingHref?: string };

/** The shortcodes the write-up can use, one per segment, with what stops them showing. */
function SegmentHelp({ embeddable, segmentsHref, recordingHref }: HelpProps) {
  let said;
  if (embeddable === null) said = <p>Loading the recording's segments…</p>;
  else if (embeddable === "failed") said = <p>The recording's segments could not be loaded; reload the page to list them here.</p>;
  else if (!embeddable.recording) {
    said = <p>The event has no recording yet, so a {"{{segment SLUG}}"} line shows nothing.{recordingHref && <> Add it in the <a href={recordingHref}>Recording</a> section.</>}</p>;
  } else if (embeddable.segments.length === 0) {
    said = <p>The recording has no segments yet.{segmentsHref && <> Cut it into segments in the <a href={segmentsHref}>Segments</a> section.</>}</p>;
  } else {
    said = (
      <>
        <p>The recording's segments, each with the line that shows it:</p>
        <ul class="writeup-help__segments">
          {embeddable.segments.map((s) => (
            <li key={s.id}><code>{`{{segment ${s.slug}}}`}</code> {s.title} ({clock(s.start_ms)}–{clock(s.end_ms)})</li>
          ))}
        </ul>
        {embeddable.recording.status === "draft" && <p>The recording is a draft: segments show once it is published.</p>}
      </>
    );
  }
  return (
    <div class="writeup-help" aria-labelledby="writeup-help-title" role="group">
      <h3 id="writeup-help-title">Segments to show</h3>
      {said}
    </div>
  );
}
