UPDATE events
SET description = description || E'\n\n*' || organiser_note || '*'
WHERE slug = 'early-intervention'
  AND organiser_note = 'The write-up this demo is built from gives no start time: 10:00 London time is assumed here, and the agenda timings are approximate.';

ALTER TABLE events DROP COLUMN organiser_note;
