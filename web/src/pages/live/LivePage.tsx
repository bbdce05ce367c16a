import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { ApiError } from "../../api/client";
import { useTitle } from "../../components/useTitle";
import { NotFoundPage } from "../NotFoundPage";
import { LiveHeader } from "./LiveHeader";
import { LiveSession } from "./LiveSession";
import { LiveStage } from "./LiveStage";
import { liveApi } from "./liveApi";
import { useHeartbeat } from "./useHeartbeat";
import type { LivePage as LivePageData } from "./liveTypes";
import "./LivePage.css";

/** The longest wait the page schedules (setTimeout's limit is about 24 days; a day is plenty). */
const longestWaitMs = 86_400_000;

/**
 * The next moment the page's phase changes by the clock alone (the stream
 * opens, the session starts, it ends), in this browser's time, or null.
 */
export function nextBoundary(page: LivePageData, skewMs: number): number | null {
  const at = page.phase === "open" ? page.event.starts_at : page.phase === "live" ? page.event.ends_at : null;
  return at ? new Date(at).getTime() - skewMs : null;
}

/** An attendee's live page, /live/{token}: the stream, the Q&A and the polls. */
export function LivePage() {
  const { params } = useRoute();
  const token: string = params.token;
  const calls = useMemo(() => liveApi(token), [token]);
  const [page, setPage] = useState<LivePageData | null>(null);
  const [skewMs, setSkewMs] = useState(0);
  const [problem, setProblem] = useState<"missing" | "failed" | null>(null);
  useTitle(page ? `Live: ${page.event.title}` : "Live session");

  const load = useCallback(() => {
    calls.page().then((p) => {
      setSkewMs(new Date(p.now).getTime() - Date.now());
      setPage(p);
      setProblem(null);
    }).catch((e) => setProblem(e instanceof ApiError && (e.status === 404 || e.status === 400) ? "missing" : "failed"));
  }, [calls]);
  useEffect(load, [load]);

  const watching = !!page && page.viewer.confirmed && (page.phase === "open" || page.phase === "live");
  useHeartbeat(token, watching);
  useEffect(() => {
    const at = page && nextBoundary(page, skewMs);
    if (!at) return;
    const timer = setTimeout(load, Math.min(Math.max(at - Date.now(), 0) + 1000, longestWaitMs));
    return () => clearTimeout(timer);
  }, [page, skewMs]);

  if (problem === "missing") return <NotFoundPage />;
  if (problem === "failed" && !page) return <p role="alert">The live page could not be loaded. Try again in a moment.</p>;
  if (!page) return <p aria-live="polite">Loading the live session…</p>;
  const interactive = page.viewer.confirmed && page.phase !== "cancelled";
  return (
    <article class="live-page">
      <LiveHeader page={page} />
      <LiveStage page={page} skewMs={skewMs} onTime={load} />
      {interactive && <LiveSession token={token} page={page} calls={calls} onPhase={load} />}
    </article>
  );
}
