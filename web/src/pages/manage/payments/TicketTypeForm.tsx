import { useState } from "preact/hooks";
import { api, type EventDetail } from "../../../api/client";
import { useSubmit } from "../../../lib/forms";
import { sectorNames } from "../../../lib/sectors";
import { toZonedInput } from "../../../lib/time";
import { FormField } from "../../../components/FormField";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Radios } from "../../../components/Radios";
import { Checkboxes } from "../../../components/Checkboxes";
import { plainChoices, Select } from "../../../components/Select";
import { commonCurrencies, parseMoney, toMajorInput } from "../../../lib/money";
import { instantOrNull, lines, parseCount, prefixed, ticketTypesPath, type Eligibility, type Sector, type TicketType, type TicketTypeInput } from "./tickets";
import "./PaymentsForms.css";

type Props = {
  event: EventDetail;
  /** The type edited; without one the form adds a type. */
  ticketType?: TicketType;
  /** Makes each field's id unique on the page (the add form and an edit form may both be open). */
  idPrefix: string;
  /** The currency a new type starts in: the one the event's other types use. */
  currency?: string;
  onSaved: (saved: TicketType) => void;
  onCancel?: () => void;
};

const eligibilities: { value: Eligibility; label: string }[] = [
  { value: "anyone", label: "Anyone" },
  { value: "sectors", label: "People in certain sectors" },
  { value: "email_domains", label: "People with an email address at certain domains" },
];

/**
 * One ticket type's fields: below the list to add a type, in its row to
 * edit one. The price is typed in major units and checked here before it
 * is sent; times are on the event's clock. Fields are uncontrolled, so
 * whatever the server refuses stays as typed.
 */
