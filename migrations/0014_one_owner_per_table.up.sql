-- One owner per table: the registrations domain owns registrations, and
-- the mail domain reads its registrants through this view alone, so the
-- table can change behind it. It shows what a message needs: who, where
-- to, in what standing, and the generation of their manage link (which
-- mail passes back to registrations to have the link's token made). A
-- simple view: the planner folds it into each query, so a lookup by id or
-- by (event_id, arrival) still uses registrations' own indexes.
CREATE VIEW registration_contacts AS
SELECT id, event_id, arrival, status, first_name, email, sector, attended_at IS NOT NULL AS attended, token_generation
FROM registrations;

-- Whether a registrant has unsubscribed from broadcasts and follow-ups is
-- the mail domain's to know, in its own table; registrations keep none of
-- it. A registration gone takes its unsubscribe with it.
CREATE TABLE mail_unsubscribes (
    registration_id uuid PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    unsubscribed_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO mail_unsubscribes (registration_id, unsubscribed_at)
SELECT id, unsubscribed_at FROM registrations WHERE unsubscribed_at IS NOT NULL;

ALTER TABLE registrations DROP COLUMN unsubscribed_at;
