import { formatMoney } from "../../../lib/money";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Timestamp } from "../Timestamp";
import { DocumentBuyer } from "./DocumentTable";
import { MarkPaidButton } from "./MarkPaidButton";
import { markInvoicePaid, overdueInvoicesPath, type Document, type DocumentList } from "./seller";
import { usePagedList } from "./usePagedList";
import "./OverdueInvoiceList.css";

type Props = {
  /** Changes when an invoice is marked paid elsewhere on the page: the list is read again. */
  version?: number;
  /** Told when an invoice here is marked paid, for the page's other lists. */
  onMarkedPaid?: (invoice: Document) => void;
};

const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Unpaid invoices past their due date across every event, the longest
 * overdue first, each to be marked paid once the money has arrived. Due
 * dates are on the viewer's clock: the invoices may be for events in
 * different time zones.
 */
export function OverdueInvoiceList({ version = 0, onMarkedPaid }: Props) {
  const { list, notice, noticeLine, message, busy, loadMore, actThenReload } = usePagedList<DocumentList>(overdueInvoicesPath, [version]);
  const markPaid = (invoice: Document) => actThenReload(() => markInvoicePaid(invoice, onMarkedPaid));

  return (
    <>
      <ErrorSummary message={message} errors={{}} labels={{}} />
      <p role="status" tabIndex={-1} ref={noticeLine}>{notice}</p>
      {list === null ? (!message && <p aria-live="polite">Loading the overdue invoices…</p>) : (
        <>
          {list.items.length === 0 ? <p>No invoice is overdue: every invoice issued is paid or not yet due.</p> : (
            <table class="manage-table overdue-invoices">
              <caption class="visually-hidden">Overdue invoices across all events, the longest overdue first</caption>
              <thead>
                <tr><th scope="col">Number</th><th scope="col">Buyer</th><th scope="col">Amount</th><th scope="col">Due</th><th scope="col">Action</th></tr>
              </thead>
              <tbody>
                {list.items.map((invoice) => (
                  <tr key={invoice.id}>
                    <td class="document-table__number">{invoice.number_text}</td>
                    <td data-label="Buyer"><DocumentBuyer doc={invoice} /></td>
                    <td data-label="Amount" class="document-table__money">{formatMoney(invoice.gross, invoice.currency, "")}</td>
                    <td data-label="Due"><Timestamp iso={invoice.due_at} zone={viewerZone()} /></td>
                    <td><MarkPaidButton invoice={invoice} busy={busy} onMarkPaid={markPaid} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {list.next_cursor && <div class="actions"><button type="button" class="secondary" disabled={busy} onClick={loadMore}>Load more overdue invoices</button></div>}
        </>
      )}
    </>
  );
}
