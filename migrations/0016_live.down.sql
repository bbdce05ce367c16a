DROP TABLE live_changes;
DROP TABLE live_poll_choices;
DROP TABLE live_poll_ballots;
DROP TABLE live_poll_options;
DROP TABLE live_polls;
DROP TABLE live_blocks;
DROP TABLE live_question_votes;
DROP TABLE live_questions;
DROP TABLE live_attendance;
DROP TABLE live_presence;
DROP TABLE live_settings;
DROP VIEW registration_participants;
-- pg_trgm stays: another schema object may have come to use it.
