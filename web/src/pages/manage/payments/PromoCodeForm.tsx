import { useState } from "preact/hooks";
import { api, type EventDetail } from "../../../api/client";
import { useSubmit } from "../../../lib/forms";
import { toZonedInput } from "../../../lib/time";
import { FormField } from "../../../components/FormField";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Radios } from "../../../components/Radios";
import { Checkboxes } from "../../../components/Checkboxes";
import { formatMoney, parseMoney, toMajorInput } from "../../../lib/money";
import { instantOrNull, parseCount, prefixed, promoCodesPath, type PromoCode, type PromoCodeInput, type TicketType } from "./tickets";
import "./PaymentsForms.css";

type Props = {
  event: EventDetail;
  /** The code edited; without one the form adds a code. */
  promo?: PromoCode;
  idPrefix: string;
  /** The event's ticket types, which a code may be limited to. */
  types: readonly TicketType[];
  /** The currency of an amount off: the event's tickets'. */
  currency: string;
  onSaved: (saved: PromoCode) => void;
  onCancel?: () => void;
};

type Kind = "percent" | "amount";

/** One promo code's fields: below the list to add a code, in its row to edit one. */
export function PromoCodeForm({ event, promo, idPrefix: p, types, currency: eventCurrency, onSaved, onCancel }: Props) {
  const { errors, message, busy, submit } = useSubmit();
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [said, say] = useState("");
  const savedKind: Kind = promo && promo.percent_off === null ? "amount" : "percent";
  const [kind, setKind] = useState<Kind>(savedKind);
  const zone = event.timezone;
  const currency = promo?.currency ?? eventCurrency;
  const labels = {
    [`${p}code`]: "Code", [`${p}kind`]: "What it takes off", [`${p}percent_off`]: "Percentage off", [`${p}amount_off`]: "Amount off",
[`${p}max_uses`]: "Most uses", [`${p}expires_at`]: "Expires", [`${p}ticket_type_ids`]: "Ticket types",
  };
  // The currency has no field of its own: a problem with it is told at the amount.
  const { currency: currencyError, ...rest } = Object.keys(checked).length ? checked : errors;
  const fieldErrors = prefixed(currencyError ? { amount_off: currencyError, ...rest } : rest, p);
  const saved = promo ? (promo.percent_off !== null ? String(promo.percent_off) : toMajorInput(promo.amount_off, currency)) : "";

  const read = (form: HTMLFormElement): { input?: PromoCodeInput; problems: Record<string, string> } => {
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "");
    const problems: Record<string, string> = {};
    const chosen = (text("kind") || "percent") as Kind;
    let percent: number | null = null;
    let amount: number | null = null;
    if (chosen === "percent") {
      const v = parseCount(text("percent_off"), "the percentage", 1, 100);
      if (v.error || v.value === null) problems.percent_off = "Enter the percentage off as a whole number from 1 to 100.";
      percent = v.value;
    } else {
      const v = parseMoney(text("amount_off"), currency, false);
      if (v.error || v.minor === 0) problems.amount_off = v.error ?? `Take at least ${formatMoney(1, currency, "")} off.`;
      amount = v.minor ?? null;
    }
    const maxUses = parseCount(text("max_uses"), "the most uses", 1, 1_000_000);
    if (maxUses.error) problems.max_uses = maxUses.error;
    if (Object.keys(problems).length) return { problems };
    return {
      problems,
      input: {
        code: text("code").trim(), percent_off: percent, amount_off: amount, currency, max_uses: maxUses.value,
        expires_at: instantOrNull(text("expires_at"), zone, promo?.expires_at),
        ticket_type_ids: data.getAll("ticket_type_ids").map(String),
      },
    };
  };

  return (
    <form noValidate class="payments-form" aria-label={promo ? `Edit the code ${promo.code}` : "Add a promo code"} onSubmit={(e) => {
      e.preventDefault();
      const form = e.currentTarget;
      const { input, problems } = read(form);
      setChecked(problems);
      if (!input) return;
      submit(async () => {
        if (promo) {
          onSaved(await api.put<PromoCode>(`${promoCodesPath(event.id)}/${promo.id}`, input));
          return;
        }
        const made = await api.post<PromoCode>(promoCodesPath(event.id), input);
        form.reset();
        setKind("percent");
        say(`Added the promo code ${made.code}.`);
        onSaved(made);
      });
    }}>
      {promo ? <h3 class="visually-hidden">Edit the code {promo.code}</h3> : <h3>Add a promo code</h3>}
      <ErrorSummary message={message} errors={fieldErrors} labels={labels} />
      <p class="visually-hidden" role="status">{said}</p>
      <FormField id={`${p}code`} label="Code" hint="3 to 40 letters, digits, hyphens or underscores. Buyers may type it in any case."
        error={fieldErrors[`${p}code`]}>
        {(d) => <input id={`${p}code`} name="code" defaultValue={promo?.code} aria-describedby={d} autoComplete="off" spellcheck={false} />}
      </FormField>
      <div onChange={(e) => {
        const target = e.target as HTMLInputElement;
        if (target.name === "kind") setKind(target.value as Kind);
      }}>
        <Radios name="kind" idPrefix={`${p}kind`} legend="What it takes off" value={savedKind}
          items={[{ value: "percent", label: "A percentage of the price" }, { value: "amount", label: `An amount in ${currency}` }]} />
      </div>
      <div hidden={kind !== "percent"}>
        <FormField id={`${p}percent_off`} label="Percentage off" hint="A whole number from 1 to 100; 100 makes the ticket free."
          error={fieldErrors[`${p}percent_off`]}>
          {(d) => <input id={`${p}percent_off`} name="percent_off" class="payments-form__count" inputMode="numeric" autoComplete="off"
            defaultValue={savedKind === "percent" ? saved : ""} aria-describedby={d} />}
        </FormField>
      </div>
      <div hidden={kind !== "amount"}>
        <FormField id={`${p}amount_off`} label="Amount off" hint={`In ${currency}, like 5.00. A ticket never costs less than nothing.`}
          error={fieldErrors[`${p}amount_off`]}>
          {(d) => <input id={`${p}amount_off`} name="amount_off" class="payments-form__amount" inputMode="decimal" autoComplete="off"
            defaultValue={savedKind === "amount" ? saved : ""} aria-describedby={d} />}
        </FormField>
      </div>
      <FormField id={`${p}max_uses`} label="Most uses (optional)" hint="Tickets held or bought with the code. Empty: no limit."
        error={fieldErrors[`${p}max_uses`]}>
        {(d) => <input id={`${p}max_uses`} name="max_uses" class="payments-form__count" inputMode="numeric" autoComplete="off"
          defaultValue={promo?.max_uses?.toString() ?? ""} aria-describedby={d} />}
      </FormField>
      <FormField id={`${p}expires_at`} label="Expires (optional)" hint={`On the event's clock (${zone}). Empty: it does not expire.`}
        error={fieldErrors[`${p}expires_at`]}>
        {(d) => <input id={`${p}expires_at`} name="expires_at" type="datetime-local" aria-describedby={d}
          defaultValue={promo?.expires_at ? toZonedInput(promo.expires_at, zone) : ""} />}
      </FormField>
      {types.length > 0 && (
        <Checkboxes name="ticket_type_ids" idPrefix={`${p}ticket_type_ids`} legend="Ticket types it takes off (optional)"
          hint="Tick none for every ticket type." error={fieldErrors[`${p}ticket_type_ids`]} checked={promo?.ticket_type_ids ?? []}
          items={types.map((t) => ({ value: t.id, label: t.name }))} />
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>{promo ? "Save promo code" : "Add promo code"}</button>
        {onCancel && <button type="button" class="secondary" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}
