-- A cancelled registration no longer holds its email, so its registrant may
-- register again, as new; every other status still holds it, whatever its case.
DROP INDEX registrations_event_email_key;
CREATE UNIQUE INDEX registrations_event_email_key ON registrations (event_id, lower(email)) WHERE status <> 'cancelled';

-- When the registrant was last emailed their link on request (a repeat
-- registration, "email me my link again"): at most once per 10 minutes,
-- across every server process.
ALTER TABLE registrations ADD COLUMN link_sent_at timestamptz;

-- What the organiser says when cancelling an event: shown on its public page
-- (which stays up once published) and in the "event cancelled" email.
ALTER TABLE events ADD COLUMN cancellation_message text NOT NULL DEFAULT ''
    CHECK (length(cancellation_message) <= 2000);
