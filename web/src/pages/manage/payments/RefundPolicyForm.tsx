import { useState } from "preact/hooks";
import { api } from "../../../api/client";
import { useSubmit } from "../../../lib/forms";
import { FormField } from "../../../components/FormField";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { parseCount } from "./tickets";
import { paymentSettingsPath, type PaymentSettings } from "./payments";
import "./PaymentsForms.css";

type Props = {
  eventID: string;
  saved: PaymentSettings;
  onSaved: (s: PaymentSettings) => void;
};

const field = "refund_until_days_before";

/** The event's refund policy: how many days before the start cancelling still refunds in full; empty for no refunds. */
export function RefundPolicyForm({ eventID, saved, onSaved }: Props) {
  const { errors, message, busy, submit } = useSubmit();
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [said, say] = useState("");
  const fieldErrors = Object.keys(checked).length ? checked : errors;
  return (
    <form noValidate class="payments-form" aria-label="Refund policy" onSubmit={(e) => {
      e.preventDefault();
      const days = parseCount(String(new FormData(e.currentTarget).get(field) ?? ""), "the number of days", 0, 365);
      setChecked(days.error ? { [field]: days.error } : {});
      say("");
      if (days.error) return;
      submit(async () => {
        onSaved(await api.put<PaymentSettings>(paymentSettingsPath(eventID), { [field]: days.value }));
        say("The refund policy is saved.");
      });
    }}>
      <ErrorSummary message={message} errors={fieldErrors} labels={{ [field]: "Days before the start" }} />
      <FormField id={field} label="Refund in full until how many days before the start (optional)" error={fieldErrors[field]}
        hint="A whole number from 0 to 365. An attendee who cancels until then gets the whole price back, and nothing after. Empty: cancelling refunds nothing (you can still refund a payment in full below).">
        {(d) => <input id={field} name={field} class="payments-form__count" inputMode="numeric" autoComplete="off"
          defaultValue={saved.refund_until_days_before?.toString() ?? ""} aria-describedby={d} />}
      </FormField>
      <div class="actions"><button type="submit" disabled={busy}>Save refund policy</button></div>
      <p role="status">{said}</p>
    </form>
  );
}
