-- Fewer index entries per registration: the arrival order is unique by its
-- sequence and is always read per event, through registrations_event_arrival_idx.
ALTER TABLE registrations DROP CONSTRAINT registrations_arrival_key;
