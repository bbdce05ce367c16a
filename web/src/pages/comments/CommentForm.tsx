import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, type Schemas } from "../../api/client";
import { useSubmit } from "../../lib/forms";
import { FormField } from "../../components/FormField";
import { ErrorSummary } from "../../components/ErrorSummary";
import { NotificationBanner } from "../../components/NotificationBanner";
import { charactersLeft, emailMessage, maxBody, moderationNotice, postedMessage, tooManyMessage, type Moderation } from "./commentText";

type Receipt = Schemas["CommentReceipt"];
type Thread = Schemas["CommentThread"];

// The form's ids carry a prefix, as the event page may hold the
// registration form's fields too; the API's field names map onto them.
const prefix = "comment-";
const labels: Record<string, string> = {
  [`${prefix}parent_id`]: "Reply", [`${prefix}name`]: "Your name", [`${prefix}email`]: "Your email address", [`${prefix}body`]: "Your comment",
};
const onPage = (errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [prefix + k, v]));

type Props = {
  slug: string;
  moderation: Moderation;
  /** The comment being replied to, or null for a new comment. */
  replyTo: Thread | null;
  onCancelReply: () => void;
  /** The comment was received; the mode says whether it may be on the page already. */
  onPosted: (mode: Moderation) => void;
};

/**
 * The comment form: name, an email that is never published, the comment
 * with a count of the characters left, and a honeypot field that people
 * never see (off-screen, hidden from assistive technology, out of the tab
 * order). After sending, it says what the API's answer tells: published
 * now, held for a moderator, and the email on its way.
 */
export function CommentForm({ slug, moderation, replyTo, onCancelReply, onPosted }: Props) {
  const { errors, message, busy, submit } = useSubmit();
  const [body, setBody] = useState("");
  const [spoken, setSpoken] = useState("");
  const [posted, setPosted] = useState<{ mode: Moderation; n: number } | null>(null);
  const replyBox = useRef<HTMLParagraphElement>(null);
  const count = charactersLeft(body);

  // The count is read out once typing pauses, not at every key.
  useEffect(() => {
    const t = setTimeout(() => setSpoken(count.text), 800);
    return () => clearTimeout(t);
  }, [count.text]);
  useEffect(() => { if (replyTo) replyBox.current?.focus(); }, [replyTo?.id]);

  const outcome = posted && postedMessage(posted.mode);
  const fieldErrors = onPage(errors);
  return (
    <section class="comment-form" aria-labelledby="comment-form-title">
      {outcome && (
        <NotificationBanner key={posted.n} type="success" title="Comment sent">
          <h3 class="notification-banner__heading">{outcome.title}</h3>
          <p>{outcome.text}</p>
          <p>{emailMessage}</p>
        </NotificationBanner>
      )}
      <h3 id="comment-form-title">{replyTo ? `Reply to ${replyTo.name}` : "Add a comment"}</h3>
      <p class="notice comment-form__moderation">{moderationNotice[moderation]} Web addresses in a comment show as plain text until a moderator approves it.</p>
      <ErrorSummary message={message} errors={fieldErrors} labels={labels} />
      {replyTo && (
        <p class="comment-form__replying" id={`${prefix}parent_id`} tabIndex={-1} ref={replyBox}>
          You are replying to the comment by {replyTo.name}.{" "}
          <button type="button" class="secondary" onClick={onCancelReply}>Cancel reply</button>
        </p>
      )}
      {fieldErrors[`${prefix}parent_id`] && <p class="field-error">{fieldErrors[`${prefix}parent_id`]}</p>}
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const get = (k: string) => String(data.get(k) ?? "");
        submit(async () => {
          let receipt: Receipt;
          try {
            receipt = await api.post<Receipt>(`/api/v1/events/${encodeURIComponent(slug)}/comments`, {
              name: get("name"), email: get("email"), body, website: get("website"), parent_id: replyTo?.id ?? null,
            });
          } catch (err) {
            if (err instanceof ApiError && err.status === 429) throw new ApiError({ ...err.problem, detail: tooManyMessage(err.problem.detail) });
            throw err;
          }
          setBody("");
          setPosted((p) => ({ mode: receipt.moderation, n: (p?.n ?? 0) + 1 }));
          onPosted(receipt.moderation);
        });
      }}>
        <FormField id={`${prefix}name`} label={labels[`${prefix}name`]} hint="Shown with your comment." error={fieldErrors[`${prefix}name`]}>
          {(d) => <input id={`${prefix}name`} name="name" autoComplete="name" maxLength={100} aria-describedby={d} required />}
        </FormField>
        <FormField id={`${prefix}email`} label={labels[`${prefix}email`]} error={fieldErrors[`${prefix}email`]}
          hint="Never published or shown to other readers. We email you a link to delete your comment, and tell you of replies once you confirm it.">
          {(d) => <input id={`${prefix}email`} name="email" type="email" autoComplete="email" spellcheck={false} aria-describedby={d} required />}
        </FormField>
        <FormField id={`${prefix}body`} label={labels[`${prefix}body`]} error={fieldErrors[`${prefix}body`]}
          hint={`Plain text, up to ${maxBody.toLocaleString("en-GB")} characters.`}>
          {(d) => (
            <>
              <textarea id={`${prefix}body`} name="body" rows={6} value={body} onInput={(e) => setBody(e.currentTarget.value)}
                aria-describedby={[d, `${prefix}body-count`].filter(Boolean).join(" ")} required />
              <span id={`${prefix}body-count`} class={count.over ? "comment-form__count field-error" : "comment-form__count hint"}>{count.text}</span>
              <span class="visually-hidden" aria-live="polite">{spoken === count.text && body ? spoken : ""}</span>
            </>
          )}
        </FormField>
        <div class="comment-form__trap" aria-hidden="true">
          <label for={`${prefix}website`}>Leave this field empty</label>
          <input id={`${prefix}website`} name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <div class="actions">
          <button type="submit" disabled={busy}>{replyTo ? "Post reply" : "Post comment"}</button>
        </div>
      </form>
    </section>
  );
}
