import { useEffect, useRef } from "preact/hooks";
import { countRecipients } from "../../lib/mail";

type Props = { subject: string; recipients: number; audience: string; busy: boolean; onConfirm: () => void; onCancel: () => void };

/** The step between "Send" and sending: who gets it, and that it cannot be taken back. */
export function BroadcastConfirm({ subject, recipients, audience, busy, onConfirm, onCancel }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div class="broadcast-confirm" role="group" aria-labelledby="broadcast-confirm-title">
      <h3 id="broadcast-confirm-title" tabIndex={-1} ref={heading}>Send to {countRecipients(recipients)}?</h3>
      <p>“{subject}” goes now to {audience}. You cannot take it back.</p>
      <div class="actions">
        <button type="button" disabled={busy} onClick={onConfirm}>Yes, send to {countRecipients(recipients)}</button>
        <button type="button" class="secondary" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}
