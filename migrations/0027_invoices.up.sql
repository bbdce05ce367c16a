-- Paying by invoice (internal/payments decides, internal/registrations
-- keeps the place). An event's organiser chooses whether buyers may pay
-- by invoice and, if so, whether such a registration is confirmed at once
-- ('confirm') or holds its place until the invoice is paid or falls due
-- ('hold').
ALTER TABLE payment_settings
    ADD COLUMN invoices text NOT NULL DEFAULT 'off' CHECK (invoices IN ('off', 'confirm', 'hold'));

-- pay_by_invoice: the buyer pays by invoice, not by card. invoice_confirms:
-- confirmed before paying (the organiser's 'confirm'), so seat() confirms
-- it though it owes money.
ALTER TABLE registrations
    ADD COLUMN pay_by_invoice   boolean NOT NULL DEFAULT false,
    ADD COLUMN invoice_confirms boolean NOT NULL DEFAULT false,
    ADD CHECK (pay_by_invoice OR NOT invoice_confirms);

CREATE OR REPLACE VIEW registration_purchases AS
SELECT id, event_id, status, first_name, last_name, email, ticket_type_id, amount, currency,
    hold_expires_at, paid_at, created_at, pay_by_invoice
FROM registrations WHERE ticket_type_id IS NOT NULL;

-- invoice_due: a place is held until its invoice (attached) is paid.
ALTER TYPE outbox_kind ADD VALUE 'invoice_due';
