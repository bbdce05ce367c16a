-- What payments reads of an event inside its own transactions (its title
-- for a receipt's line, its start for the refund policy), owned by events.
-- Reading through the transaction, not the events service's pool, keeps a
-- transaction that waits on the seat lock from needing a second
-- connection while it holds one.
CREATE VIEW event_schedule AS
    SELECT id, title, starts_at FROM events;
