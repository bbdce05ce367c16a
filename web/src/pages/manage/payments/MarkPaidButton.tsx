import { useRef, useState } from "preact/hooks";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { formatMoney } from "../../../lib/money";
import type { Document } from "./seller";

type Props = {
  invoice: Document;
  busy: boolean;
  onMarkPaid: (invoice: Document) => Promise<void>;
};

/** Marks an unpaid invoice paid, asking first: it cannot be undone, and the invoice's PDF then says paid. */
export function MarkPaidButton({ invoice, busy, onMarkPaid }: Props) {
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const amount = formatMoney(invoice.gross, invoice.currency, "");
  return (
    <>
      <button type="button" class="secondary" ref={opener} disabled={busy} onClick={() => setOpen(true)}>
        Mark paid{" "}<span class="visually-hidden">{invoice.number_text}</span>
      </button>
      <ConfirmDialog open={open} title={`Mark ${invoice.number_text} paid?`} opener={opener} onClose={() => setOpen(false)}
        confirmLabel={`Yes, ${invoice.buyer.name || "the buyer"} paid ${amount}`} keepLabel="Keep it unpaid"
        onConfirm={() => onMarkPaid(invoice)}>
        <p>Only do this once {amount} from {invoice.buyer.organisation || invoice.buyer.name || "the buyer"} has reached the account.</p>
        <p>The invoice is then paid from today: its PDF says so, and it is no longer overdue. You cannot undo this.</p>
      </ConfirmDialog>
    </>
  );
}
