ALTER TABLE outbox
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN kind TYPE text,
    ALTER COLUMN status TYPE text,
    ALTER COLUMN status SET DEFAULT 'queued',
    ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('confirmation', 'waitlisted', 'promoted', 'pending_approval',
        'approved', 'rejected', 'cancelled', 'manage_link', 'reminder', 'event_changed', 'event_cancelled',
        'follow_up_attended', 'follow_up_missed', 'broadcast', 'broadcast_test')),
    ADD CONSTRAINT outbox_status_check
        CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'suppressed', 'not_delivered'));

DROP TYPE outbox_status;
DROP TYPE outbox_kind;
