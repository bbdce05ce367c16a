import { useEffect, useRef, useState } from "preact/hooks";
import { api, type PublicTicketType, type Receipt, type RegistrationForm as Form, type Schemas } from "../api/client";
import { formValues, useSubmit } from "../lib/forms";
import { sectorNames } from "../lib/sectors";
import { FormField } from "./FormField";
import { ErrorSummary } from "./ErrorSummary";
import { Select, type Choice } from "./Select";
import { formatMoney } from "../lib/money";
import { anyPriced, firstChoice, PromoCodeField, TicketChoice } from "./TicketChoice";
import { PaymentMethodChoice, paymentFields, paymentMethodLabels, type PaymentMethod } from "./PaymentMethodChoice";
import "./RegistrationForm.css";

type TicketTypeList = Schemas["PublicTicketTypeList"];

const labels: Record<string, string> = {
  first_name: "First name", last_name: "Last name", email: "Email address", job_title: "Job title",
  organisation: "Organisation", sector: "Sector", country: "Country", accessibility_needs: "Accessibility needs",
  partner_consents: "Partner contact", ticket_type_id: "Ticket", promo_code: "Promo code", ...paymentMethodLabels,
};

/** What registering now would get, said before the form is sent (the
 *  answer to a registration does not say, so that it tells nobody whether
 *  an address was already registered). */
export function availability(form: Form): string {
  if (!form.open) return form.closed_reason;
  const review = form.approval === "manual"
    ? " The organiser reviews each registration and emails you the decision."
    : form.approval === "domains" ? " Registrations from approved organisations are confirmed at once; the organiser reviews the others." : "";
  if (form.places_left === 0) return "This event is full: if you register, you join the waiting list, and we email you if a place comes up." + review;
  if (form.places_left != null) return `${form.places_left} ${form.places_left === 1 ? "place" : "places"} left.` + review;
  return review.trim();
}

/** The places an event has left, as its page says them beside "Register":
 *  nothing when it has no capacity. Every full event keeps a waiting list. */
export function placesLeftLine(placesLeft: number | null | undefined): string {
  if (placesLeft == null) return "";
  if (placesLeft === 0) return "Waiting list only";
  return `${placesLeft} ${placesLeft === 1 ? "place" : "places"} left`;
}

/** Registration: a button that loads the form, the form with what sending
 *  it would get, then the answer: an email is on its way. The form is
 *  loaded on demand; the places left shown before it come with the cached
 *  page, which the server refreshes a moment after registrations change
 *  them, and the form says them again, fresh, when it opens. */
