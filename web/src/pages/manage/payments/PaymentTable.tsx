import { api, type EventDetail, type Schemas } from "../../../api/client";
import { formatMoney } from "../../../lib/money";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { Tag, type TagColour } from "../../../components/Tag";
import { Timestamp } from "../Timestamp";
import { RefundButton } from "./RefundButton";
import { paymentsPath, refundPath, totalsWords, type PaymentList, type PaymentRow } from "./payments";
import { usePagedList } from "./usePagedList";
import "./PaymentTable.css";

const statusWords: Record<PaymentRow["status"], [string, TagColour]> = {
  due: ["awaiting payment", "yellow"], processing: ["processing", "blue"], paid: ["paid", "green"],
  refunded: ["refunded", "grey"], released: ["released", "red"],
};

type Props = {
  event: EventDetail;
  /** The saved refund policy, which a refund's dialog states. */
  policyDays: number | null;
};

/** The event's payments, newest first, with the totals over all of them; a paid one can be refunded. */
export function PaymentTable({ event, policyDays }: Props) {
  const { list, notice, noticeLine, message, busy, loadMore, actThenReload } = usePagedList<PaymentList>(paymentsPath(event.id), [event.id]);
  const refund = (row: PaymentRow, overridePolicy: boolean) => actThenReload(async () => {
    const after = await api.post<Schemas["PaymentState"]>(refundPath(event.id, row.registration_id), { override_policy: overridePolicy });
    const given = after.refunded_amount - row.refunded_amount;
    return given > 0
      ? `Refunded ${formatMoney(given, row.currency, "")} to ${row.name}; their registration is cancelled.`
      : `${row.name}'s registration is cancelled; nothing was refunded.`;
  });

  return (
    <>
      <ErrorSummary message={message} errors={{}} labels={{}} />
      <p role="status" tabIndex={-1} ref={noticeLine}>{notice}</p>
      {list === null ? (!message && <p aria-live="polite">Loading the payments…</p>) : (
        <>
          <p class="payment-table__totals">{totalsWords(list.totals)}</p>
          {list.items.length === 0 ? <p>No one has paid or owes anything yet.</p> : (
            <table class="manage-table payment-table">
              <caption class="visually-hidden">Payments, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th><th scope="col">Ticket</th><th scope="col">Status</th><th scope="col">Amount</th>
                  <th scope="col">Paid</th><th scope="col">Refunded</th><th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((row) => {
                  const [words, colour] = statusWords[row.status] ?? [row.status, "grey"];
                  return (
                    <tr key={row.registration_id}>
                      <td>{row.name}<br /><span class="muted payment-table__email">{row.email}</span></td>
                      <td data-label="Ticket">{row.ticket_name}</td>
                      <td data-label="Status"><Tag colour={colour}>{words}</Tag></td>
                      <td data-label="Amount" class="payment-table__money">{formatMoney(row.amount, row.currency)}</td>
                      <td data-label="Paid">{row.paid_at ? <Timestamp iso={row.paid_at} zone={event.timezone} /> : <span class="muted">Not paid</span>}</td>
                      <td data-label="Refunded" class="payment-table__money">
                        {row.refunded_amount > 0 ? formatMoney(row.refunded_amount, row.currency, "") : <span class="muted">Nothing</span>}
                      </td>
                      <td>
                        {row.status === "paid" && (
                          <RefundButton row={row} policyDays={policyDays} startsAt={event.starts_at} zone={event.timezone} busy={busy} onRefund={refund} />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {list.next_cursor && <div class="actions"><button type="button" class="secondary" disabled={busy} onClick={loadMore}>Load more payments</button></div>}
        </>
      )}
    </>
  );
}
