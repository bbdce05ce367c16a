import { useEffect, useRef, useState } from "preact/hooks";
import type { LiveStream } from "./liveTypes";
import "./StreamPlayer.css";

/**
 * The address to put in an iframe for a YouTube or Vimeo link as an
 * organiser pastes it (watch page, short link, live link or embed), or
 * null when it is none of those.
 */
export function embedURL(kind: "youtube" | "vimeo", url: string): string | null {
  let u: URL;
  try { u = new URL(url); } catch { return null; }
  if (u.protocol !== "https:") return null;
  const host = u.hostname.replace(/^(www|m)\./, "");
  if (kind === "youtube") {
    let id: string | null = null;
    if (host === "youtu.be") id = u.pathname.slice(1);
    else if (host === "youtube.com" || host === "youtube-nocookie.com") {
      id = u.searchParams.get("v") ?? u.pathname.match(/^\/(?:embed|live|shorts)\/([^/]+)/)?.[1] ?? null;
    }
    return id && /^[\w-]{6,64}$/.test(id) ? `https://www.youtube-nocookie.com/embed/${id}` : null;
  }
  if (host === "player.vimeo.com") return u.toString();
  if (host !== "vimeo.com") return null;
  const event = u.pathname.match(/^\/event\/(\d+)/)?.[1];
  if (event) return `https://vimeo.com/event/${event}/embed`;
  const video = u.pathname.match(/^\/(\d+)/)?.[1];
  return video ? `https://player.vimeo.com/video/${video}` : null;
}

/** "Zoom", "Microsoft Teams" or the link's host: what the Join button opens. */
export function meetingApp(url: string): string {
  let host = "";
  try { host = new URL(url).hostname; } catch { return "the meeting"; }
  if (/(^|\.)zoom\.(us|com)$/.test(host)) return "Zoom";
  if (/(^|\.)teams\.(microsoft|live)\.com$/.test(host)) return "Microsoft Teams";
  return host.replace(/^www\./, "");
}

/** The stream: an embedded player, an HLS video, or the button that joins the meeting. */
export function StreamPlayer({ stream, title }: { stream: LiveStream; title: string }) {
  if (stream.kind === "external") {
    const app = meetingApp(stream.url);
    return (
      <div class="stream-join">
        <p>The session takes place in {app}. Join it from here when you are ready.</p>
        <a class="button stream-join__button" href={stream.url} target="_blank" rel="noopener noreferrer">
          Join now<span class="visually-hidden"> in {app} (opens a new tab)</span>
        </a>
      </div>
    );
  }
  if (stream.kind === "hls") return <HLSPlayer url={stream.url} title={title} />;
  const src = embedURL(stream.kind, stream.url);
  if (!src) return <StreamLink url={stream.url} />;
  return (
    <div class="stream-frame">
      <iframe src={src} title={`${title}: live stream`} allow="autoplay; encrypted-media; fullscreen; picture-in-picture"
        allowFullScreen referrerpolicy="strict-origin-when-cross-origin" />
    </div>
  );
}

/** When the page cannot play the stream itself, a plain link still can. */
function StreamLink({ url }: { url: string }) {
  return <p>This browser cannot play the stream here. <a href={url} target="_blank" rel="noopener noreferrer">Open the stream (opens a new tab)</a>.</p>;
}

/**
 * An HLS stream: Safari and phones play it natively; elsewhere hls.js
 * does, loaded only now, so that no other page carries its weight.
 */
function HLSPlayer({ url, title }: { url: string; title: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    if (el.canPlayType("application/vnd.apple.mpegurl")) {
      el.src = url;
      return;
    }
    let stop = () => {};
    let cancelled = false;
    // The full build, not hls.js/light: the light one drops WebVTT subtitles, and live captions are WCAG AA.
    import("hls.js").then(({ default: Hls }) => {
      if (cancelled) return;
      if (!Hls.isSupported()) { setFailed(true); return; }
      // In the page, not a worker: the CSP allows no blob: workers.
      const hls = new Hls({ enableWorker: false });
      hls.loadSource(url);
      hls.attachMedia(el);
      stop = () => hls.destroy();
    }).catch(() => setFailed(true));
    return () => { cancelled = true; stop(); };
  }, [url]);
  if (failed) return <StreamLink url={url} />;
  return (
    <div class="stream-frame">
      <video ref={video} controls playsInline aria-label={`${title}: live stream`} />
    </div>
  );
}
