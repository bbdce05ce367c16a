-- A note on an event for its organisers only (the public API and page never
-- show it). The demo's caveat about its assumed start time moves into it
-- from the public description.
ALTER TABLE events ADD COLUMN organiser_note text NOT NULL DEFAULT '';

UPDATE events
SET organiser_note = 'The write-up this demo is built from gives no start time: 10:00 London time is assumed here, and the agenda timings are approximate.',
    description = replace(description,
        E'\n\n*The write-up this demo is built from gives no start time: 10:00 London time is assumed here, and the agenda timings are approximate.*', '')
WHERE slug = 'early-intervention'
  AND description LIKE '%*The write-up this demo is built from gives no start time: 10:00 London time is assumed here, and the agenda timings are approximate.*%';
