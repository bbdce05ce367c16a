import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../../api/client";
import { formValues, useSubmit } from "../../../lib/forms";
import { FormField } from "../../../components/FormField";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { SummaryList } from "../../../components/SummaryList";
import { parseCount, prefixed } from "./tickets";
import { parsePercent, percentText, sellerPath, type Seller, type SellerInput } from "./seller";
import "./SellerDetailsForm.css";

// The fields' ids start with "seller_", as other forms may share the page.
const labels = {
  seller_legal_name: "Legal name", seller_address: "Postal address", seller_vat_number: "VAT number (optional)",
  seller_vat_rate_bp: "VAT rate (%)", seller_email: "Email address for billing (optional)", seller_payment_terms_days: "Payment terms (days)",
};

/** What the form holds as the API takes it, or the fields the browser can already tell are wrong. */
function inputOf(v: Record<string, string>): { input?: SellerInput; errors: Record<string, string> } {
  const rate = parsePercent(v.vat_rate_bp ?? "");
  const terms = parseCount(v.payment_terms_days ?? "", "the number of days", 0, 365);
  const errors: Record<string, string> = {};
  if (rate.error) errors.seller_vat_rate_bp = rate.error;
  if (terms.error || terms.value === null) errors.seller_payment_terms_days = "Enter the number of days as a whole number from 0 to 365.";
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    input: {
      legal_name: v.legal_name.trim(),
      address: v.address.replace(/\r\n?/g, "\n").trim(),
      vat_number: v.vat_number.trim(),
      vat_rate_bp: rate.value!,
      email: v.email.trim(),
      payment_terms_days: terms.value!,
    },
  };
}

/**
 * The site's seller, as every receipt, invoice and credit note shows it.
 * Organisers edit it; moderators read it. Documents issued already keep
 * what they were issued with.
 */
export function SellerDetailsForm({ canEdit }: { canEdit: boolean }) {
  const [seller, setSeller] = useState<Seller | null>(null);
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [said, say] = useState("");
  const saidLine = useRef<HTMLParagraphElement>(null);
  const { errors, message, busy, submit } = useSubmit();
  useEffect(() => { submit(async () => setSeller(await api.get<Seller>(sellerPath))); }, []);
  const fieldErrors = Object.keys(checked).length ? checked : prefixed(errors, "seller_");

  return (
    <section class="editor-section" aria-labelledby="seller-title">
      <h2 id="seller-title">Seller details (on every receipt and invoice)</h2>
      <ErrorSummary message={message} errors={fieldErrors} labels={labels} />
      {!seller ? (!message && <p aria-live="polite">Loading the seller details…</p>) : !canEdit ? (
        <>
          <p>Only organisers change the seller details. Every receipt, invoice and credit note shows them as they are here.</p>
          <SummaryList rows={[
            { key: "Legal name", value: seller.legal_name || "Not given" },
            { key: "Postal address", value: <span class="seller-details__address">{seller.address || "Not given"}</span> },
            { key: "VAT number", value: seller.vat_number || "Not registered for VAT" },
            { key: "VAT rate", value: `${percentText(seller.vat_rate_bp)}%` },
            { key: "Email address for billing", value: seller.email || "Not given" },
            { key: "Payment terms", value: `${seller.payment_terms_days} ${seller.payment_terms_days === 1 ? "day" : "days"}` },
          ]} />
        </>
      ) : (
        <form key={seller.updated_at} noValidate class="seller-details" aria-labelledby="seller-title" onSubmit={(e) => {
          e.preventDefault();
          const { input, errors: wrong } = inputOf(formValues(e.currentTarget));
          setChecked(wrong);
          say("");
          if (!input) return;
          submit(async () => {
            setSeller(await api.put<Seller>(sellerPath, input));
            say("The seller details are saved. Documents issued from now on show them.");
            saidLine.current?.focus(); // the form is drawn afresh with what the server kept
          });
        }}>
          <p class="hint">Receipts, invoices and credit notes already issued keep the details they were issued with.</p>
          <FormField id="seller_legal_name" label={labels.seller_legal_name} error={fieldErrors.seller_legal_name}>
            {(d) => <input id="seller_legal_name" name="legal_name" autoComplete="off" defaultValue={seller.legal_name} aria-describedby={d} />}
          </FormField>
          <FormField id="seller_address" label={labels.seller_address} hint="Up to 8 lines." error={fieldErrors.seller_address}>
            {(d) => <textarea id="seller_address" name="address" rows={5} autoComplete="off" defaultValue={seller.address} aria-describedby={d} />}
          </FormField>
          <FormField id="seller_vat_number" label={labels.seller_vat_number} hint="Like GB123456789. Leave it empty if the seller is not registered for VAT."
            error={fieldErrors.seller_vat_number}>
            {(d) => <input id="seller_vat_number" name="vat_number" class="seller-details__short" autoComplete="off" spellcheck={false}
              defaultValue={seller.vat_number} aria-describedby={d} />}
          </FormField>
          <FormField id="seller_vat_rate_bp" label={labels.seller_vat_rate_bp} hint="A percentage from 0 to 100, like 20 or 12.5; 0 when no VAT is charged."
            error={fieldErrors.seller_vat_rate_bp}>
            {(d) => <input id="seller_vat_rate_bp" name="vat_rate_bp" class="seller-details__number" inputMode="decimal" autoComplete="off"
              defaultValue={percentText(seller.vat_rate_bp)} aria-describedby={d} />}
          </FormField>
          <FormField id="seller_email" label={labels.seller_email} hint="Printed on documents for questions about them." error={fieldErrors.seller_email}>
            {(d) => <input id="seller_email" name="email" type="email" autoComplete="off" spellcheck={false} defaultValue={seller.email} aria-describedby={d} />}
          </FormField>
          <FormField id="seller_payment_terms_days" label={labels.seller_payment_terms_days} hint="An invoice is due this many days after it is issued: 0 to 365."
            error={fieldErrors.seller_payment_terms_days}>
            {(d) => <input id="seller_payment_terms_days" name="payment_terms_days" class="seller-details__number" inputMode="numeric" autoComplete="off"
              defaultValue={String(seller.payment_terms_days)} aria-describedby={d} />}
          </FormField>
          <div class="actions"><button type="submit" disabled={busy}>Save seller details</button></div>
        </form>
      )}
      {canEdit && <p role="status" tabIndex={-1} ref={saidLine}>{said}</p>}
    </section>
  );
}
