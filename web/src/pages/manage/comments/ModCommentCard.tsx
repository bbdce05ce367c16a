import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, type Schemas } from "../../../api/client";
import { Tag } from "../../../components/Tag";
import { ConfirmButton } from "../../../components/ConfirmDialog";
import { CommentBody } from "../../comments/CommentBody";
import { charactersLeft, hasLinks } from "../../comments/commentText";
import { Timestamp } from "../Timestamp";
import "./ModCommentCard.css";

export type ModComment = Schemas["ModComment"];
export type Action = "approve" | "reject" | "delete";

/** The actions a comment's status allows; an erased comment has none left. */
export function actionsFor(c: ModComment): Action[] {
  if (c.deleted) return [];
  if (c.status === "pending") return ["approve", "reject", "delete"];
  // A comment that published by itself ("none" mode, or an approved
  // address) shows its links as text until a moderator approves it too.
  if (c.status === "approved") return !c.links_allowed && hasLinks(c.body) ? ["approve", "reject", "delete"] : ["reject", "delete"];
  return ["approve", "delete"];
}

/** Whether an organiser may reply: to a published, standing, top-level comment. */
export const canReply = (c: ModComment) => c.status === "approved" && !c.deleted && c.parent_id === null;

/** What deleting a comment does, said before it is done. */
export function deleteConsequence(c: ModComment): string {
  const what = c.organiser_reply ? `${c.name}’s reply` : `${c.name}’s name, email address and comment`;
  const place = c.parent_id === null ? "Its place in the thread stays, as “Comment deleted”, with the replies under it." : "Its place under the comment it answers stays, as “Comment deleted”.";
  return `This erases ${what} for good. ${place} This cannot be undone.`;
}

const actionNames: Record<Action, string> = { approve: "Approve", reject: "Reject", delete: "Delete" };

type Props = {
  c: ModComment;
  zone: string;
  /** The name on the comment this one replies to, when it is a reply. */
  parentName?: string;
  /** Whether the signed-in user may reply (organisers and admins). */
  mayReply: boolean;
  act: (c: ModComment, action: Action) => Promise<void>;
  reply: (c: ModComment, body: string) => Promise<void>;
};

/**
 * One comment as a moderator sees it: who wrote it and their email (never
 * shown on public pages), whether that address is confirmed, the body with
 * its links as text, and what may be done with it.
 */
export function ModCommentCard({ c, zone, parentName, mayReply, act, reply }: Props) {
  const [replying, setReplying] = useState(false);
  const titleID = `comment-${c.id}-title`;
  const who = c.deleted ? "the deleted comment" : `the comment by ${c.name}`;
  return (
    <article class="mod-comment" aria-labelledby={titleID} data-comment={c.id}>
      <h4 id={titleID} class="mod-comment__title">
        {c.deleted ? "Comment deleted" : c.name}
        {c.organiser_reply && <> <Tag colour="blue">Organiser reply</Tag></>}
      </h4>
      {!c.deleted && !c.organiser_reply && (
        <p class="mod-comment__email">
          <span class="visually-hidden">Email: </span>{c.email}{" "}
          {c.email_confirmed ? <Tag colour="green">Address confirmed</Tag> : <Tag>Address not confirmed</Tag>}
        </p>
      )}
      <p class="mod-comment__meta">
        {c.parent_id !== null && <>Reply to {parentName ?? "a comment"} · </>}
        <Timestamp iso={c.created_at} zone={zone} />
      </p>
      {!c.deleted && <CommentBody body={c.body} />}
      {!replying && (actionsFor(c).length > 0 || (mayReply && canReply(c))) && (
        <div class="part-actions mod-comment__actions">
          {mayReply && canReply(c) && (
            <button type="button" class="secondary" data-reply-open={c.id} onClick={() => setReplying(true)}>
              Reply{" "}<span class="visually-hidden">to {c.name}</span>
            </button>
          )}
          {actionsFor(c).map((a) => a === "delete"
            ? <ConfirmButton key={a} class="warning" label={<>Delete{" "}<span class="visually-hidden">{who}</span></>}
                title="Delete this comment?" confirmLabel="Yes, delete it" keepLabel="No, keep it" onConfirm={() => act(c, a)}
                consequence={() => deleteConsequence(c)} />
            : <button key={a} type="button" class={a === "approve" ? undefined : "secondary"} onClick={() => act(c, a)}>
                {a === "approve" && c.status === "approved" ? "Allow its links" : actionNames[a]}{" "}<span class="visually-hidden">{a === "approve" && c.status === "approved" ? `in ${who}` : who}</span>
              </button>)}
        </div>
      )}
      {replying && <ReplyForm c={c} onSave={(body) => reply(c, body)} onClose={() => setReplying(false)} />}
    </article>
  );
}

/** The organiser's reply: published at once, marked as the organiser's, signed with their name. */
function ReplyForm({ c, onSave, onClose }: { c: ModComment; onSave: (body: string) => Promise<void>; onClose: () => void }) {
  const id = `reply-${c.id}`;
  const [body, setBody] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const box = useRef<HTMLFormElement>(null);
  useEffect(() => { field.current?.focus(); }, []);
  const close = () => {
    const card = box.current?.closest("article");
    onClose();
    // The Reply button is drawn again after this render; focus it then.
    requestAnimationFrame(() => card?.querySelector<HTMLElement>(`[data-reply-open="${c.id}"]`)?.focus());
  };
  return (
    <form ref={box} class="mod-comment__reply" aria-label={`Reply to ${c.name}`} noValidate onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true);
      setError("");
      try {
        await onSave(body);
        onClose(); // the queue says what happened and takes focus
      } catch (err) {
        setError(err instanceof ApiError ? err.fieldErrors.body ?? err.message : "The server could not be reached. Try again.");
      } finally {
        setBusy(false);
      }
    }}>
      <div class={error ? "field field--error" : "field"}>
        <label for={id}>Your reply</label>
        <span class="hint" id={`${id}-hint`}>Published at once under this comment, marked as the organiser’s, with your name. {charactersLeft(body).text}.</span>
        {error && <span class="field-error" id={`${id}-error`} role="alert"><span class="visually-hidden">Error: </span>{error}</span>}
        <textarea id={id} ref={field} rows={4} value={body} onInput={(e) => setBody(e.currentTarget.value)}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} />
      </div>
      <div class="part-actions">
        <button type="submit" disabled={busy}>Publish reply</button>
        <button type="button" class="secondary" onClick={close}>Cancel</button>
      </div>
    </form>
  );
}
