-- What each registrant watched of an event's published recording through
-- their own replay link (internal/media): the viewing sessions (a beat
-- more than 30 minutes after the last starts another), the time watched in
-- all, and the time watched of each segment. The Insights issue reads it.
CREATE TABLE media_replay_views (
    registration_id uuid PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    plays integer NOT NULL DEFAULT 0 CHECK (plays >= 0),
    watched_ms bigint NOT NULL DEFAULT 0 CHECK (watched_ms >= 0),
    first_at timestamptz NOT NULL,
    last_at timestamptz NOT NULL
);
CREATE INDEX media_replay_views_event ON media_replay_views (event_id, last_at DESC);

CREATE TABLE media_replay_segment_views (
    registration_id uuid NOT NULL REFERENCES media_replay_views (registration_id) ON DELETE CASCADE,
    segment_id uuid NOT NULL REFERENCES media_segments (id) ON DELETE CASCADE,
    watched_ms bigint NOT NULL DEFAULT 0 CHECK (watched_ms >= 0),
    PRIMARY KEY (registration_id, segment_id)
);
CREATE INDEX media_replay_segment_views_segment ON media_replay_segment_views (segment_id);
