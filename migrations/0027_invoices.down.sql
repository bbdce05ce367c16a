DELETE FROM outbox WHERE kind = 'invoice_due';
ALTER TYPE outbox_kind RENAME TO outbox_kind_0027;
CREATE TYPE outbox_kind AS ENUM ('confirmation', 'waitlisted', 'promoted', 'pending_approval', 'approved',
    'rejected', 'cancelled', 'manage_link', 'reminder', 'event_changed', 'event_cancelled',
    'follow_up_attended', 'follow_up_missed', 'broadcast', 'broadcast_test', 'comment_received', 'comment_reply',
    'payment_due', 'hold_released', 'payment_refunded', 'payment_too_late');
ALTER TABLE outbox ALTER COLUMN kind TYPE outbox_kind USING kind::text::outbox_kind;
DROP TYPE outbox_kind_0027;

DROP VIEW registration_purchases;
CREATE VIEW registration_purchases AS
SELECT id, event_id, status, first_name, last_name, email, ticket_type_id, amount, currency,
    hold_expires_at, paid_at, created_at
FROM registrations WHERE ticket_type_id IS NOT NULL;
ALTER TABLE registrations DROP COLUMN invoice_confirms, DROP COLUMN pay_by_invoice;
ALTER TABLE payment_settings DROP COLUMN invoices;
