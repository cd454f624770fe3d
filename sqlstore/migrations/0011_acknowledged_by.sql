-- The officer who last acknowledged a request's release, so that the
-- procedure table offers acknowledge only to a holder of the case who has
-- not (docs/procedure.md). Existing requests take it from their
-- acknowledgements: the officer holding the case, if that officer did.
ALTER TABLE requests ADD COLUMN acknowledged_by BIGINT NOT NULL DEFAULT 0;

UPDATE requests SET acknowledged_by = io_user_id WHERE EXISTS (
	SELECT 1 FROM releases rl JOIN acknowledgements k ON k.release_id = rl.id
	WHERE rl.request_id = requests.id AND k.user_id = requests.io_user_id);
