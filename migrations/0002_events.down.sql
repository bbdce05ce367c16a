DROP TABLE agenda_items;
DROP TABLE event_partners;
DROP TABLE organisations;
DROP TABLE event_speakers;
DROP TABLE people;
DROP TABLE events;
