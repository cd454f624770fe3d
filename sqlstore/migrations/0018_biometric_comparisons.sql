-- An examiner's comparison of a request's suspect with a register record's
-- biometric sample (docs/rules.md#r33): who, when, which fingers or loci,
-- the conclusion; for DNA, the confirmation sample typed after the hit.
-- Rows are never changed but for the confirmation sample, recorded once.
CREATE TABLE biometric_comparisons (
	id {{ID}},
	request_id BIGINT NOT NULL REFERENCES requests (id),
	suspect_id BIGINT NOT NULL,
	record_id BIGINT NOT NULL,
	kind TEXT NOT NULL,
	record_ref TEXT NOT NULL,
	detail TEXT NOT NULL,
	conclusion TEXT NOT NULL,
	note TEXT NOT NULL,
	examiner_id BIGINT NOT NULL,
	at BIGINT NOT NULL,
	confirmation_sample TEXT NOT NULL DEFAULT '',
	confirmed_by BIGINT NOT NULL DEFAULT 0,
	confirmed_at BIGINT
);

CREATE INDEX biometric_comparisons_request ON biometric_comparisons (request_id, suspect_id);
