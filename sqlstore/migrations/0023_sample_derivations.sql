-- What a biometric index derived from a stored sample (the minutiae it
-- extracted from a fingerprint image), kept under the version of the
-- derivation, so that an index is rebuilt at start without extracting
-- again (docs/biometric-samples.md). Derived data only: the sample's own
-- bytes stay its blob, and a new extractor derives afresh.
CREATE TABLE sample_derivations (
	sha256 TEXT NOT NULL REFERENCES biometric_samples (sha256),
	derivation TEXT NOT NULL,
	data {{BLOB}} NOT NULL,
	PRIMARY KEY (sha256, derivation)
);
