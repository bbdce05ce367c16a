-- Form letters (internal/mail/forms.go): a message rendered once for all
-- its recipients, with a marker where each one's own values go. A message
-- made from one stores the form and its recipient's values, not a whole
-- copy: a follow-up to 10,000 registrants stores its text once.
CREATE TABLE outbox_forms (
    id        bytea PRIMARY KEY, -- SHA-256 of the event, the marker and both bodies
    event_id  uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    marker    text NOT NULL,     -- starts each blank; the field's digit follows
    body_text text NOT NULL,
    body_html text NOT NULL
);

CREATE INDEX outbox_forms_event_idx ON outbox_forms (event_id);

-- A message's form, and its recipient's values: first name, manage-link
-- token, unsubscribe token. No foreign key: a form goes only with its
-- event, and the event's messages with it.
ALTER TABLE outbox
    ADD COLUMN form bytea,
    ADD COLUMN fill text[];

-- Delivery updates each message twice (claimed, then sent) and no longer
-- writes its text then: with room left in each page, both updates stay on
-- the page and leave the four indexes alone (HOT updates; 90% of them in
-- bench/mail, against 69% with full pages).
ALTER TABLE outbox SET (fillfactor = 50);

-- What each message says: its own text, or its form with its recipient's
-- values filled in, the first name escaped as html/template escapes it in
-- the HTML part. forms.go fills them the same way when it sends; a test
-- holds what is stored to what arrived.
CREATE VIEW outbox_content AS
SELECT o.id,
    CASE WHEN f.id IS NULL THEN o.body_text
        ELSE replace(replace(replace(f.body_text, f.marker || '0', o.fill[1]),
            f.marker || '1', o.fill[2]), f.marker || '2', o.fill[3]) END AS body_text,
    CASE WHEN f.id IS NULL THEN o.body_html
        ELSE replace(replace(replace(f.body_html, f.marker || '0',
            replace(replace(replace(replace(replace(replace(o.fill[1],
                '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&#34;'), '''', '&#39;'), '+', '&#43;')),
            f.marker || '1', o.fill[2]), f.marker || '2', o.fill[3]) END AS body_html
FROM outbox o LEFT JOIN outbox_forms f ON f.id = o.form;
