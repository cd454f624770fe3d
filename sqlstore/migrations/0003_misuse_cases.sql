-- Misuse cases (misuse.go): an auditor's case on a disclosure or an access,
-- and the audit records attached to it as evidence. Cases change state
-- (open, then referred or closed) under optimistic concurrency (version);
-- evidence is only ever added.
CREATE TABLE misuse_cases (
	id {{ID}},
	subject TEXT NOT NULL,
	disclosure TEXT NOT NULL,
	release_id BIGINT NOT NULL,
	request_id BIGINT NOT NULL,
	access_record_id BIGINT NOT NULL,
	officer_id BIGINT NOT NULL REFERENCES users (id),
	district_id BIGINT NOT NULL,
	reason TEXT NOT NULL,
	state TEXT NOT NULL,
	outcome_reason TEXT NOT NULL,
	opened_by BIGINT NOT NULL REFERENCES users (id),
	opened_at BIGINT NOT NULL,
	decided_by BIGINT NOT NULL,
	decided_at BIGINT,
	version BIGINT NOT NULL
);
CREATE INDEX misuse_cases_officer ON misuse_cases (officer_id);

CREATE TABLE misuse_evidence (
	case_id BIGINT NOT NULL REFERENCES misuse_cases (id),
	audit_record_id BIGINT NOT NULL,
	reason TEXT NOT NULL,
	added_by BIGINT NOT NULL REFERENCES users (id),
	added_at BIGINT NOT NULL,
	PRIMARY KEY (case_id, audit_record_id)
);
