import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, type Schemas } from "../../api/client";
import { clock } from "../../lib/clock";
import { viewerFor } from "./progress";
import { useReplayProgress } from "./useReplayProgress";
import "./ReplaySection.css";

type Replay = Schemas["Replay"];
type Line = Schemas["TranscriptLine"];

/** The replay of an ended event: player, segments, transcript, write-up and answered questions. Renders nothing without a replay. */
export function ReplaySection({ slug, segment }: { slug: string; segment?: string }) {
  const [replay, setReplay] = useState<Replay | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const stopAt = useRef<number | null>(null);

  useEffect(() => {
    api.get<Replay>(`/api/v1/events/${encodeURIComponent(slug)}/replay`)
      .then(setReplay)
      .catch((e) => { if (!(e instanceof ApiError)) throw e; });
  }, [slug]);

  const current = replay?.segments.find((s) => s.slug === segment);
  const viewer = viewerFor(slug);
  const playsFile = replay?.recording?.kind === "upload" && !!replay.recording.file_url;
  useReplayProgress(video, viewer, playsFile);

  // A segment's share URL plays from its start and pauses at its end, as the media fragment #t=start,end does.
  useEffect(() => {
    const v = video.current;
    if (!v || !current) return;
    const start = () => { v.currentTime = current.start_ms / 1000; stopAt.current = current.end_ms / 1000; };
    if (v.readyState >= 1) start(); else v.addEventListener("loadedmetadata", start, { once: true });
  }, [current, replay]);

  const seek = (ms: number, until: number | null = null) => {
    const v = video.current;
    if (!v) return;
    v.currentTime = ms / 1000;
    stopAt.current = until === null ? null : until / 1000;
    void v.play().catch(() => undefined);
  };
  const onTime = () => {
    const v = video.current;
    if (v && stopAt.current !== null && v.currentTime >= stopAt.current) {
      v.pause();
      v.currentTime = stopAt.current;
      stopAt.current = null;
    }
  };

  if (!replay || (!replay.recording && !replay.writeup)) return null;
  const rec = replay.recording;
  return (
    <section class="replay" aria-labelledby="replay-title">
      <h2 id="replay-title">Replay{current ? `: ${current.title}` : ""}</h2>
      {current && <p class="replay__segment">Segment {clock(current.start_ms)} – {clock(current.end_ms)}{current.description ? `. ${current.description}` : ""}</p>}
      {rec && (
        <div class="replay__player">
          {rec.kind === "upload" && rec.file_url ? (
            <video ref={video} controls preload="metadata" poster={rec.poster_url ?? undefined} onTimeUpdate={onTime}>
              <source src={rec.file_url} type={rec.content_type ?? undefined} />
              {rec.captions_url && <track kind="captions" default src={rec.captions_url} srclang={rec.captions_language ?? "en"} label="Captions" />}
              {rec.chapters_url && <track kind="chapters" src={rec.chapters_url} srclang={rec.captions_language ?? "en"} label="Chapters" />}
            </video>
          ) : rec.embed_url ? (
            <iframe src={rec.embed_url} title={`Recording of ${replay.title}`} allow="fullscreen; picture-in-picture" />
          ) : null}
          {viewer && playsFile && <p class="replay__meta">You came through your own replay link, so the organiser sees how much of the recording you watch.</p>}
        </div>
      )}
      {!rec && <p class="replay__meta">The recording of this event is not available.</p>}
      {replay.segments.length > 0 && (
        <nav aria-labelledby="segments-title">
          <h3 id="segments-title">Segments</h3>
          <ul class="replay__segments">
            {replay.segments.map((s) => (
              <li key={s.slug}>
                <a href={s.share_url} aria-current={s.slug === segment ? "page" : undefined}>{s.title}</a>{" "}
                <span class="replay__meta">{clock(s.start_ms)} – {clock(s.end_ms)}{s.speakers.length ? ` · ${s.speakers.join(", ")}` : ""}</span>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {rec?.kind === "upload" && rec.captions_url && <Transcript slug={slug} onSeek={(ms) => seek(ms)} />}
      {replay.writeup && <Writeup replay={replay} onPlay={(s) => seek(s.start_ms, s.end_ms)} />}
      {replay.questions.length > 0 && (
        <section aria-labelledby="questions-title">
          <h3 id="questions-title">Questions answered</h3>
          <dl class="replay__questions">
            {replay.questions.map((q, i) => (
              <div key={i}>
                <dt>{q.question} <span class="replay__meta">— {q.asked_by}{q.organisation ? `, ${q.organisation}` : ""}</span></dt>
                <dd>{q.answer}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </section>
  );
}

/** The write-up; each segment placeholder gets a button that plays that segment in the main player. */
function Writeup({ replay, onPlay }: { replay: Replay; onPlay: (s: Schemas["PublicSegment"]) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const w = replay.writeup!;
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    root.querySelectorAll<HTMLElement>("figure.segment-embed[data-segment]").forEach((fig) => {
      const seg = replay.segments.find((s) => s.slug === fig.dataset.segment);
      if (!seg || !replay.recording || fig.querySelector("button")) return;
      const b = document.createElement("button");
      b.type = "button";
      b.className = "button button--secondary";
      b.textContent = `Play “${seg.title}” (${clock(seg.start_ms)} – ${clock(seg.end_ms)})`;
      b.addEventListener("click", () => { onPlay(seg); document.getElementById("replay-title")?.scrollIntoView(); });
      fig.prepend(b);
    });
  }, [w.html, replay]);
  return (
    <section aria-labelledby="writeup-title">
      <h3 id="writeup-title">Write-up</h3>
      <p class="replay__meta">By {w.author}{w.published_on ? `, ${w.published_on}` : ""}</p>
      {/* The server sanitised this HTML with bluemonday. */}
      <div ref={ref} class="prose" dangerouslySetInnerHTML={{ __html: w.html }} />
    </section>
  );
}

/** The transcript: lines that seek the player, and a search that marks the matching words. */
function Transcript({ slug, onSeek }: { slug: string; onSeek: (ms: number) => void }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<Line[] | null>(null);
  const base = `/api/v1/events/${encodeURIComponent(slug)}/recording/transcript`;
  useEffect(() => {
    api.get<Schemas["TranscriptPage"]>(base).then((p) => setLines(p.items)).catch(() => setLines([]));
  }, [base]);
  const search = (e: Event) => {
    e.preventDefault();
    if (!q.trim()) { setHits(null); return; }
    api.get<Schemas["TranscriptPage"]>(`${base}?q=${encodeURIComponent(q)}`).then((p) => setHits(p.items)).catch(() => setHits([]));
  };
  const shown = hits ?? lines;
  if (lines.length === 0) return null;
  return (
    <section class="replay__transcript" aria-labelledby="transcript-title">
      <h3 id="transcript-title">Transcript</h3>
      <form role="search" onSubmit={search} class="replay__search">
        <label for="transcript-q">Search the transcript</label>
        <input id="transcript-q" type="search" class="input" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit" class="button button--secondary">Search</button>
      </form>
      {hits && <p aria-live="polite">{hits.length === 1 ? "1 line matches." : `${hits.length} lines match.`}</p>}
      <ol class="replay__lines">
        {shown.map((l) => (
          <li key={l.seq}>
            <button type="button" class="replay__line" onClick={() => onSeek(l.start_ms)}>
              <span class="replay__time">{clock(l.start_ms)}</span>{" "}
              {l.snippet ? l.snippet.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : p.text)) : l.text}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
