import { bodyParts } from "./commentText";

/**
 * A comment's plain-text body, its line breaks kept. Its web addresses are
 * links only once a moderator approved it (links_allowed); until then, and
 * always for moderators, they stay text, so that spam cannot pass as a link.
 */
export function CommentBody({ body, linksAllowed = false }: { body: string; linksAllowed?: boolean }) {
  return (
    <p class="comment-body">
      {bodyParts(body, linksAllowed).map((p, i) => (p.href
        ? <a key={i} href={p.href} rel="nofollow ugc noopener noreferrer">{p.text}</a>
        : p.text))}
    </p>
  );
}
