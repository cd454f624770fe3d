-- The prosecutor's queue, officers' gender and co-investigators.
--
-- requests_queue: a district's requests awaiting its prosecutors in the order
-- of time left on the 48-hour clock (the stage's start, then the ID), read a
-- page at a time by walking the index; only submitted requests are in it.
CREATE INDEX requests_queue ON requests (district_path, stage_started, id) WHERE state = 'submitted';

-- events_decisions: the returns and rejections, which the prosecutor is
-- shown beside a later request for the same suspect.
CREATE INDEX events_decisions ON events (request_id, seq) WHERE action IN ('return', 'reject');

-- users.gender: an officer's recorded gender ('' when not recorded), so
-- that a sexual-violence case shows whether a female officer is on it
-- (docs/rules.md#r11).
ALTER TABLE users ADD COLUMN gender TEXT NOT NULL DEFAULT '';

-- fir_officers: officers added to a case beside the one who holds it
-- (co-investigators), by the DPO, with the reason.
CREATE TABLE fir_officers (
	fir_id BIGINT NOT NULL REFERENCES firs (id),
	user_id BIGINT NOT NULL REFERENCES users (id),
	added_by BIGINT NOT NULL,
	added_at BIGINT,
	reason TEXT NOT NULL,
	PRIMARY KEY (fir_id, user_id)
);
CREATE INDEX fir_officers_user ON fir_officers (user_id);
