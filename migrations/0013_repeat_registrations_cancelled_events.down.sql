ALTER TABLE events DROP COLUMN cancellation_message;
ALTER TABLE registrations DROP COLUMN link_sent_at;
-- One registration per email again: of an email's rows, the cancelled ones
-- that a later registration replaced go.
DELETE FROM registrations r WHERE r.status = 'cancelled' AND EXISTS (
    SELECT 1 FROM registrations n WHERE n.event_id = r.event_id AND lower(n.email) = lower(r.email) AND n.arrival > r.arrival);
DROP INDEX registrations_event_email_key;
CREATE UNIQUE INDEX registrations_event_email_key ON registrations (event_id, lower(email));
