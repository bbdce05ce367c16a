-- At most one poll of an event is open at a time, so the audience never
-- has to choose which poll to answer; the index holds the rule even when
-- two moderators open polls at the same moment.
CREATE UNIQUE INDEX live_polls_one_open ON live_polls (event_id) WHERE status = 'open';
