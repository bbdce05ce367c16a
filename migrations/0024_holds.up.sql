-- Paid tickets, the second part: holds (internal/registrations) and the
-- tables Checkout and Stripe's webhook will write (internal/payments).
--
-- A registration for a ticket type carries it, the promo code it redeemed
-- and what it owes (amount in minor units of currency, after the code). One
-- that owes money and has not paid takes its seat as 'pending_payment'
-- until hold_expires_at; paying sets paid_at and confirms it.
ALTER TABLE registrations
    ADD COLUMN ticket_type_id  uuid REFERENCES ticket_types (id),
    ADD COLUMN promo_code_id   uuid REFERENCES promo_codes (id) ON DELETE SET NULL,
    ADD COLUMN amount          bigint NOT NULL DEFAULT 0 CHECK (amount BETWEEN 0 AND 99999999),
    ADD COLUMN currency        text CHECK (currency ~ '^[A-Z]{3}$'),
    ADD COLUMN hold_expires_at timestamptz,
    ADD COLUMN paid_at         timestamptz,
    ADD CHECK ((status = 'pending_payment') = (hold_expires_at IS NOT NULL)),
    ADD CHECK (amount = 0 OR currency IS NOT NULL);

-- A hold takes a seat as a confirmation does.
ALTER TABLE registrations DROP CONSTRAINT registrations_check;
ALTER TABLE registrations ADD CONSTRAINT registrations_seated_check
    CHECK ((status IN ('confirmed', 'pending_payment')) = (seat_id IS NOT NULL OR unlimited));

CREATE INDEX registrations_ticket_type_idx ON registrations (ticket_type_id) WHERE ticket_type_id IS NOT NULL;
CREATE INDEX registrations_hold_expiry_idx ON registrations (hold_expires_at) WHERE status = 'pending_payment';

-- One row per Checkout attempt of a registration.
CREATE TABLE payments (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    registration_id     uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    attempt             integer NOT NULL CHECK (attempt >= 1),
    stripe_session_id   text UNIQUE,
    amount              bigint NOT NULL CHECK (amount BETWEEN 0 AND 99999999),
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'failed', 'expired', 'refunded')),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (registration_id, attempt)
);

-- Stripe's webhook events, each stored once: a replay finds its id here.
CREATE TABLE stripe_events (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
