-- Comments on an event's page (internal/comments): a commenter's name and
-- email (never published), a plain-text body, one level of replies, and
-- the event's moderation mode.

CREATE TABLE comment_settings (
    event_id   uuid PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    moderation text NOT NULL DEFAULT 'all' CHECK (moderation IN ('none', 'first', 'all'))
);

CREATE TABLE comments (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id     uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- One level of replies: a reply's parent is a top-level comment (the
    -- service checks it). A parent is erased, never removed, so its
    -- replies keep their place.
    parent_id    uuid REFERENCES comments (id) ON DELETE CASCADE,
    -- Erasure empties name, email and body and sets deleted_at.
    name         text NOT NULL CHECK (length(name) <= 100),
    email        text NOT NULL CHECK (length(email) <= 254),
    body         text NOT NULL CHECK (length(body) <= 2000),
    status       text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    -- Set when a moderator approved it (not when it published by itself):
    -- only then may a client show its links as links.
    moderated    boolean NOT NULL DEFAULT false,
    by_organiser boolean NOT NULL DEFAULT false,
    author_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    -- SHA-256 of the random tokens in the links emailed to the commenter
    -- (internal/token): confirm their address, delete the comment. Erasure
    -- drops the confirmation's; the delete link stays a harmless no-op.
    confirm_hash bytea UNIQUE,
    delete_hash  bytea UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz,
    CHECK (deleted_at IS NOT NULL OR (length(btrim(name)) >= 1 AND length(btrim(body)) >= 1))
);

CREATE INDEX comments_event_idx ON comments (event_id, created_at, id) WHERE parent_id IS NULL;
CREATE INDEX comments_parent_idx ON comments (parent_id, created_at, id) WHERE parent_id IS NOT NULL;
-- An address's comments: its approved ones on an event ("first" moderation),
-- any left when one is erased.
CREATE INDEX comments_email_idx ON comments (lower(email), event_id);

-- Addresses whose owner followed a confirmation link: only they are
-- told of replies. Stored lower-case.
CREATE TABLE comment_addresses (
    email        text PRIMARY KEY CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    confirmed_at timestamptz NOT NULL DEFAULT now()
);

-- The messages comments send (see internal/mail/comments.go).
ALTER TYPE outbox_kind ADD VALUE 'comment_received';
ALTER TYPE outbox_kind ADD VALUE 'comment_reply';
