-- Webinars, the people who speak at them, partner organisations, agendas.

CREATE TABLE events (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug                   text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) BETWEEN 3 AND 100),
    title                  text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    summary                text NOT NULL DEFAULT '' CHECK (length(summary) <= 500),
    description            text NOT NULL DEFAULT '' CHECK (length(description) <= 50000),
    starts_at              timestamptz NOT NULL,
    duration_minutes       integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
    timezone               text NOT NULL CHECK (timezone <> ''),
    status                 text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
    capacity               integer CHECK (capacity > 0), -- NULL: unlimited
    registration_opens_at  timestamptz,
    registration_closes_at timestamptz,
    stream_url             text NOT NULL DEFAULT '',
    cover_image_url        text NOT NULL DEFAULT '',
    topics                 text[] NOT NULL DEFAULT '{}',
    sequence               integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    created_by             uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    published_at           timestamptz,
    -- Title, summary and speakers, kept up to date by the store.
    search                 tsvector NOT NULL DEFAULT ''::tsvector,
    CHECK (registration_opens_at IS NULL OR registration_closes_at IS NULL OR registration_opens_at < registration_closes_at)
);

CREATE UNIQUE INDEX events_slug_key ON events (slug);
CREATE INDEX events_published_starts_at_idx ON events (starts_at, id) WHERE status = 'published';
CREATE INDEX events_search_idx ON events USING gin (search);
CREATE INDEX events_topics_idx ON events USING gin (topics);

CREATE TABLE people (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    job_title    text NOT NULL DEFAULT '' CHECK (length(job_title) <= 200),
    organisation text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
    bio          text NOT NULL DEFAULT '' CHECK (length(bio) <= 2000),
    photo_url    text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE event_speakers (
    event_id  uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    person_id uuid NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    role      text NOT NULL CHECK (role IN ('chair', 'keynote', 'panellist', 'moderator')),
    position  integer NOT NULL CHECK (position >= 0),
    PRIMARY KEY (event_id, person_id),
    UNIQUE (event_id, position)
);

CREATE INDEX event_speakers_person_id_idx ON event_speakers (person_id);

CREATE TABLE organisations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    website     text NOT NULL DEFAULT '',
    logo_url    text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name));

CREATE TABLE event_partners (
    event_id        uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    kind            text NOT NULL CHECK (kind IN ('host', 'knowledge_partner', 'sponsor')),
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    position        integer NOT NULL CHECK (position >= 0),
    PRIMARY KEY (event_id, organisation_id, kind),
    UNIQUE (event_id, position)
);

CREATE INDEX event_partners_organisation_id_idx ON event_partners (organisation_id);

CREATE TABLE agenda_items (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id             uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    title                text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    start_offset_minutes integer NOT NULL CHECK (start_offset_minutes >= 0),
    duration_minutes     integer NOT NULL CHECK (duration_minutes > 0),
    description          text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    speaker_ids          uuid[] NOT NULL DEFAULT '{}',
    position             integer NOT NULL CHECK (position >= 0),
    UNIQUE (event_id, position) DEFERRABLE INITIALLY DEFERRED
);
