-- Which server process claimed a message that is being sent: the key of
-- the advisory lock that process holds for as long as it lives (see
-- internal/mail/interrupted.go). A message still "sending" whose claimer
-- holds no lock was interrupted by a crash: it is marked failed, never
-- sent again. Not indexed, nor is status: delivery's updates stay HOT
-- (see 0009), and the sweep that reads it runs once a minute.
ALTER TABLE outbox ADD COLUMN claimed_by integer;
