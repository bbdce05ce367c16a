-- Paid tickets, the first part (internal/payments): an event's ticket types
-- and promo codes. Money is integer minor units with an ISO 4217 currency.
-- Holds (registrations in 'pending_payment' with an expiry), payments and
-- the ids of Stripe's webhook events follow in later migrations and point
-- at these rows (see docs/architecture.md, Payments).

CREATE TABLE ticket_types (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id       uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name           text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    -- 0 is a free ticket. Stripe Checkout takes at most 8 digits.
    price          bigint NOT NULL CHECK (price BETWEEN 0 AND 99999999),
    currency       text NOT NULL DEFAULT 'GBP' CHECK (currency ~ '^[A-Z]{3}$'),
    -- Who may buy it: anyone, registrants of the listed sectors (the form's
    -- sector values), or of the listed email domains ("gov.uk" matches it
    -- and its subdomains, "*.gov.scot" only subdomains).
    eligibility    text NOT NULL DEFAULT 'anyone' CHECK (eligibility IN ('anyone', 'sectors', 'email_domains')),
    sectors        text[] NOT NULL DEFAULT '{}',
    email_domains  text[] NOT NULL DEFAULT '{}',
    -- NULL: as many as the event has places. The service keeps the sum of
    -- an event's quantities within its capacity.
    quantity       integer CHECK (quantity BETWEEN 1 AND 100000),
    sales_open_at  timestamptz,
    sales_close_at timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (sales_open_at IS NULL OR sales_close_at IS NULL OR sales_close_at > sales_open_at),
    CHECK ((eligibility = 'sectors') = (cardinality(sectors) > 0)),
    CHECK ((eligibility = 'email_domains') = (cardinality(email_domains) > 0)),
    -- Promo codes limited to types name them with the event (below).
    UNIQUE (event_id, id)
);

CREATE UNIQUE INDEX ticket_types_event_name_key ON ticket_types (event_id, lower(name));

CREATE TABLE promo_codes (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id    uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- As the organiser typed it; matched without regard to case.
    code        text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{3,40}$'),
    -- Exactly one of a percentage off or a fixed amount off (minor units
    -- of currency).
    percent_off integer CHECK (percent_off BETWEEN 1 AND 100),
    amount_off  bigint CHECK (amount_off BETWEEN 1 AND 99999999),
    currency    text NOT NULL DEFAULT 'GBP' CHECK (currency ~ '^[A-Z]{3}$'),
    max_uses    integer CHECK (max_uses BETWEEN 1 AND 1000000),
    -- Counted by one conditional UPDATE in the buyer's transaction, and
    -- given back when a hold is released.
    uses        integer NOT NULL DEFAULT 0 CHECK (uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)),
    expires_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((percent_off IS NULL) <> (amount_off IS NULL)),
    UNIQUE (event_id, id)
);

CREATE UNIQUE INDEX promo_codes_event_code_key ON promo_codes (event_id, lower(code));

-- The ticket types a promo code is limited to; none: every type.
CREATE TABLE promo_code_ticket_types (
    event_id       uuid NOT NULL,
    promo_code_id  uuid NOT NULL,
    ticket_type_id uuid NOT NULL,
    PRIMARY KEY (promo_code_id, ticket_type_id),
    FOREIGN KEY (event_id, promo_code_id) REFERENCES promo_codes (event_id, id) ON DELETE CASCADE,
    -- A type a code is limited to is not deleted from under it (the code
    -- would then apply to every type); deleting the event removes both.
    FOREIGN KEY (event_id, ticket_type_id) REFERENCES ticket_types (event_id, id)
);

CREATE INDEX promo_code_ticket_types_type_idx ON promo_code_ticket_types (ticket_type_id);