export function RegistrationForm({ slug, placesLeft }: { slug: string; placesLeft?: number | null }) {
  const [form, setForm] = useState<Form | null>(null);
  const [opened, setOpened] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [tickets, setTickets] = useState<PublicTicketType[] | null>(null);
  const [invoices, setInvoices] = useState(false);
  const [ticketID, setTicketID] = useState("");
  const [method, setMethod] = useState<PaymentMethod>("card");
  const { errors, message, busy, submit } = useSubmit();
  const done = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!opened || form) return;
    api.get<Form>(`/api/v1/events/${slug}/registration-form`).then(setForm);
    // An event without ticket types lists none; one that cannot be read leaves the choice to the server's answer.
    api.get<TicketTypeList>(`/api/v1/events/${slug}/ticket-types`).then((l) => {
      setTickets(l.items);
      setInvoices(l.invoices);
      setTicketID(firstChoice(l.items));
    }, () => setTickets([]));
  }, [opened]);
  useEffect(() => {
    if (!receipt) return;
    done.current?.focus();
    // A place held for a card payment: on to Stripe's page to pay for it.
    if (receipt.payment?.checkout_url) window.location.assign(receipt.payment.checkout_url);
  }, [receipt]);

  if (receipt?.payment?.checkout_url) {
    return (
      <div class="registration-done" tabIndex={-1} ref={done} role="status">
        <p>Taking you to pay {formatMoney(receipt.payment.amount, receipt.payment.currency)}…</p>
      </div>
    );
  }
  if (receipt) {
    return (
      <div class="registration-done" tabIndex={-1} ref={done} role="status">
        <h2>Check your email</h2>
        <p>{receipt.message}</p>
      </div>
    );
  }
  if (!opened) {
    const places = placesLeftLine(placesLeft);
    return (
      <div class="register-start">
        {places && <p class="register-start__places">{places}</p>}
        <button type="button" onClick={() => setOpened(true)}>Register for this event</button>
      </div>
    );
  }
  if (!form || !tickets) return <p aria-live="polite">Loading the form…</p>;
  const says = availability(form);
  if (!form.open) return <p class="notice registration-availability">{says}</p>;

  // How to pay is asked only for a ticket that costs money, at an event that takes invoices: otherwise it is by card.
  const asksMethod = invoices && (tickets.find((t) => t.id === ticketID)?.price ?? 0) > 0;
  const questionLabels = Object.fromEntries(form.questions.map((q) => [`answers.${q.id}`, q.label]));
  return (
    <section class="registration" aria-labelledby="register-title">
      <h2 id="register-title">Register</h2>
      {says && <p class="registration-availability">{says}</p>}
      <ErrorSummary message={message} errors={errors} labels={{ ...labels, ...questionLabels }} />
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        const el = e.currentTarget;
        const v = formValues(el);
        const data = new FormData(el);
        const answers: Record<string, unknown> = {};
        for (const q of form.questions) {
          const key = `answers.${q.id}`;
          if (q.kind === "multiple_choice") answers[q.id] = data.getAll(key).map(String);
          else if (q.kind === "checkbox") answers[q.id] = data.get(key) === "on";
          else if (v[key]) answers[q.id] = v[key];
        }
        submit(async () => {
          setReceipt(await api.post<Receipt>(`/api/v1/events/${slug}/registrations`, {
            first_name: v.first_name, last_name: v.last_name, email: v.email, job_title: v.job_title,
            organisation: v.organisation, sector: v.sector, country: v.country, accessibility_needs: v.accessibility_needs,
            answers, partner_consents: data.getAll("partner_consents").map(String),
            ...(v.ticket_type_id ? { ticket_type_id: v.ticket_type_id } : {}),
            ...(v.promo_code?.trim() ? { promo_code: v.promo_code.trim() } : {}),
            ...(asksMethod ? paymentFields(method, v) : {}),
          }));
        });
      }}>
        {tickets.length > 0 && <TicketChoice types={tickets} invoices={invoices} error={errors.ticket_type_id} onChoose={setTicketID} />}
        {anyPriced(tickets) && <PromoCodeField error={errors.promo_code} />}
        {asksMethod && <PaymentMethodChoice method={method} onChoose={setMethod} errors={errors} />}
        {(["first_name", "last_name"] as const).map((f) => (
          <FormField key={f} id={f} label={labels[f]} error={errors[f]}>
            {(d) => <input id={f} name={f} autoComplete={f === "first_name" ? "given-name" : "family-name"} aria-describedby={d} required />}
          </FormField>
        ))}
        <FormField id="email" label={labels.email} hint="We send your confirmation and private link here." error={errors.email}>
          {(d) => <input id="email" name="email" type="email" autoComplete="email" aria-describedby={d} required />}
        </FormField>
        <FormField id="job_title" label={labels.job_title} error={errors.job_title}>
          {(d) => <input id="job_title" name="job_title" autoComplete="organization-title" aria-describedby={d} />}
        </FormField>
        <FormField id="organisation" label={labels.organisation} error={errors.organisation}>
          {(d) => <input id="organisation" name="organisation" autoComplete="organization" aria-describedby={d} />}
        </FormField>
        <FormField id="sector" label={labels.sector} error={errors.sector}>
          {(d) => (
            <Select id="sector" name="sector" value="" aria-describedby={d} required
              choices={[["", "Choose your sector"], ...form.sectors.map((s): Choice => [s, sectorNames[s] ?? s])]} />
          )}
        </FormField>
        <FormField id="country" label={labels.country} error={errors.country}>
          {(d) => <input id="country" name="country" autoComplete="country-name" aria-describedby={d} />}
        </FormField>
        <FormField id="accessibility_needs" label={labels.accessibility_needs} hint="For example captions or a sign language interpreter." error={errors.accessibility_needs}>
          {(d) => <textarea id="accessibility_needs" name="accessibility_needs" rows={3} aria-describedby={d} />}
        </FormField>
        {form.questions.map((q) => <QuestionField key={q.id} q={q} error={errors[`answers.${q.id}`]} />)}
        {form.partner_consents.length > 0 && (
          <fieldset id="partner_consents">
            <legend>Contact from the event's knowledge partners (optional)</legend>
            {errors.partner_consents && <span class="field-error">{errors.partner_consents}</span>}
            {form.partner_consents.map((p) => (
              <div class="checkbox" key={p.organisation_id}>
                <input type="checkbox" id={`consent-${p.organisation_id}`} name="partner_consents" value={p.organisation_id} />
                <label for={`consent-${p.organisation_id}`}>{p.wording}</label>
              </div>
            ))}
          </fieldset>
        )}
        <div class="actions"><button type="submit" disabled={busy}>Register</button></div>
      </form>
    </section>
  );
}

function QuestionField({ q, error }: { q: Form["questions"][number]; error?: string }) {
  const id = `answers.${q.id}`;
  const label = q.required ? q.label : `${q.label} (optional)`;
  if (q.kind === "checkbox" || q.kind === "multiple_choice" || q.kind === "single_choice") {
    const type = q.kind === "single_choice" ? "radio" : "checkbox";
    const options = q.kind === "checkbox" ? [""] : q.options;
    return (
      <fieldset id={id} class={error ? "field--error" : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        <legend>{label}</legend>
        {error && <span id={`${id}-error`} class="field-error"><span class="visually-hidden">Error: </span>{error}</span>}
        {options.map((o, i) => (
          <div class="checkbox" key={o}>
            <input type={type} id={`${id}-${i}`} name={id} value={q.kind === "checkbox" ? "on" : o} />
            <label for={`${id}-${i}`}>{q.kind === "checkbox" ? "Yes" : o}</label>
          </div>
        ))}
      </fieldset>
    );
  }
  return (
    <FormField id={id} label={label} error={error}>
      {(d) => q.kind === "long_text"
        ? <textarea id={id} name={id} rows={4} aria-describedby={d} />
        : <input id={id} name={id} aria-describedby={d} />}
    </FormField>
  );
}
