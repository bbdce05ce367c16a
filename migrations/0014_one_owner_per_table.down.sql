DROP VIEW registration_contacts;
