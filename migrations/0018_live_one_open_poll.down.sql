DROP INDEX IF EXISTS live_polls_one_open;
