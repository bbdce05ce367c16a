import { useEffect, useRef, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { ApiError, withToken, type AttendeeView, type PaymentState } from "../api/client";
import { formValues, useSubmit } from "../lib/forms";
import { sectorNames } from "../lib/sectors";
import { formatRange } from "../lib/time";
import { useTitle } from "../components/useTitle";
import { FormField } from "../components/FormField";
import { ErrorSummary } from "../components/ErrorSummary";
import { Select } from "../components/Select";
import { ConfirmButton } from "../components/ConfirmDialog";
import { LinkAgainForm } from "../components/LinkAgainForm";
import { refundWords, YourPayment } from "./payment/YourPayment";
import { paymentPath } from "./payment/payment";
import { saveResponse } from "../lib/download";

const statusText: Record<string, string> = {
  confirmed: "Your place is confirmed.",
  waitlisted: "You are on the waiting list. We will email you if a place comes up.",
  pending_approval: "The organiser is reviewing your registration.",
  pending_payment: "Your place is held until you pay for it.",
  rejected: "The organiser could not offer you a place.",
  cancelled: "You have cancelled this registration.",
};

/** The attendee's private page, reached with the token in their link. */
export function ManageRegistrationPage() {
  const { params, query } = useRoute();
  const client = withToken(params.token);
  const [view, setView] = useState<AttendeeView | null>(null);
  // null while not known, or when it cannot be read: the page then says nothing of payment.
  const [payment, setPayment] = useState<PaymentState | null>(null);
  const [invalid, setInvalid] = useState("");
  const [notice, setNotice] = useState("");
  const noticeLine = useRef<HTMLParagraphElement>(null);
  const { errors, message, busy, submit } = useSubmit();
  useTitle("Your registration");

  useEffect(() => {
    client.get<AttendeeView>("/api/v1/registration").then(setView)
      .catch((e) => setInvalid(e instanceof ApiError ? e.message : "This page could not be loaded."));
    loadPayment();
  }, [params.token]);

  function loadPayment() {
    client.get<PaymentState>(paymentPath).then(setPayment, () => setPayment(null));
  }
  /** What cancelling says of money: read afresh when anything was ever owed, as it may have been paid since. */
  async function cancelRefundWords(): Promise<string> {
    if (!payment || payment.status === "none") return "";
    const fresh = await client.get<PaymentState>(paymentPath);
    setPayment(fresh);
    return refundWords(fresh);
  }

  if (invalid) return <><h1>Your registration</h1><p role="alert">{invalid}</p><LinkAgainForm /></>;
  if (!view) return <p aria-live="polite">Loading your registration…</p>;
  const r = view.registration;
  const eventCancelled = view.event.status === "cancelled";
  const active = !eventCancelled && r.status !== "cancelled" && r.status !== "rejected";
  const statusLine = notice || (eventCancelled ? "" : statusText[r.status] || r.status);

  const downloadCalendar = async () => {
    const resp = await fetch("/api/v1/registration/calendar.ics", { headers: { Authorization: `Bearer ${params.token}` } });
    await saveResponse(resp, `${view.event.slug}.ics`, "The calendar file could not be downloaded. Try again later.")
      .catch((e: Error) => setNotice(e.message));
  };

  return (
    <>
      <h1>Your registration</h1>
      <p class="lead"><a href={`/events/${view.event.slug}`}>{view.event.title}</a></p>
      <p>{formatRange(new Date(view.event.starts_at), new Date(view.event.ends_at), view.event.timezone)}</p>
      {eventCancelled && (
        <p class="notice">The organiser has cancelled this event: it will not take place. <a href={`/events/${view.event.slug}`}>Read their message on the event page</a>.</p>
      )}
      <p class={statusLine ? "notice" : undefined} role="status" tabIndex={-1} ref={noticeLine}>{statusLine}</p>
      {active && <p><button type="button" class="secondary" onClick={downloadCalendar}>Add to your calendar (.ics)</button></p>}
      {payment && (
        <YourPayment token={params.token} payment={payment} zone={view.event.timezone}
          cancelledCheckout={query.payment === "cancelled"} onChanged={loadPayment} />
      )}

      {!eventCancelled && r.status === "confirmed" && (
        <section aria-labelledby="live-title">
          <h2 id="live-title">Join the live session</h2>
          <p>The stream opens on your live page shortly before the start; you can ask questions and vote there too.</p>
          <p><a class="button" href={view.live_url}>Join the live session</a></p>
          <p class="hint">This link is yours alone: please do not share it. It is also in your emails and calendar entry.</p>
        </section>
      )}

      {active && (
        <section aria-labelledby="details-title">
          <h2 id="details-title">Your details</h2>
          <p>Registered as {r.email}.</p>
          <ErrorSummary message={message} errors={errors} labels={{ first_name: "First name", last_name: "Last name", sector: "Sector" }} />
          <form noValidate onSubmit={(e) => {
            e.preventDefault();
            const v = formValues(e.currentTarget);
            submit(async () => {
              setView(await client.put<AttendeeView>("/api/v1/registration", v));
              setNotice("Your details are saved.");
            });
          }}>
            <FormField id="first_name" label="First name" error={errors.first_name}>
              {(d) => <input id="first_name" name="first_name" defaultValue={r.first_name} autoComplete="given-name" aria-describedby={d} />}
            </FormField>
            <FormField id="last_name" label="Last name" error={errors.last_name}>
              {(d) => <input id="last_name" name="last_name" defaultValue={r.last_name} autoComplete="family-name" aria-describedby={d} />}
            </FormField>
            <FormField id="job_title" label="Job title" error={errors.job_title}>
              {(d) => <input id="job_title" name="job_title" defaultValue={r.job_title} aria-describedby={d} />}
            </FormField>
            <FormField id="organisation" label="Organisation" error={errors.organisation}>
              {(d) => <input id="organisation" name="organisation" defaultValue={r.organisation} aria-describedby={d} />}
            </FormField>
            <FormField id="sector" label="Sector" error={errors.sector}>
              {(d) => <Select id="sector" name="sector" value={r.sector} choices={Object.entries(sectorNames)} aria-describedby={d} />}
            </FormField>
            <FormField id="country" label="Country" error={errors.country}>
              {(d) => <input id="country" name="country" defaultValue={r.country} aria-describedby={d} />}
            </FormField>
            <FormField id="accessibility_needs" label="Accessibility needs" error={errors.accessibility_needs}>
              {(d) => <textarea id="accessibility_needs" name="accessibility_needs" rows={3} defaultValue={r.accessibility_needs} aria-describedby={d} />}
            </FormField>
            <div class="actions"><button type="submit" disabled={busy}>Save details</button></div>
          </form>
        </section>
      )}

      {(r.partner_consents ?? []).length > 0 && (
        <section aria-labelledby="consents-title">
          <h2 id="consents-title">Contact from partners</h2>
          <ul>
            {(r.partner_consents ?? []).map((c) => (
              <li key={c.organisation_id}>
                {c.organisation}: {c.withdrawn_at ? "you withdrew your consent." : "you agreed they may contact you. "}
                {!c.withdrawn_at && (
                  <button type="button" class="secondary" onClick={() => submit(async () => {
                    setView(await client.del<AttendeeView>(`/api/v1/registration/consents/${c.organisation_id}`));
                    setNotice(`${c.organisation} will not contact you.`);
                  })}>Withdraw consent<span class="visually-hidden"> for {c.organisation}</span></button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {active && (
        <section aria-labelledby="cancel-title">
          <h2 id="cancel-title">Cancel your registration</h2>
          <p>If you cannot come, cancel so that someone on the waiting list can take your place.</p>
          <ConfirmButton class="warning" disabled={busy} label="Cancel my registration" title="Cancel your registration?"
            consequence={async () => [
              await cancelRefundWords(),
              r.status === "confirmed" ? "Your place goes to the next person on the waiting list, if there is one." : "",
              `We will email you at ${r.email} that your registration is cancelled. You cannot undo this.`,
            ].filter(Boolean).join(" ")}
            confirmLabel="Yes, cancel my registration" keepLabel="Keep my registration"
            onConfirm={() => submit(async () => {
              setView(await client.post<AttendeeView>("/api/v1/registration/cancel"));
              setNotice("Your registration is cancelled.");
              loadPayment(); // a refund, if cancelling gave one
              noticeLine.current?.focus(); // the button is gone with the section
            })} />
        </section>
      )}
    </>
  );
}
