-- Going back forgets who was removed: removed users are deleted (what they
-- made stays, its created_by set to NULL), since the old index allows only
-- one user per email.
DELETE FROM users WHERE deactivated_at IS NOT NULL;
DROP INDEX users_email_key;
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
ALTER TABLE users DROP COLUMN deactivated_at;
