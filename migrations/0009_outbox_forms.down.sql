-- Every message made from a form gets its whole text back first.
UPDATE outbox o SET body_text = c.body_text, body_html = c.body_html
FROM outbox_content c WHERE c.id = o.id AND o.form IS NOT NULL;

DROP VIEW outbox_content;
ALTER TABLE outbox RESET (fillfactor);
ALTER TABLE outbox DROP COLUMN form, DROP COLUMN fill;
DROP TABLE outbox_forms;
