import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type Schemas } from "../../api/client";
import { CommentThreadList } from "./CommentThread";
import { CommentForm } from "./CommentForm";
import "./CommentsSection.css";

type Thread = Schemas["CommentThread"];
type ThreadPage = Schemas["CommentThreadPage"];

/**
 * Pages of threads from the start until at least `want` threads are in or
 * the list ends: after posting, the page shows as many as it showed, plus
 * the new one at the end (oldest first).
 */
export async function loadThreads(slug: string, want: number): Promise<ThreadPage> {
  const base = `/api/v1/events/${encodeURIComponent(slug)}/comments`;
  let page = await api.get<ThreadPage>(base);
  const items = [...page.items];
  while (page.next_cursor && items.length < want) {
    page = await api.get<ThreadPage>(`${base}?cursor=${encodeURIComponent(page.next_cursor)}`);
    items.push(...page.items);
  }
  return { ...page, items };
}

/**
 * The comments of a published event: the thread, oldest first, and the
 * form with the event's moderation notice. Renders nothing when the API
 * has no comments for the event.
 */
export function CommentsSection({ slug }: { slug: string }) {
  const [page, setPage] = useState<ThreadPage | null>(null);
  const [failed, setFailed] = useState(false);
  const [replyTo, setReplyTo] = useState<Thread | null>(null);
  const [more, setMore] = useState<"idle" | "busy" | "failed">("idle");

  const refresh = (want: number) => loadThreads(slug, want).then(setPage, (e) => {
    if (e instanceof ApiError && e.status === 404) setPage(null);
    else setFailed(true);
  });
  useEffect(() => { refresh(0); }, [slug]);

  if (failed && !page) return <p role="alert" class="comments__failed">The comments could not be loaded. Try again in a moment.</p>;
  if (!page) return null;

  const showMore = async () => {
    if (!page.next_cursor) return;
    setMore("busy");
    try {
      const next = await api.get<ThreadPage>(`/api/v1/events/${encodeURIComponent(slug)}/comments?cursor=${encodeURIComponent(page.next_cursor)}`);
      setPage({ ...next, items: [...page.items, ...next.items] });
      setMore("idle");
    } catch {
      setMore("failed");
    }
  };
  const cancelReply = () => {
    const id = replyTo?.id;
    setReplyTo(null);
    if (id) document.querySelector<HTMLElement>(`[data-reply="${id}"]`)?.focus();
  };

  return (
    <section class="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">Comments</h2>
      {page.items.length === 0
        ? <p>No comments yet.</p>
        : <CommentThreadList threads={page.items} onReply={setReplyTo} />}
      {page.next_cursor && (
        <p>
          <button type="button" class="secondary" disabled={more === "busy"} onClick={showMore}>Show more comments</button>
          {more === "failed" && <span class="field-error" role="alert"> More comments could not be loaded. Try again.</span>}
        </p>
      )}
      <CommentForm slug={slug} moderation={page.moderation} replyTo={replyTo} onCancelReply={cancelReply}
        onPosted={(mode) => {
          setReplyTo(null);
          if (mode !== "all") void refresh(page.items.length + 1);
        }} />
    </section>
  );
}
