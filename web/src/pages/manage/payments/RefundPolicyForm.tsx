import { useState } from "preact/hooks";
import { api } from "../../../api/client";
import { useSubmit } from "../../../lib/forms";
import { FormField } from "../../../components/FormField";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Radios } from "../../../components/Radios";
import { parseCount } from "./tickets";
import { paymentSettingsPath, type PaymentSettings } from "./payments";
import "./PaymentsForms.css";

type Props = {
  eventID: string;
  saved: PaymentSettings;
  onSaved: (s: PaymentSettings) => void;
};

const field = "refund_until_days_before";

/** The organiser's choices of paying by invoice. */
const invoiceChoices: { value: PaymentSettings["invoices"]; label: string; hint: string }[] = [
  { value: "off", label: "No: buyers pay by card", hint: "" },
  { value: "confirm", label: "Yes, and confirm their place at once", hint: "The invoice is emailed; you mark it paid when the money arrives." },
  { value: "hold", label: "Yes, and hold their place until the invoice is paid", hint: "The place is released if the invoice is not paid by its due date (your payment terms, at least a day)." },
];

/**
 * The event's payment policy: how many days before the start cancelling
 * still refunds in full (empty for no refunds), and whether buyers may
 * pay by invoice.
 */
export function RefundPolicyForm({ eventID, saved, onSaved }: Props) {
  const { errors, message, busy, submit } = useSubmit();
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [said, say] = useState("");
  const fieldErrors = Object.keys(checked).length ? checked : errors;
  return (
    <form noValidate class="payments-form" aria-label="Payment policy" onSubmit={(e) => {
      e.preventDefault();
      const data = new FormData(e.currentTarget);
      const days = parseCount(String(data.get(field) ?? ""), "the number of days", 0, 365);
      const invoices = String(data.get("invoices") ?? saved.invoices) as PaymentSettings["invoices"];
      setChecked(days.error ? { [field]: days.error } : {});
      say("");
      if (days.error) return;
      submit(async () => {
        onSaved(await api.put<PaymentSettings>(paymentSettingsPath(eventID), { [field]: days.value, invoices }));
        say("The payment policy is saved.");
      });
    }}>
      <ErrorSummary message={message} errors={fieldErrors} labels={{ [field]: "Days before the start", invoices: "Paying by invoice" }} />
      <FormField id={field} label="Refund in full until how many days before the start (optional)" error={fieldErrors[field]}
        hint="A whole number from 0 to 365. An attendee who cancels until then gets the whole price back, and nothing after. Empty: cancelling refunds nothing (you can still refund a payment in full below).">
        {(d) => <input id={field} name={field} class="payments-form__count" inputMode="numeric" autoComplete="off"
          defaultValue={saved.refund_until_days_before?.toString() ?? ""} aria-describedby={d} />}
      </FormField>
      <Radios name="invoices" idPrefix="invoices" legend="May buyers pay by invoice?" error={fieldErrors.invoices}
        hint="For organisations that pay against a purchase order. Each invoice is numbered and carries your seller details."
        items={invoiceChoices.map((c) => ({ value: c.value, label: c.label, hint: c.hint || undefined }))} value={saved.invoices} />
      <div class="actions"><button type="submit" disabled={busy}>Save payment policy</button></div>
      <p role="status">{said}</p>
    </form>
  );
}
