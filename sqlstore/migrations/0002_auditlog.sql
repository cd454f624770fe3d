-- The Merkle log over audit_records (RFC 6962; docs/adr/0010-merkle-log.md).
-- Written only by the sequencer, which holds the lease row; never updated
-- but for the lease, never deleted.

-- A leaf is a stored audit record; leaf_index counts from 0 in the order the
-- sequencer integrated the records (their commit order). The leaf hash is
-- over audit_records.data exactly as stored.
CREATE TABLE audit_leaves (
	leaf_index BIGINT PRIMARY KEY,
	record_id BIGINT NOT NULL UNIQUE
) {{CLUSTERED}};

-- The tree's stored hashes, indexed as golang.org/x/mod/sumdb/tlog's
-- StoredHashIndex numbers them: about two per leaf. The verifier recomputes
-- them all; inclusion and consistency proofs read them.
CREATE TABLE audit_hashes (
	hash_index BIGINT PRIMARY KEY,
	hash {{BLOB}} NOT NULL
) {{CLUSTERED}};

-- Signed checkpoints (C2SP tlog-checkpoint signed notes), exactly as
-- exported.
CREATE TABLE audit_checkpoints (
	tree_size BIGINT PRIMARY KEY,
	root_hash {{BLOB}} NOT NULL,
	note {{BLOB}} NOT NULL,
	at_ms BIGINT NOT NULL
) {{CLUSTERED}};

-- The sequencer's lease: one row, held by one instance at a time until it
-- expires.
CREATE TABLE audit_sequencer (
	name TEXT PRIMARY KEY,
	holder TEXT NOT NULL,
	expires_ms BIGINT NOT NULL
);
INSERT INTO audit_sequencer (name, holder, expires_ms) VALUES ('sequencer', '', 0);

-- Restores from a backup: each a signed note (docs/adr/0010-merkle-log.md)
-- naming the tree size restored and the newest checkpoint it superseded, so
-- that the verifier accepts the rollback it explains and reports the records
-- it lost.
CREATE TABLE audit_restores (
	id {{ID}},
	note {{BLOB}} NOT NULL,
	at_ms BIGINT NOT NULL
);
