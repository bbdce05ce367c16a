import { useEffect, useRef, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { ApiError, api, type Schemas } from "../api/client";
import { useSubmit } from "../lib/forms";
import { useTitle } from "../components/useTitle";
import { ErrorSummary } from "../components/ErrorSummary";

type Unsubscribe = Schemas["Unsubscribe"];

/** Where an email's unsubscribe link leads: one button stops an event's announcements and follow-ups. */
export function UnsubscribePage() {
  const { params } = useRoute();
  const url = `/api/v1/unsubscribe/${encodeURIComponent(params.token)}`;
  const [state, setState] = useState<Unsubscribe | null>(null);
  const [problem, setProblem] = useState<"invalid" | "unreachable" | null>(null);
  const [done, setDone] = useState("");
  const confirmation = useRef<HTMLParagraphElement>(null);
  const { errors, message, busy, submit } = useSubmit();
  useTitle(problem === "invalid" ? "This link is not valid" : "Unsubscribe");

  useEffect(() => {
    api.get<Unsubscribe>(url).then(setState)
      .catch((e) => setProblem(e instanceof ApiError && e.status === 404 ? "invalid" : "unreachable"));
  }, [url]);
  // The button is gone once it has worked; focus goes to what it did.
  useEffect(() => { if (done) confirmation.current?.focus(); }, [done]);

  if (problem === "invalid") return <InvalidLink />;
  if (problem === "unreachable") return <><h1>Unsubscribe</h1><p role="alert">This page could not be loaded. Try again later.</p></>;
  if (!state) return <p aria-live="polite">Loading…</p>;
  return (
    <>
      <h1>Unsubscribe</h1>
      <p class="lead">{state.event_title}</p>
      <ErrorSummary message={message} errors={errors} labels={{}} />
      {!state.unsubscribed && (
        <>
          <p>You will get no more announcements or follow-up emails about this event.</p>
          <button type="button" disabled={busy} onClick={() => submit(async () => {
            setState(await api.post<Unsubscribe>(url, {}));
            setDone("You are unsubscribed. You will get no more announcements or follow-up emails about this event.");
          })}>Unsubscribe</button>
        </>
      )}
      <p class={state.unsubscribed ? "notice" : undefined} role="status" tabIndex={-1} ref={confirmation}>
        {done || (state.unsubscribed ? "You are already unsubscribed from announcements and follow-up emails about this event." : "")}
      </p>
    </>
  );
}

/** What a mistyped, cut-short or unknown unsubscribe link shows. */
function InvalidLink() {
  return (
    <>
      <h1>This link is not valid</h1>
      <p>The unsubscribe link may have been cut short when it was copied. Open it again from the email, or copy the whole address.</p>
      <p><a href="/">See upcoming events</a></p>
    </>
  );
}
