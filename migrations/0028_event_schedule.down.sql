DROP VIEW event_schedule;
