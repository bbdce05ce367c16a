DROP TABLE promo_code_ticket_types;
DROP TABLE promo_codes;
DROP TABLE ticket_types;
