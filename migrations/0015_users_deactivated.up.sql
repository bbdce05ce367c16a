-- Removing a user deactivates them: their sessions end and they cannot
-- sign in, but the events and broadcasts they made keep naming them.
ALTER TABLE users ADD COLUMN deactivated_at timestamptz;

-- An email is unique among active users only, so that someone removed can
-- be added again later as a new user.
DROP INDEX users_email_key;
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE deactivated_at IS NULL;
