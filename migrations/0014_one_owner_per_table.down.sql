-- The column comes back last in the table, not where 0007 put it; nothing
-- reads columns by position.
ALTER TABLE registrations ADD COLUMN unsubscribed_at timestamptz;
UPDATE registrations r SET unsubscribed_at = u.unsubscribed_at
FROM mail_unsubscribes u WHERE u.registration_id = r.id;
DROP TABLE mail_unsubscribes;

DROP VIEW registration_contacts;
