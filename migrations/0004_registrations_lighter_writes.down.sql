ALTER TABLE registrations ADD CONSTRAINT registrations_arrival_key UNIQUE (arrival);
