import { useEffect, useRef, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { ApiError, api } from "../api/client";
import { useTitle } from "../components/useTitle";

/** What each link in a commenter's email does, said before and after. */
const actions = {
  confirm: {
    title: "Confirm your email address",
    explain: "Once your address is confirmed, we email you when a reply to your comments is published. Your address is never shown to anyone.",
    button: "Confirm my address",
    done: "Your address is confirmed. We will email you when a reply to your comments is published.",
  },
  delete: {
    title: "Delete your comment",
    explain: "This removes your name and your comment from the event page for good. Replies to it stay, under “Comment deleted”. This cannot be undone.",
    button: "Delete my comment",
    done: "Your comment is deleted. Its replies stay on the page, under “Comment deleted”.",
  },
} as const;

type Action = keyof typeof actions;

/** Where a commenter's "confirm your address" link leads. */
export function CommentConfirmPage() {
  return <CommentLinkPage action="confirm" />;
}

/** Where a commenter's "delete your comment" link leads. */
export function CommentDeletePage() {
  return <CommentLinkPage action="delete" />;
}

/**
 * A page that asks before it acts, as mail scanners open links: one button
 * does what the link is for, then the page says what was done.
 */
function CommentLinkPage({ action }: { action: Action }) {
  const { params } = useRoute();
  const words = actions[action];
  const [state, setState] = useState<"asking" | "busy" | "done" | "invalid" | "failed">("asking");
  const outcome = useRef<HTMLParagraphElement>(null);
  useTitle(state === "invalid" ? "This link is not valid" : words.title);
  // The button is gone once it has worked; focus goes to what it did.
  useEffect(() => { if (state === "done" || state === "failed") outcome.current?.focus(); }, [state]);

  async function act() {
    setState("busy");
    try {
      await api.post(`/api/v1/comments/${encodeURIComponent(params.token)}/${action}`, {});
      setState("done");
    } catch (e) {
      setState(e instanceof ApiError && (e.status === 404 || e.status === 400) ? "invalid" : "failed");
    }
  }

  if (state === "invalid") return <InvalidLink />;
  return (
    <>
      <h1>{words.title}</h1>
      {state !== "done" && (
        <>
          <p>{words.explain}</p>
          <button type="button" class={action === "delete" ? "warning" : undefined} disabled={state === "busy"} onClick={act}>
            {words.button}
          </button>
        </>
      )}
      <p class={state === "done" ? "notice" : undefined} role={state === "failed" ? "alert" : "status"} tabIndex={-1} ref={outcome}>
        {state === "done" ? words.done : state === "failed" ? "That did not work, as the server could not be reached. Try again later." : ""}
      </p>
      {state === "done" && <p><a href="/">See upcoming events</a></p>}
    </>
  );
}

/** What a mistyped, cut-short or unknown comment link shows. */
function InvalidLink() {
  return (
    <>
      <h1>This link is not valid</h1>
      <p>The link may have been cut short when it was copied. Open it again from the email, or copy the whole address.</p>
      <p><a href="/">See upcoming events</a></p>
    </>
  );
}
