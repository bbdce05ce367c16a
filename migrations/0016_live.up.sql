-- The live session (internal/live): per-event settings, attendance from
-- heartbeats, moderated questions with votes, polls, blocks, and the log
-- of changes that live pages follow over their event stream.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Who may take part, as the live domain sees a registrant: owned by
-- registrations (like registration_contacts), read by live to name askers
-- and to match imported attendance reports by email.
CREATE VIEW registration_participants AS
SELECT id, event_id, status, first_name, last_name, organisation, sector, email
FROM registrations;

CREATE TABLE live_settings (
    event_id uuid PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    -- how long before the start the stream is revealed
    join_lead_minutes integer NOT NULL DEFAULT 15 CHECK (join_lead_minutes BETWEEN 0 AND 1440),
    -- minutes present that count as having attended
    attended_minutes integer NOT NULL DEFAULT 10 CHECK (attended_minutes BETWEEN 1 AND 1440),
    -- new questions are held for a moderator, or published at once
    moderation text NOT NULL DEFAULT 'held' CHECK (moderation IN ('held', 'published')),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per stretch of a registrant's presence on the live page: a
-- heartbeat within the gap extends the latest, a later one starts another.
CREATE TABLE live_presence (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    CHECK (last_seen_at >= started_at)
);
CREATE INDEX live_presence_registration ON live_presence (registration_id, last_seen_at DESC);
CREATE INDEX live_presence_event ON live_presence (event_id, last_seen_at);

-- Attendance as imported from a Zoom or Teams report or marked by hand
-- (heartbeats are in live_presence); the registration's attended_at, owned
-- by registrations, is what follow-ups read.
CREATE TABLE live_attendance (
    registration_id uuid PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    source text NOT NULL CHECK (source IN ('heartbeat', 'zoom', 'teams', 'hand')),
    minutes integer NOT NULL DEFAULT 0 CHECK (minutes >= 0),
    attended boolean NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_attendance_event ON live_attendance (event_id);

CREATE TABLE live_questions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    registration_id uuid REFERENCES registrations (id) ON DELETE SET NULL,
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 500),
    -- what the asker wrote, kept when a moderator edits the body
    original_body text NOT NULL,
    anonymous boolean NOT NULL DEFAULT false,
    status text NOT NULL CHECK (status IN ('held', 'published', 'answered', 'dismissed', 'merged', 'retracted')),
    dismiss_reason text NOT NULL DEFAULT '',
    answer text NOT NULL DEFAULT '',
    answered_live boolean NOT NULL DEFAULT false,
    merged_into uuid REFERENCES live_questions (id) ON DELETE SET NULL,
    on_stage boolean NOT NULL DEFAULT false,
    votes integer NOT NULL DEFAULT 0 CHECK (votes >= 0),
    published_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'merged') = (merged_into IS NOT NULL))
);
CREATE INDEX live_questions_event ON live_questions (event_id, status, created_at);
CREATE INDEX live_questions_body_trgm ON live_questions USING gin (body gin_trgm_ops);
-- at most one question of an event on stage
CREATE UNIQUE INDEX live_questions_one_on_stage ON live_questions (event_id) WHERE on_stage;

-- One vote per registrant per question, by the primary key.
CREATE TABLE live_question_votes (
    question_id uuid NOT NULL REFERENCES live_questions (id) ON DELETE CASCADE,
    registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (question_id, registration_id)
);
CREATE INDEX live_question_votes_registration ON live_question_votes (registration_id);

-- Registrants a moderator stopped from asking at an event.
CREATE TABLE live_blocks (
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    blocked_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, registration_id)
);

CREATE TABLE live_polls (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    question text NOT NULL CHECK (length(question) BETWEEN 1 AND 300),
    multiple boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    -- results shown while open ('live') or only once closed ('closed')
    results text NOT NULL DEFAULT 'live' CHECK (results IN ('live', 'closed')),
    opened_at timestamptz,
    closed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_polls_event ON live_polls (event_id, created_at);

CREATE TABLE live_poll_options (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    poll_id uuid NOT NULL REFERENCES live_polls (id) ON DELETE CASCADE,
    position integer NOT NULL,
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    UNIQUE (poll_id, position)
);

-- One ballot per registrant per poll, by the primary key; its choices
-- below (one for a single-choice poll).
CREATE TABLE live_poll_ballots (
    poll_id uuid NOT NULL REFERENCES live_polls (id) ON DELETE CASCADE,
    registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (poll_id, registration_id)
);

CREATE TABLE live_poll_choices (
    poll_id uuid NOT NULL,
    registration_id uuid NOT NULL,
    option_id uuid NOT NULL REFERENCES live_poll_options (id) ON DELETE CASCADE,
    PRIMARY KEY (poll_id, registration_id, option_id),
    FOREIGN KEY (poll_id, registration_id) REFERENCES live_poll_ballots (poll_id, registration_id) ON DELETE CASCADE
);

-- What changed at an event, in commit order of ids per process: live pages
-- resume from the last id they saw (Last-Event-ID). Rows name what
-- changed, never its content; the stream reads the content when it sends.
CREATE TABLE live_changes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('question', 'poll', 'stage', 'event', 'settings')),
    subject_id uuid,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_changes_event ON live_changes (event_id, id);
