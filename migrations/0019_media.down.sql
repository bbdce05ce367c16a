DROP TABLE media_writeups;
DROP TABLE media_transcript_lines;
DROP TABLE media_captions;
DROP TABLE media_segments;
DROP TABLE media_uploads;
DROP TABLE media_recordings;
