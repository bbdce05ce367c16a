DELETE FROM outbox WHERE kind IN ('payment_due', 'hold_released', 'payment_refunded', 'payment_too_late');
ALTER TYPE outbox_kind RENAME TO outbox_kind_0025;
CREATE TYPE outbox_kind AS ENUM ('confirmation', 'waitlisted', 'promoted', 'pending_approval', 'approved',
    'rejected', 'cancelled', 'manage_link', 'reminder', 'event_changed', 'event_cancelled',
    'follow_up_attended', 'follow_up_missed', 'broadcast', 'broadcast_test', 'comment_received', 'comment_reply');
ALTER TABLE outbox ALTER COLUMN kind TYPE outbox_kind USING kind::text::outbox_kind;
DROP TYPE outbox_kind_0025;

DROP VIEW registration_purchases;
DROP TABLE payment_settings;
DROP INDEX payments_unsettled_idx;
DELETE FROM payments WHERE status = 'processing';
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
    CHECK (status IN ('open', 'paid', 'failed', 'expired', 'refunded'));
ALTER TABLE payments
    DROP COLUMN checkout_url, DROP COLUMN expires_at, DROP COLUMN payment_intent_id,
    DROP COLUMN refund_amount, DROP COLUMN refunded_at, DROP COLUMN stripe_refund_id;
