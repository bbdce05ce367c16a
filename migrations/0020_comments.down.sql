DROP TABLE comment_addresses;
DROP TABLE comments;
DROP TABLE comment_settings;

-- An enum value cannot be dropped: the type is made again without them.
DELETE FROM outbox WHERE kind IN ('comment_received', 'comment_reply');
ALTER TYPE outbox_kind RENAME TO outbox_kind_0020;
CREATE TYPE outbox_kind AS ENUM ('confirmation', 'waitlisted', 'promoted', 'pending_approval', 'approved',
    'rejected', 'cancelled', 'manage_link', 'reminder', 'event_changed', 'event_cancelled',
    'follow_up_attended', 'follow_up_missed', 'broadcast', 'broadcast_test');
ALTER TABLE outbox ALTER COLUMN kind TYPE outbox_kind USING kind::text::outbox_kind;
DROP TYPE outbox_kind_0020;
