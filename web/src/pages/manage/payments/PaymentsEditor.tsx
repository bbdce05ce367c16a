import { useEffect, useState } from "preact/hooks";
import { api, getAll, type EventDetail } from "../../../api/client";
import { useSubmit } from "../../../lib/forms";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { deletePromoCode, PromoCodeList } from "./PromoCodeList";
import { deleteTicketType, TicketTypeList } from "./TicketTypeList";
import { PaymentTable } from "./PaymentTable";
import { RefundPolicyForm } from "./RefundPolicyForm";
import { SellerDetailsForm } from "./SellerDetailsForm";
import { DocumentTable } from "./DocumentTable";
import { OverdueInvoiceList } from "./OverdueInvoiceList";
import { paymentSettingsPath, type PaymentSettings } from "./payments";
import { byCreation, promoCodesPath, ticketTypesPath, type PromoCode, type TicketType } from "./tickets";
import "./PaymentsEditor.css";

type Props = {
  event: EventDetail;
  /** Organisers and admins; a moderator reads the ticket types and nothing of the codes, payments or refunds. */
  organiser: boolean;
};

/** Replaces the item with the same id, or adds it, keeping the API's order. */
const put = <T extends { id: string; created_at: string }>(list: readonly T[], item: T) => byCreation([...list.filter((x) => x.id !== item.id), item]);

/**
 * The site's seller first (every receipt and invoice shows it), then the
 * event's tickets: its ticket types, then its promo codes. Each list
 * edits in place; a removal the server refuses (a type a code is limited
 * to) is told above the lists and changes nothing.
 */
export function PaymentsEditor({ event, organiser }: Props) {
  const [types, setTypes] = useState<TicketType[] | null>(null);
  const [codes, setCodes] = useState<PromoCode[] | null>(null);
  const types$ = useSubmit();
  const codes$ = useSubmit();
  const [settings, setSettings] = useState<PaymentSettings | null>(null);
  const settings$ = useSubmit();
  // An invoice marked paid in one list is read again in the other: each list's version counts the other's marks.
  const [documentsVersion, setDocumentsVersion] = useState(0);
  const [overdueVersion, setOverdueVersion] = useState(0);

  useEffect(() => {
    types$.submit(async () => setTypes(await getAll<TicketType>(ticketTypesPath(event.id))));
    // Promo codes give money away: the API shows them to organisers alone, so a moderator does not ask.
    if (organiser) codes$.submit(async () => setCodes(await getAll<PromoCode>(promoCodesPath(event.id))));
    // Payments and refunds are the organisers' too.
    if (organiser) settings$.submit(async () => setSettings(await api.get<PaymentSettings>(paymentSettingsPath(event.id))));
  }, [event.id, organiser]);

  return (
    <>
      <SellerDetailsForm canEdit={organiser} />
      <section class="editor-section" aria-labelledby="ticket-types-title">
        <h2 id="ticket-types-title">Ticket types</h2>
        <ErrorSummary message={types$.message} errors={{}} labels={{}} />
        {types === null ? (!types$.message && <p aria-live="polite">Loading the ticket types…</p>) : (
          <TicketTypeList event={event} types={types} canEdit={organiser} busy={types$.busy}
            onSaved={(t) => setTypes((list) => put(list ?? [], t))}
            onRemove={(t) => types$.submit(async () => {
              await deleteTicketType(event.id, t);
              setTypes((list) => (list ?? []).filter((x) => x.id !== t.id));
            })} />
        )}
      </section>
      <section class="editor-section" aria-labelledby="promo-codes-title">
        <h2 id="promo-codes-title">Promo codes</h2>
        {!organiser ? <p>Only organisers manage promo codes: a code gives money away, so moderators do not see them.</p> : (
          <>
            <p class="hint">A promo code takes a percentage or an amount off a ticket’s price, for every ticket type or only those you tick.</p>
            <ErrorSummary message={codes$.message} errors={{}} labels={{}} />
            {codes === null || types === null ? (!codes$.message && <p aria-live="polite">Loading the promo codes…</p>) : (
              <PromoCodeList event={event} codes={codes} types={types} busy={codes$.busy}
                onSaved={(p) => setCodes((list) => put(list ?? [], p))}
                onRemove={(p) => codes$.submit(async () => {
                  await deletePromoCode(event.id, p);
                  setCodes((list) => (list ?? []).filter((x) => x.id !== p.id));
                })} />
            )}
          </>
        )}
      </section>
      {organiser ? (
        <>
          <section class="editor-section" aria-labelledby="refund-policy-title">
            <h2 id="refund-policy-title">Refunds and invoices</h2>
            <ErrorSummary message={settings$.message} errors={{}} labels={{}} />
            {settings === null ? (!settings$.message && <p aria-live="polite">Loading the payment policy…</p>) : (
              <RefundPolicyForm eventID={event.id} saved={settings} onSaved={setSettings} />
            )}
          </section>
          <section class="editor-section" aria-labelledby="payments-title">
            <h2 id="payments-title">Payments</h2>
            {settings !== null && <PaymentTable event={event} policyDays={settings.refund_until_days_before} />}
          </section>
          <section class="editor-section" aria-labelledby="documents-title">
            <h2 id="documents-title">Receipts, invoices and credit notes</h2>
            <DocumentTable event={event} version={documentsVersion} onMarkedPaid={() => setOverdueVersion((v) => v + 1)} />
          </section>
          <section class="editor-section" aria-labelledby="overdue-invoices-title">
            <h2 id="overdue-invoices-title">Overdue invoices</h2>
            <p class="hint">Unpaid invoices past their due date, for all events, the longest overdue first.</p>
            <OverdueInvoiceList version={overdueVersion}
              onMarkedPaid={(invoice) => { if (invoice.event_id === event.id) setDocumentsVersion((v) => v + 1); }} />
          </section>
        </>
      ) : (
        <>
          <section class="editor-section" aria-labelledby="payments-title">
            <h2 id="payments-title">Payments</h2>
            <p>Only organisers see payments and refund them: moderators do not see who paid what.</p>
          </section>
          <section class="editor-section" aria-labelledby="documents-title">
            <h2 id="documents-title">Receipts, invoices and credit notes</h2>
            <p>Only organisers see the receipts, invoices and credit notes, which name the buyers and what they paid.</p>
          </section>
        </>
      )}
    </>
  );
}
