-- Registrations: forms, seats (capacity), waitlist, approval, manage links.

-- How an event admits registrants. Without a row: open to all.
CREATE TABLE registration_settings (
    event_id         uuid PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    approval         text NOT NULL DEFAULT 'open' CHECK (approval IN ('open', 'domains', 'manual')),
    approved_domains text[] NOT NULL DEFAULT '{}'
);

-- The organiser's own questions on the form.
CREATE TABLE form_questions (
    id       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind     text NOT NULL CHECK (kind IN ('short_text', 'long_text', 'single_choice', 'multiple_choice', 'checkbox')),
    label    text NOT NULL CHECK (length(btrim(label)) BETWEEN 1 AND 300),
    required boolean NOT NULL DEFAULT false,
    options  text[] NOT NULL DEFAULT '{}',
    position integer NOT NULL CHECK (position >= 0),
    UNIQUE (event_id, position)
);

-- One row per place of a limited event. A registration holds a seat while
-- confirmed; claiming one is an UPDATE of a row no other registration
-- touches (FOR UPDATE SKIP LOCKED), so registrations commit in parallel.
CREATE TABLE seats (
    id              bigserial PRIMARY KEY,
    event_id        uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    registration_id uuid UNIQUE
);

CREATE INDEX seats_free_idx ON seats (event_id, id) WHERE registration_id IS NULL;

CREATE TABLE registrations (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    arrival             bigserial NOT NULL UNIQUE, -- arrival order: the waitlist's order
    event_id            uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    status              text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'pending_approval', 'pending_payment', 'rejected', 'cancelled')),
    seat_id             bigint UNIQUE REFERENCES seats (id),
    unlimited           boolean NOT NULL DEFAULT false, -- confirmed for an event without a capacity
    first_name          text NOT NULL CHECK (length(btrim(first_name)) BETWEEN 1 AND 100),
    last_name           text NOT NULL CHECK (length(btrim(last_name)) BETWEEN 1 AND 100),
    email               text NOT NULL CHECK (email LIKE '_%@_%' AND length(email) <= 254),
    job_title           text NOT NULL DEFAULT '' CHECK (length(job_title) <= 200),
    organisation        text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
    sector              text NOT NULL CHECK (sector IN ('central_government', 'local_government', 'health_and_care', 'education',
                            'police_and_justice', 'third_sector', 'private_sector', 'academia', 'other')),
    country             text NOT NULL DEFAULT '' CHECK (length(country) <= 100),
    accessibility_needs text NOT NULL DEFAULT '' CHECK (length(accessibility_needs) <= 2000),
    answers             jsonb NOT NULL DEFAULT '{}',
    token_hash          bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    attended_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    cancelled_at        timestamptz,
    -- The backstop: a confirmed registration holds a seat unless the event
    -- has no capacity, and only a confirmed one does. Seats exist only up to
    -- the capacity, and each is held at most once (UNIQUE above).
    CHECK ((status = 'confirmed') = (seat_id IS NOT NULL OR unlimited)),
    CHECK (NOT (seat_id IS NOT NULL AND unlimited))
);

-- The same email registers once per event, whatever its case.
CREATE UNIQUE INDEX registrations_event_email_key ON registrations (event_id, lower(email));
CREATE INDEX registrations_waitlist_idx ON registrations (event_id, arrival) WHERE status = 'waitlisted';
CREATE INDEX registrations_event_arrival_idx ON registrations (event_id, arrival);

-- Consent to be contacted by a knowledge partner, with the words shown.
CREATE TABLE partner_consents (
    registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    wording         text NOT NULL,
    consented_at    timestamptz NOT NULL DEFAULT now(),
    withdrawn_at    timestamptz,
    PRIMARY KEY (registration_id, organisation_id)
);

-- Messages owed to registrants, recorded until the mail issue sends them.
CREATE TABLE registration_notices (
    id              bigserial PRIMARY KEY,
    registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    kind            text NOT NULL,
    manage_url      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX registration_notices_registration_idx ON registration_notices (registration_id);
