-- Import batches (docs/adr/0022-bulk-import.md): one file of register
-- records a registrar imports, known by the SHA-256 of its content, with its
-- progress (the last line committed, written in the same transaction as the
-- rows up to it, so that a re-run resumes after it) and its approval by a
-- second registrar.
CREATE TABLE import_batches (
	id {{ID}},
	name TEXT NOT NULL,
	format TEXT NOT NULL,
	content_hash TEXT NOT NULL UNIQUE,
	state TEXT NOT NULL,
	made_by BIGINT NOT NULL REFERENCES users (id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	last_line BIGINT NOT NULL,
	rows_read BIGINT NOT NULL,
	imported BIGINT NOT NULL,
	invalid BIGINT NOT NULL,
	duplicates BIGINT NOT NULL,
	approved_by BIGINT NOT NULL,
	approved_at BIGINT,
	activated BIGINT NOT NULL
);

-- The per-row report: every row's outcome, the record it became (or the
-- record it duplicates), and its problems as JSON field errors.
CREATE TABLE import_rows (
	batch_id BIGINT NOT NULL REFERENCES import_batches (id),
	line BIGINT NOT NULL,
	outcome TEXT NOT NULL,
	record_id BIGINT NOT NULL,
	problems_json TEXT NOT NULL,
	PRIMARY KEY (batch_id, line)
);
CREATE INDEX import_rows_outcome ON import_rows (batch_id, outcome, line);
