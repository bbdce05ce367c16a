import { FormField } from "./FormField";
import { Radios } from "./Radios";
import "./PaymentMethodChoice.css";

export type PaymentMethod = "card" | "invoice";

/** The labels of the choice and its fields, for the form's error summary. */
export const paymentMethodLabels: Record<string, string> = {
  payment_method: "How will you pay?",
  "invoice.buyer_name": "Organisation to invoice",
  "invoice.billing_address": "Billing address",
  "invoice.purchase_order": "Purchase order number",
};

type Props = {
  method: PaymentMethod;
  onChoose: (method: PaymentMethod) => void;
  errors: Record<string, string>;
};

/**
 * How a buyer pays for a ticket that costs money, when the event takes
 * invoices: by card (Stripe Checkout next) or by an invoice to their
 * organisation, whose name and address it then asks for.
 */
export function PaymentMethodChoice({ method, onChoose, errors }: Props) {
  return (
    <>
      <Radios name="payment_method" idPrefix="payment_method" legend={paymentMethodLabels.payment_method} error={errors.payment_method}
        value={method} onChange={(v) => onChoose(v as PaymentMethod)}
        items={[
          { value: "card", label: "By card" },
          { value: "invoice", label: "By invoice (for organisations)", hint: "We email an invoice to pay by bank transfer." },
        ]} />
      {method === "invoice" && (
        <div class="invoice-details">
          <FormField id="invoice.buyer_name" label={paymentMethodLabels["invoice.buyer_name"]} error={errors["invoice.buyer_name"]}
            hint="The organisation that pays: its name appears on the invoice.">
            {(d) => <input id="invoice.buyer_name" name="invoice.buyer_name" autoComplete="organization" maxLength={200} aria-describedby={d} required />}
          </FormField>
          <FormField id="invoice.billing_address" label={paymentMethodLabels["invoice.billing_address"]} error={errors["invoice.billing_address"]}
            hint="As it should appear on the invoice, up to 8 lines.">
            {(d) => <textarea id="invoice.billing_address" name="invoice.billing_address" rows={4} maxLength={500}
              autoComplete="billing street-address" aria-describedby={d} required />}
          </FormField>
          <FormField id="invoice.purchase_order" label={`${paymentMethodLabels["invoice.purchase_order"]} (optional)`} error={errors["invoice.purchase_order"]}
            hint="If your organisation raised one, we print it on the invoice.">
            {(d) => <input id="invoice.purchase_order" name="invoice.purchase_order" autoComplete="off" spellcheck={false} maxLength={100} aria-describedby={d} />}
          </FormField>
        </div>
      )}
    </>
  );
}

/** What the registration sends for the chosen method: card alone, or invoice with its details from the form's values. */
export function paymentFields(method: PaymentMethod, v: Record<string, string>) {
  if (method === "card") return { payment_method: "card" as const };
  const po = v["invoice.purchase_order"]?.trim();
  return {
    payment_method: "invoice" as const,
    invoice: {
      buyer_name: v["invoice.buyer_name"]?.trim() ?? "",
      billing_address: v["invoice.billing_address"]?.trim() ?? "",
      ...(po ? { purchase_order: po } : {}),
    },
  };
}
