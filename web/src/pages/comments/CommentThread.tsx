import type { Schemas } from "../../api/client";
import { Tag } from "../../components/Tag";
import { CommentBody } from "./CommentBody";
import { postedAt } from "./commentText";

type Comment = Schemas["Comment"];
type Thread = Schemas["CommentThread"];

/** One published comment, or the place of one that was deleted. */
function CommentItem({ c, label }: { c: Comment; label: string }) {
  if (c.deleted) {
    return (
      <article class="comment comment--deleted" aria-label={label}>
        <p class="comment__deleted">Comment deleted</p>
      </article>
    );
  }
  return (
    <article class={`comment${c.organiser_reply ? " comment--organiser" : ""}`} aria-label={label}>
      <p class="comment__meta">
        <strong class="comment__name">{c.name}</strong>
        {c.organiser_reply && <> <Tag colour="blue">Organiser</Tag></>}
        {" "}<time class="comment__when" dateTime={c.created_at}>{postedAt(c.created_at)}</time>
      </p>
      <CommentBody body={c.body} linksAllowed={c.links_allowed} />
    </article>
  );
}

/** Whom a comment is by, for its landmark-free label ("Comment by Cora", "Reply by the organiser, Ada"). */
export function commentLabel(c: Comment, reply: boolean): string {
  const kind = reply ? "Reply" : "Comment";
  if (c.deleted) return `${kind} deleted`;
  return c.organiser_reply ? `${kind} by the organiser, ${c.name}` : `${kind} by ${c.name}`;
}

type Props = {
  threads: readonly Thread[];
  /** Offers a reply to a standing top-level comment; absent: no reply buttons. */
  onReply?: (t: Thread) => void;
};

/**
 * The published comments, oldest first, each with its replies (one level).
 * A deleted comment keeps its place, so its replies still read in order.
 */
export function CommentThreadList({ threads, onReply }: Props) {
  return (
    <ol class="comment-threads">
      {threads.map((t) => (
        <li key={t.id} class="comment-thread">
          <CommentItem c={t} label={commentLabel(t, false)} />
          {t.replies.length > 0 && (
            <ol class="comment-replies" aria-label={t.deleted ? "Replies to a deleted comment" : `Replies to ${t.name}`}>
              {t.replies.map((r) => <li key={r.id}><CommentItem c={r} label={commentLabel(r, true)} /></li>)}
            </ol>
          )}
          {onReply && !t.deleted && (
            <button type="button" class="secondary comment-thread__reply" data-reply={t.id} onClick={() => onReply(t)}>
              Reply{" "}<span class="visually-hidden">to {t.name}</span>
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