export function TicketTypeForm({ event, ticketType: t, idPrefix: p, currency: startCurrency = "GBP", onSaved, onCancel }: Props) {
  const { errors, message, busy, submit } = useSubmit();
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [eligibility, setEligibility] = useState<Eligibility>(t?.eligibility ?? "anyone");
  const [said, say] = useState("");
  const zone = event.timezone;
  const currency = t?.currency ?? startCurrency;
  const labels = {
    [`${p}name`]: "Name", [`${p}description`]: "Description", [`${p}price`]: "Price", [`${p}currency`]: "Currency",
    [`${p}eligibility`]: "Who may buy it", [`${p}sectors`]: "Sectors", [`${p}email_domains`]: "Email domains",
    [`${p}quantity`]: "How many", [`${p}sales_open_at`]: "Sales open", [`${p}sales_close_at`]: "Sales close",
  };
  // The form's own checks, while they fail, stand for the server's.
  const fieldErrors = prefixed(Object.keys(checked).length ? checked : errors, p);

  const read = (form: HTMLFormElement): { input?: TicketTypeInput; problems: Record<string, string> } => {
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "");
    const cur = text("currency");
    const problems: Record<string, string> = {};
    const price = parseMoney(text("price"), cur);
    if (price.error) problems.price = price.error;
    const quantity = parseCount(text("quantity"), "how many", 1, 100_000);
    if (quantity.error) problems.quantity = quantity.error;
    const chosen = (text("eligibility") || "anyone") as Eligibility;
    if (Object.keys(problems).length) return { problems };
    return {
      problems,
      input: {
        name: text("name").trim(), description: text("description").trim(), price: price.minor ?? 0, currency: cur, eligibility: chosen,
        sectors: chosen === "sectors" ? (data.getAll("sectors").map(String) as Sector[]) : [],
        email_domains: chosen === "email_domains" ? lines(text("email_domains")) : [],
        quantity: quantity.value,
        sales_open_at: instantOrNull(text("sales_open_at"), zone, t?.sales_open_at),
        sales_close_at: instantOrNull(text("sales_close_at"), zone, t?.sales_close_at),
      },
    };
  };

  return (
    <form noValidate class="payments-form" aria-label={t ? `Edit “${t.name}”` : "Add a ticket type"} onSubmit={(e) => {
      e.preventDefault();
      const form = e.currentTarget;
      const { input, problems } = read(form);
      setChecked(problems);
      if (!input) return;
      submit(async () => {
        if (t) {
          onSaved(await api.put<TicketType>(`${ticketTypesPath(event.id)}/${t.id}`, input));
          return;
        }
        const saved = await api.post<TicketType>(ticketTypesPath(event.id), input);
        form.reset();
        // The event's types share one currency: the next starts in this one.
        (form.elements.namedItem("currency") as HTMLSelectElement).value = saved.currency;
        setEligibility("anyone");
        say(`Added the ticket type “${saved.name}”.`);
        onSaved(saved);
      });
    }}>
      {t ? <h3 class="visually-hidden">Edit “{t.name}”</h3> : <h3>Add a ticket type</h3>}
      <ErrorSummary message={message} errors={fieldErrors} labels={labels} />
      <p class="visually-hidden" role="status">{said}</p>
      <FormField id={`${p}name`} label="Name" hint="As buyers see it, like “Standard” or “Public sector”." error={fieldErrors[`${p}name`]}>
        {(d) => <input id={`${p}name`} name="name" defaultValue={t?.name} aria-describedby={d} autoComplete="off" />}
      </FormField>
      <FormField id={`${p}description`} label="Description (optional)" error={fieldErrors[`${p}description`]}>
        {(d) => <textarea id={`${p}description`} name="description" rows={2} defaultValue={t?.description} aria-describedby={d} />}
      </FormField>
      <div class="payments-form__money">
        <FormField id={`${p}price`} label="Price" hint="In pounds and pence (or the currency's units), like 25.00. Leave it at 0 for a free ticket."
          error={fieldErrors[`${p}price`]}>
          {(d) => <input id={`${p}price`} name="price" class="payments-form__amount" inputMode="decimal" autoComplete="off" spellcheck={false}
            defaultValue={t ? toMajorInput(t.price, t.currency) : "0"} aria-describedby={d} />}
        </FormField>
        <FormField id={`${p}currency`} label="Currency" hint="All of an event's ticket types use one currency." error={fieldErrors[`${p}currency`]}>
          {(d) => <Select id={`${p}currency`} name="currency" aria-describedby={d} value={currency} choices={plainChoices(commonCurrencies)} />}
        </FormField>
      </div>
      <div onChange={(e) => {
        const target = e.target as HTMLInputElement;
        if (target.name === "eligibility") setEligibility(target.value as Eligibility);
      }}>
        <Radios name="eligibility" idPrefix={`${p}eligibility`} legend="Who may buy it" items={eligibilities} value={t?.eligibility ?? "anyone"}
          error={fieldErrors[`${p}eligibility`]} />
      </div>
      {/* Both lists stay in the form while hidden, so switching back finds them as they were. */}
      <div hidden={eligibility !== "sectors"}>
        <Checkboxes name="sectors" idPrefix={`${p}sectors`} legend="Sectors" hint="The sector a registrant gives on the registration form."
          error={fieldErrors[`${p}sectors`]} checked={t?.sectors ?? []}
          items={Object.entries(sectorNames).map(([value, label]) => ({ value, label }))} />
      </div>
      <div hidden={eligibility !== "email_domains"}>
        <FormField id={`${p}email_domains`} label="Email domains"
          hint="One a line. gov.uk takes gov.uk and its subdomains; *.gov.scot takes only its subdomains." error={fieldErrors[`${p}email_domains`]}>
          {(d) => <textarea id={`${p}email_domains`} name="email_domains" rows={3} spellcheck={false} defaultValue={t?.email_domains.join("\n")} aria-describedby={d} />}
        </FormField>
      </div>
      <FormField id={`${p}quantity`} label="How many (optional)" hint="Leave it empty for as many as the event has places."
        error={fieldErrors[`${p}quantity`]}>
        {(d) => <input id={`${p}quantity`} name="quantity" class="payments-form__count" inputMode="numeric" autoComplete="off"
          defaultValue={t?.quantity?.toString() ?? ""} aria-describedby={d} />}
      </FormField>
      <FormField id={`${p}sales_open_at`} label="Sales open (optional)" hint={`On the event's clock (${zone}). Empty: on sale from now.`}
        error={fieldErrors[`${p}sales_open_at`]}>
        {(d) => <input id={`${p}sales_open_at`} name="sales_open_at" type="datetime-local" aria-describedby={d}
          defaultValue={t?.sales_open_at ? toZonedInput(t.sales_open_at, zone) : ""} />}
      </FormField>
      <FormField id={`${p}sales_close_at`} label="Sales close (optional)" hint={`On the event's clock (${zone}). Empty: no closing time of its own.`}
        error={fieldErrors[`${p}sales_close_at`]}>
        {(d) => <input id={`${p}sales_close_at`} name="sales_close_at" type="datetime-local" aria-describedby={d}
          defaultValue={t?.sales_close_at ? toZonedInput(t.sales_close_at, zone) : ""} />}
      </FormField>
      <div class="actions">
        <button type="submit" disabled={busy}>{t ? "Save ticket type" : "Add ticket type"}</button>
        {onCancel && <button type="button" class="secondary" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}
