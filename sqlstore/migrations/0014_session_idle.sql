-- A web session ends after a quarter of an hour without use: idle_until is
-- the instant it ends unless used before (each use moves it on). NULL for
-- API sessions and machine tokens, which have no idle limit.
ALTER TABLE tokens ADD COLUMN idle_until BIGINT;
