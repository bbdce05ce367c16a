import { useId, useRef, useState } from "preact/hooks";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { formatMoney } from "../../../lib/money";
import { policyRefund, policyWords, type PaymentRow } from "./payments";
import "./RefundButton.css";

type Props = {
  row: PaymentRow;
  /** The saved refund policy: days before the start, or null for none. */
  policyDays: number | null;
  startsAt: string;
  zone: string;
  busy: boolean;
  onRefund: (row: PaymentRow, overridePolicy: boolean) => Promise<void>;
};

/**
 * Refunds one paid registration, asking first: the dialog says what the
 * policy gives back now, and offers to refund in full regardless of it.
 */
export function RefundButton({ row, policyDays, startsAt, zone, busy, onRefund }: Props) {
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [inFull, setInFull] = useState(false);
  const id = useId();
  const money = (minor: number) => formatMoney(minor, row.currency, "");
  const byPolicy = policyRefund(row, policyDays, startsAt);
  const refund = inFull ? Math.max(0, row.amount - row.refunded_amount) : byPolicy;
  return (
    <>
      <button type="button" class="secondary" ref={opener} disabled={busy} onClick={() => { setInFull(false); setOpen(true); }}>
        Refund{" "}<span class="visually-hidden">{row.name}</span>
      </button>
      <ConfirmDialog open={open} title={`Refund ${row.name}?`} opener={opener} onClose={() => setOpen(false)}
        confirmLabel={refund > 0 ? `Refund ${money(refund)} and cancel` : "Cancel without a refund"} keepLabel="Keep the registration"
        onConfirm={() => onRefund(row, inFull)}>
        <p>{policyWords(policyDays, startsAt, zone)}</p>
        <p>{byPolicy > 0 ? `By the policy, ${row.name} gets ${money(byPolicy)} back.` : `By the policy, ${row.name} gets nothing back.`}</p>
        <div class="refund-dialog__override">
          <input type="checkbox" id={`${id}-override`} checked={inFull} onChange={(e) => setInFull(e.currentTarget.checked)} />
          <label for={`${id}-override`}>Refund in full regardless of the policy</label>
        </div>
        <p>{refund > 0 ? `${money(refund)} goes back to the card they paid with.` : "Nothing is refunded."} Their registration is cancelled and
          their place goes to the next person waiting. You cannot undo this.</p>
      </ConfirmDialog>
    </>
  );
}
