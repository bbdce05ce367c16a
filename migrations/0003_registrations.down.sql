DROP TABLE registration_notices;
DROP TABLE partner_consents;
DROP TABLE registrations;
DROP TABLE seats;
DROP TABLE form_questions;
DROP TABLE registration_settings;
