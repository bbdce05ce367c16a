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
