import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type EventDetail } from "../../../api/client";
import { useSubmit } from "../../../lib/forms";
import { clock } from "../../../lib/clock";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { ListEditor } from "../../../components/ListEditor";
import { ChapterProblems } from "./ChapterProblems";
import { FromAgenda } from "./FromAgenda";
import { SegmentForm } from "./SegmentForm";
import { SegmentTimeline } from "./SegmentTimeline";
import { ShareLink } from "./ShareLink";
import { segmentsPath, shareURL, type Recording, type Segment, type SegmentList, type SegmentSaved } from "./segments";
import "./SegmentsEditor.css";

type Props = {
  event: EventDetail;
  /** The event area's Recording and Agenda sections, when it has them. */
  recordingHref?: string;
  agendaHref?: string;
};

/** What the section shows: loading, no recording, or the recording and its segments. */
type Loaded = { state: "loading" } | { state: "none" } | { state: "ready"; recording: Recording; list: SegmentList };

/** The order the server lists segments in: by start, then end, then slug. */
export function inPlayOrder(segments: readonly Segment[]): Segment[] {
  return [...segments].sort((a, b) => a.start_ms - b.start_ms || a.end_ms - b.end_ms || a.slug.localeCompare(b.slug));
}

/**
 * The recording cut into segments: chapters of the player and addresses
 * to share. The list, in the order they play, is where they are read and
 * edited; the timeline above draws them; the rules the chapters track
 * breaks are listed as the server states them after every change.
 */
export function SegmentsEditor({ event, recordingHref, agendaHref }: Props) {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [made, setMade] = useState("");
  const { message, busy, submit } = useSubmit();

  useEffect(() => {
    submit(async () => {
      let recording: Recording;
      try {
        recording = await api.get<Recording>(`/api/v1/manage/events/${event.id}/recording`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return setLoaded({ state: "none" });
        throw err;
      }
      setLoaded({ state: "ready", recording, list: await api.get<SegmentList>(segmentsPath(event.id)) });
    });
  }, [event.id]);

  const heading = <h2 id="segments-title">Segments</h2>;
  if (loaded.state !== "ready") {
    return (
      <section class="editor-section" aria-labelledby="segments-title">
        {heading}
        <ErrorSummary message={message} errors={{}} labels={{}} />
        {loaded.state === "loading" && !message && <p aria-live="polite">Loading the segments…</p>}
        {loaded.state === "none" && (
          <p>This event has no recording yet, so it has no segments.{" "}
            {recordingHref ? <>Add it in the <a href={recordingHref}>Recording</a> section, then cut it into segments here.</> : "Once it has one, cut it into segments here."}</p>
        )}
      </section>
    );
  }

  const { recording, list } = loaded;
  const durationMs = (recording.duration_seconds ?? 0) * 1000;
  const show = (next: SegmentList) => setLoaded({ state: "ready", recording, list: next });
  const saved = (s: SegmentSaved) => show({
    items: inPlayOrder([...list.items.filter((x) => x.id !== s.segment.id), s.segment]), chapter_problems: s.chapter_problems,
  });
  const names = new Map(event.speakers.map((s) => [s.person_id, s.name]));
  // A new segment starts where the segments end (the recording runs on).
  const nextStart = Math.max(0, ...list.items.map((s) => s.end_ms));

  return (
    <section class="editor-section" aria-labelledby="segments-title">
      {heading}
      <p class="hint">
        Segments cut the recording into chapters: players list them, and each has its own address that plays it from its start to its end.
      </p>
      <p>
        {durationMs > 0
          ? `The recording lasts ${clock(durationMs)}.`
          : "The recording's length is not known yet, so ends are not checked against it."}
        {recording.status === "draft" && " It is a draft: the segments' addresses play them once it is published."}
        {recording.status === "published" && event.status !== "published" && " The segments' addresses play them once the event is published."}
      </p>
      <ErrorSummary message={message} errors={{}} labels={{}} />
      <ChapterProblems problems={list.chapter_problems} count={list.items.length} />
      <SegmentTimeline segments={list.items} durationMs={durationMs} />
      <FromAgenda event={event} count={list.items.length} busy={busy} agendaHref={agendaHref}
        onMake={(replace) => submit(async () => {
          const next = await api.post<SegmentList>(`${segmentsPath(event.id)}/from-agenda${replace ? "?replace=true" : ""}`);
          show(next);
          const left = event.agenda.length - next.items.length;
          setMade(`Made ${next.items.length} ${next.items.length === 1 ? "segment" : "segments"} from the agenda.` +
            (left > 0 ? ` ${left} agenda ${left === 1 ? "item starts" : "items start"} after the recording ends and ${left === 1 ? "was" : "were"} left out.` : ""));
        })} />
      <p role="status">{made}</p>
      <ListEditor label="Segments" items={list.items} keyOf={(s) => s.id} nameOf={(s) => s.title} busy={busy}
        empty={<p>No segments yet.</p>}
        edit={(s, close) => (
          <SegmentForm event={event} segment={s} idPrefix={`segment-${s.id}-`} durationMs={durationMs}
            taken={list.items.filter((x) => x.id !== s.id).map((x) => x.slug)} onCancel={close}
            onSaved={(result) => { saved(result); close(); }} />
        )}
        remove={{
          title: (s) => `Remove the segment “${s.title}”?`,
          consequence: (s) => (
            <p>It is deleted for good. Its address, <span class="segment-url">{shareURL(location.origin, event.slug, s.slug)}</span>, stops
              working, and a write-up line <code class="segment-url">{`{{segment ${s.slug}}}`}</code> shows nothing.</p>
          ),
          keepLabel: "Keep the segment",
          onRemove: (s) => submit(async () => show(await api.del<SegmentList>(`${segmentsPath(event.id)}/${s.id}`))),
        }}
        add={<SegmentForm event={event} idPrefix="segment_" durationMs={durationMs} taken={list.items.map((x) => x.slug)}
          start={nextStart} end={durationMs > nextStart ? durationMs : 0} onSaved={saved} />}>
        {(s) => (
          <div class="segment-row">
            <p class="segment-row__title"><span class="segment-row__number">{list.items.indexOf(s) + 1}.</span> <strong>{s.title}</strong></p>
            <p class="segment-row__meta">
              {clock(s.start_ms)}–{clock(s.end_ms)}
              {s.speakers.length > 0 && ` · ${s.speakers.map((id) => names.get(id) ?? "a speaker no longer on this event").join(", ")}`}
            </p>
            {s.description && <p class="segment-row__description">{s.description}</p>}
            <ShareLink url={shareURL(location.origin, event.slug, s.slug)} title={s.title} />
          </div>
        )}
      </ListEditor>
    </section>
  );
}
