DROP TABLE stripe_events;
DROP TABLE payments;
UPDATE registrations SET status = 'cancelled', seat_id = NULL, unlimited = false, cancelled_at = now()
    WHERE status = 'pending_payment';
UPDATE seats SET registration_id = NULL
    WHERE registration_id IN (SELECT id FROM registrations WHERE status <> 'confirmed');
ALTER TABLE registrations DROP CONSTRAINT registrations_seated_check;
ALTER TABLE registrations ADD CONSTRAINT registrations_check
    CHECK ((status = 'confirmed') = (seat_id IS NOT NULL OR unlimited));
ALTER TABLE registrations
    DROP COLUMN ticket_type_id, DROP COLUMN promo_code_id, DROP COLUMN amount, DROP COLUMN currency,
    DROP COLUMN hold_expires_at, DROP COLUMN paid_at;
