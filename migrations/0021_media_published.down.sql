DROP VIEW media_published_recordings;
