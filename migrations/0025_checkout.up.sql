-- Paid tickets, the third part: Checkout attempts, refunds, the refund
-- policy (internal/payments), and the messages a payment owes (mail).
--
-- A payment row is one Checkout attempt. It is made before Stripe is asked
-- (status 'open', no session yet), so two clicks agree on the attempt and
-- send Stripe the same idempotency key; the session's id, address and
-- expiry are filled in when Stripe answers. 'processing': Checkout
-- completed but the money has not arrived (a Direct Debit).
ALTER TABLE payments
    ADD COLUMN checkout_url      text,
    ADD COLUMN expires_at        timestamptz,
    ADD COLUMN payment_intent_id text UNIQUE,
    ADD COLUMN refund_amount     bigint NOT NULL DEFAULT 0 CHECK (refund_amount >= 0),
    ADD COLUMN refunded_at       timestamptz,
    ADD COLUMN stripe_refund_id  text,
    ADD CHECK (refund_amount <= amount);
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
    CHECK (status IN ('open', 'processing', 'paid', 'failed', 'expired'));
CREATE INDEX payments_unsettled_idx ON payments (expires_at) WHERE status IN ('open', 'processing');

-- An event's refund policy: cancelling refunds in full until this many
-- days before the start; NULL (or no row): no refunds.
CREATE TABLE payment_settings (
    event_id                 uuid PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    refund_until_days_before integer CHECK (refund_until_days_before BETWEEN 0 AND 365),
    updated_at               timestamptz NOT NULL DEFAULT now()
);

-- What payments reads of registrations (owned by registrations).
CREATE VIEW registration_purchases AS
SELECT id, event_id, status, first_name, last_name, email, ticket_type_id, amount, currency,
    hold_expires_at, paid_at, created_at
FROM registrations WHERE ticket_type_id IS NOT NULL;

-- payment_due: a place is held; pay from your page. hold_released: the
-- hold ended unpaid. payment_refunded: a refund was issued.
-- payment_too_late: a payment arrived after its place went to someone
-- else and was refunded at once.
ALTER TYPE outbox_kind ADD VALUE 'payment_due';
ALTER TYPE outbox_kind ADD VALUE 'hold_released';
ALTER TYPE outbox_kind ADD VALUE 'payment_refunded';
ALTER TYPE outbox_kind ADD VALUE 'payment_too_late';
