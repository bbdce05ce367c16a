CREATE TABLE registration_notices (
    id              bigserial PRIMARY KEY,
    registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    kind            text NOT NULL,
    manage_url      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registration_notices_registration_idx ON registration_notices (registration_id);

DROP TABLE mail_suppressions;
DROP TABLE outbox;
DROP TABLE broadcasts;
DROP TABLE mail_settings;
DROP TABLE server_keys;
ALTER TABLE registrations DROP COLUMN unsubscribed_at;
ALTER TABLE registrations DROP COLUMN token_generation;
ALTER TABLE events DROP COLUMN recording_url;
