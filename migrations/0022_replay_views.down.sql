DROP TABLE media_replay_segment_views;
DROP TABLE media_replay_views;
