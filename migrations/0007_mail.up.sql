-- Email: the outbox, per-event reminder and follow-up settings, broadcasts,
-- suppressed addresses, unsubscribes, derivable manage links.

-- Until the Media issue, the recording is a link the organiser sets.
ALTER TABLE events ADD COLUMN recording_url text NOT NULL DEFAULT '' CHECK (length(recording_url) <= 2000);

-- A manage token is derived from the server key, the registration and this
-- generation (raised to retire a link), so later messages can carry the
-- link while only its hash is stored. NULL: a token from before, random and
-- not derivable; the next message gives it a derivable one.
ALTER TABLE registrations ADD COLUMN token_generation integer CHECK (token_generation >= 0);
ALTER TABLE registrations ALTER COLUMN token_generation SET DEFAULT 0;
-- Set when the registrant unsubscribes from broadcasts and follow-ups.
ALTER TABLE registrations ADD COLUMN unsubscribed_at timestamptz;

-- Keys the server derives links with when SECRET_KEY is not set.
CREATE TABLE server_keys (
    name       text PRIMARY KEY,
    key        bytea NOT NULL CHECK (length(key) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mail_settings (
    event_id             uuid PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    reminder_minutes     integer[] NOT NULL DEFAULT '{1440,60}' CHECK (cardinality(reminder_minutes) <= 5),
    follow_up            boolean NOT NULL DEFAULT true,
    follow_up_wait_hours integer NOT NULL DEFAULT 72 CHECK (follow_up_wait_hours BETWEEN 0 AND 720)
);

CREATE TABLE broadcasts (
    id            bigserial PRIMARY KEY,
    event_id      uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    segment       text NOT NULL CHECK (segment IN ('everyone', 'attended', 'not_attended', 'waitlisted', 'sector')),
    sector        text NOT NULL DEFAULT '',
    subject       text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 200),
    body_markdown text NOT NULL CHECK (length(body_markdown) BETWEEN 1 AND 20000),
    recipients    integer NOT NULL DEFAULT 0,
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX broadcasts_event_idx ON broadcasts (event_id, id);

-- Every message, sent or not. dedupe_key names what the message is for
-- (kind, registration, event sequence…), so it is written once whatever
-- retries or processes do.
CREATE TABLE outbox (
    id                  bigserial PRIMARY KEY,
    event_id            uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    registration_id     uuid REFERENCES registrations (id) ON DELETE CASCADE,
    broadcast_id        bigint REFERENCES broadcasts (id) ON DELETE CASCADE,
    kind                text NOT NULL CHECK (kind IN ('confirmation', 'waitlisted', 'promoted', 'pending_approval',
                            'approved', 'rejected', 'cancelled', 'manage_link', 'reminder', 'event_changed',
                            'event_cancelled', 'follow_up_attended', 'follow_up_missed', 'broadcast', 'broadcast_test')),
    to_email            text NOT NULL CHECK (length(to_email) BETWEEN 3 AND 254),
    sequence            integer NOT NULL DEFAULT 0,
    variant             text NOT NULL DEFAULT '', -- e.g. a reminder's minutes before the start
    dedupe_key          text NOT NULL UNIQUE,
    subject             text NOT NULL DEFAULT '',
    body_text           text NOT NULL DEFAULT '',
    body_html           text NOT NULL DEFAULT '',
    attachments         text[] NOT NULL DEFAULT '{}',
    status              text NOT NULL DEFAULT 'queued'
                            CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'suppressed', 'not_delivered')),
    attempts            integer NOT NULL DEFAULT 0,
    last_error          text NOT NULL DEFAULT '',
    provider_message_id text NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT now(),
    sent_at             timestamptz
);

CREATE INDEX outbox_event_idx ON outbox (event_id, id);
CREATE INDEX outbox_registration_idx ON outbox (registration_id, id);

-- Addresses no message goes to (stored lower-case).
CREATE TABLE mail_suppressions (
    email      text PRIMARY KEY CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    reason     text NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The outbox replaces the notices recorded before email was sent.
DROP TABLE registration_notices;
