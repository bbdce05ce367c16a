-- Recordings and the write-up (internal/media). One recording per event:
-- an uploaded file in the media storage, or an external video.
CREATE TABLE media_recordings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL UNIQUE REFERENCES events (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('upload', 'youtube', 'vimeo')),
    external_url text CHECK ((kind = 'upload') = (external_url IS NULL)),
    storage_key text,                 -- the uploaded file's key in the media storage
    content_type text CHECK (content_type IS NULL OR content_type IN ('video/mp4', 'video/webm')),
    size_bytes bigint CHECK (size_bytes IS NULL OR size_bytes >= 0),
    duration_seconds integer CHECK (duration_seconds IS NULL OR duration_seconds BETWEEN 1 AND 86400),
    poster_key text,                  -- a frame of the file, when ffprobe/ffmpeg could read one
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    published_at timestamptz,
    published_without_captions boolean NOT NULL DEFAULT false, -- the organiser confirmed it
    embed_origins text[] NOT NULL DEFAULT '{}',                -- frame-ancestors of its embeds
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'published') = (published_at IS NOT NULL))
);

-- A tus upload under way: which event it is for, until it completes.
CREATE TABLE media_uploads (
    id text PRIMARY KEY,              -- the tus upload id
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
    filename text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_uploads_event ON media_uploads (event_id);

-- Segments of a recording: chapters, share URLs, embeds.
CREATE TABLE media_segments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    recording_id uuid NOT NULL REFERENCES media_recordings (id) ON DELETE CASCADE,
    slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    start_ms integer NOT NULL CHECK (start_ms >= 0),
    end_ms integer NOT NULL,
    speaker_ids uuid[] NOT NULL DEFAULT '{}', -- people of the event (events' people)
    CHECK (end_ms > start_ms),
    UNIQUE (recording_id, slug)
);

-- Captions (WebVTT) of a recording, as uploaded and validated.
CREATE TABLE media_captions (
    recording_id uuid PRIMARY KEY REFERENCES media_recordings (id) ON DELETE CASCADE,
    language text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    label text NOT NULL DEFAULT 'English',
    vtt text NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now()
);

-- The transcript: the captions' cues, searchable.
CREATE TABLE media_transcript_lines (
    recording_id uuid NOT NULL REFERENCES media_recordings (id) ON DELETE CASCADE,
    seq integer NOT NULL CHECK (seq >= 0),
    start_ms integer NOT NULL CHECK (start_ms >= 0),
    end_ms integer NOT NULL,
    text text NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
    PRIMARY KEY (recording_id, seq)
);
CREATE INDEX media_transcript_search ON media_transcript_lines USING gin (search);

-- The write-up: an article per event, Markdown with {{segment SLUG}}.
CREATE TABLE media_writeups (
    event_id uuid PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    author text NOT NULL DEFAULT '' CHECK (length(author) <= 200),
    published_on date,
    body_md text NOT NULL DEFAULT '' CHECK (length(body_md) <= 200000),
    updated_at timestamptz NOT NULL DEFAULT now()
);
