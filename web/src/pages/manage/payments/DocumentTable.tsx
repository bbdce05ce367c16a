import type { EventDetail } from "../../../api/client";
import { formatMoney } from "../../../lib/money";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Tag } from "../../../components/Tag";
import { Timestamp } from "../Timestamp";
import { MarkPaidButton } from "./MarkPaidButton";
import { documentsPath, downloadDocumentPDF, kindName, markInvoicePaid, type Document, type DocumentList } from "./seller";
import { usePagedList } from "./usePagedList";
import "./DocumentTable.css";

/** Whether the invoice is paid, as its row says; nothing for receipts and credit notes. */
function PaidCell({ doc, zone }: { doc: Document; zone: string }) {
  if (doc.kind !== "invoice") return <span class="muted">Not an invoice</span>;
  if (doc.paid_at) return <><Tag colour="green">paid</Tag> <Timestamp iso={doc.paid_at} zone={zone} /></>;
  return <Tag colour="yellow">unpaid</Tag>;
}

/** Who a document is for: name, organisation, email. */
export function DocumentBuyer({ doc }: { doc: Document }) {
  return (
    <>
      {doc.buyer.name}
      {doc.buyer.organisation && <><br />{doc.buyer.organisation}</>}
      <br /><span class="muted document-table__email">{doc.buyer.email}</span>
    </>
  );
}

type Props = {
  event: EventDetail;
  /** Changes when an invoice is marked paid elsewhere on the page: the list is read again. */
  version?: number;
  /** Told when an invoice here is marked paid, for the page's other lists. */
  onMarkedPaid?: (invoice: Document) => void;
};

/**
 * The event's receipts, invoices and credit notes, newest first, each
 * downloadable as its PDF; an unpaid invoice can be marked paid.
 */
export function DocumentTable({ event, version = 0, onMarkedPaid }: Props) {
  const { list, notice, setNotice, noticeLine, message, busy, submit, loadMore, actThenReload } =
    usePagedList<DocumentList>(documentsPath(event.id), [event.id, version]);
  const download = (doc: Document) => submit(async () => {
    setNotice("");
    try {
      await downloadDocumentPDF(doc);
    } catch (e) {
      setNotice(e instanceof Error ? e.message : `${doc.number_text} could not be downloaded.`);
    }
  });
  const markPaid = (invoice: Document) => actThenReload(() => markInvoicePaid(invoice, onMarkedPaid));

  return (
    <>
      <ErrorSummary message={message} errors={{}} labels={{}} />
      <p role="status" tabIndex={-1} ref={noticeLine}>{notice}</p>
      {list === null ? (!message && <p aria-live="polite">Loading the receipts, invoices and credit notes…</p>) : (
        <>
          {list.items.length === 0 ? <p>None issued yet: a receipt or invoice is issued when a payment settles.</p> : (
            <table class="manage-table document-table">
              <caption class="visually-hidden">Receipts, invoices and credit notes, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Number</th><th scope="col">Kind</th><th scope="col">Buyer</th><th scope="col">Amount</th>
                  <th scope="col">Issued</th><th scope="col">Paid</th><th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((doc) => (
                  <tr key={doc.id}>
                    <td class="document-table__number">{doc.number_text}</td>
                    <td data-label="Kind">{kindName(doc.kind)}{doc.credits_number && <span class="hint">credits {doc.credits_number}</span>}</td>
                    <td data-label="Buyer"><DocumentBuyer doc={doc} /></td>
                    <td data-label="Amount" class="document-table__money">{formatMoney(doc.gross, doc.currency, "")}</td>
                    <td data-label="Issued"><Timestamp iso={doc.issued_at} zone={event.timezone} /></td>
                    <td data-label="Paid"><PaidCell doc={doc} zone={event.timezone} /></td>
                    <td>
                      <div class="document-table__actions">
                        <button type="button" class="secondary" disabled={busy} onClick={() => download(doc)}>
                          Download PDF{" "}<span class="visually-hidden">of {doc.number_text}</span>
                        </button>
                        {doc.kind === "invoice" && !doc.paid_at && <MarkPaidButton invoice={doc} busy={busy} onMarkPaid={markPaid} />}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {list.next_cursor && <div class="actions"><button type="button" class="secondary" disabled={busy} onClick={loadMore}>Load more documents</button></div>}
        </>
      )}
    </>
  );
}
