-- What other domains may know of an event's recording: that it is
-- published, and since when. Mail's follow-ups read it to link to the
-- replay and to know when to stop waiting for a recording.
CREATE VIEW media_published_recordings AS
    SELECT event_id, published_at FROM media_recordings WHERE status = 'published';
