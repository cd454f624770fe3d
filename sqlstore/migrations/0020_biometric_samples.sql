-- Stored biometric samples (docs/biometric-samples.md): a sample's
-- description, its bytes being the blob of the same SHA-256; and the
-- samples an investigating officer attached to a request's suspect.
CREATE TABLE biometric_samples (
	sha256 TEXT PRIMARY KEY REFERENCES blobs (sha256),
	kind TEXT NOT NULL,
	format TEXT NOT NULL,
	detail TEXT NOT NULL,
	size BIGINT NOT NULL,
	uploaded_by BIGINT NOT NULL,
	uploaded_at BIGINT NOT NULL
);

CREATE TABLE request_samples (
	id {{ID}},
	request_id BIGINT NOT NULL REFERENCES requests (id),
	suspect_id BIGINT NOT NULL,
	sha256 TEXT NOT NULL REFERENCES biometric_samples (sha256),
	kind TEXT NOT NULL,
	purpose TEXT NOT NULL,
	added_by BIGINT NOT NULL,
	added_at BIGINT NOT NULL,
	UNIQUE (request_id, suspect_id, sha256, purpose)
);

CREATE INDEX request_samples_request ON request_samples (request_id, id);
