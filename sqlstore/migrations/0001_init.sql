-- nsor schema, version 1.
-- Written once for every database: {{ID}}, {{APPEND_ID}}, {{BLOB}} and
-- {{PATH}} are column types each dialect supplies (dialect.go). {{APPEND_ID}}
-- is for the append-only tables that every act writes (audit records,
-- notifications, jobs): their rows are never deleted, so the next ID is
-- simply the largest plus one and is never reused, without the sequence
-- table that {{ID}} updates on every insert. {{CLUSTERED}} stores a table in
-- its primary key's order, one structure rather than a table and an index. Instants are BIGINT UTC
-- milliseconds (NULL for none); lists and structures nobody queries by are
-- JSON text; dates are TEXT ("2006-01-02" or a year).

CREATE TABLE jurisdictions (
	id {{ID}},
	kind TEXT NOT NULL,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	parent_id BIGINT REFERENCES jurisdictions (id),
	path {{PATH}} NOT NULL,
	head TEXT NOT NULL
);
CREATE INDEX jurisdictions_path ON jurisdictions (path);

CREATE TABLE users (
	id {{ID}},
	username TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	rank_title TEXT NOT NULL,
	belt_number TEXT NOT NULL,
	role TEXT NOT NULL,
	jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
	disabled BOOLEAN NOT NULL,
	created_at BIGINT,
	password_hash TEXT NOT NULL,
	totp_sealed {{BLOB}},
	totp_last_step BIGINT NOT NULL,
	failures BIGINT NOT NULL,
	locked_until BIGINT,
	cred_version BIGINT NOT NULL
);
CREATE INDEX users_jurisdiction ON users (jurisdiction_id);

CREATE TABLE tokens (
	id {{ID}},
	user_id BIGINT NOT NULL REFERENCES users (id),
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	scopes TEXT NOT NULL,
	hash {{BLOB}} NOT NULL UNIQUE,
	cred_version BIGINT NOT NULL,
	created_at BIGINT,
	expires_at BIGINT,
	revoked_at BIGINT
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE blobs (
	sha256 TEXT PRIMARY KEY,
	type TEXT NOT NULL,
	size BIGINT NOT NULL,
	data {{BLOB}} NOT NULL
);

CREATE TABLE firs (
	id {{ID}},
	district_id BIGINT NOT NULL REFERENCES jurisdictions (id),
	station_id BIGINT NOT NULL REFERENCES jurisdictions (id),
	number TEXT NOT NULL,
	year BIGINT NOT NULL,
	registered_on TEXT NOT NULL,
	sections TEXT NOT NULL,
	io_user_id BIGINT NOT NULL REFERENCES users (id),
	copy_sha256 TEXT REFERENCES blobs (sha256),
	copy_type TEXT NOT NULL,
	copy_size BIGINT NOT NULL,
	victim TEXT NOT NULL,
	version BIGINT NOT NULL,
	created_by BIGINT NOT NULL,
	created_at BIGINT,
	UNIQUE (station_id, number, year)
);
CREATE INDEX firs_io ON firs (io_user_id);
CREATE INDEX firs_district ON firs (district_id);

CREATE TABLE accused (
	id {{ID}},
	fir_id BIGINT NOT NULL REFERENCES firs (id),
	name TEXT NOT NULL,
	titles TEXT NOT NULL,
	parentage TEXT NOT NULL,
	cnic TEXT NOT NULL,
	gender TEXT NOT NULL,
	address TEXT NOT NULL,
	age BIGINT NOT NULL,
	dob TEXT NOT NULL
);
CREATE INDEX accused_fir ON accused (fir_id);

CREATE TABLE requests (
	id {{ID}},
	ref TEXT NOT NULL,
	fir_id BIGINT NOT NULL REFERENCES firs (id),
	district_id BIGINT NOT NULL REFERENCES jurisdictions (id),
	district_path {{PATH}} NOT NULL,
	io_user_id BIGINT NOT NULL REFERENCES users (id),
	filed_by BIGINT NOT NULL,
	state TEXT NOT NULL,
	version BIGINT NOT NULL,
	grounds TEXT NOT NULL,
	declaration BOOLEAN NOT NULL,
	submissions BIGINT NOT NULL,
	submitted_at BIGINT,
	stage_seq BIGINT NOT NULL,
	stage_started BIGINT,
	forwarded_by BIGINT NOT NULL,
	analyst_id BIGINT NOT NULL,
	answered_by BIGINT NOT NULL,
	confirmed_by BIGINT NOT NULL,
	released_by BIGINT NOT NULL,
	last_reason TEXT NOT NULL,
	clarification TEXT NOT NULL,
	created_at BIGINT,
	updated_at BIGINT
);
CREATE INDEX requests_district_path ON requests (district_path);
CREATE INDEX requests_district ON requests (district_id);
CREATE INDEX requests_io ON requests (io_user_id);
CREATE INDEX requests_analyst ON requests (analyst_id);
CREATE INDEX requests_fir ON requests (fir_id);
CREATE INDEX requests_state ON requests (state);

-- is_open mirrors the request's State.Open(), so that R4 (docs/rules.md#r4; one open
-- request per FIR and suspect; an accused belongs to one FIR) is a unique
-- index the database enforces, whatever the code above it does.
CREATE TABLE request_suspects (
	id {{ID}},
	request_id BIGINT NOT NULL REFERENCES requests (id),
	pos BIGINT NOT NULL,
	accused_id BIGINT NOT NULL REFERENCES accused (id),
	outcome TEXT NOT NULL,
	record_id BIGINT NOT NULL,
	basis TEXT NOT NULL,
	biometric_ref TEXT NOT NULL,
	needed TEXT NOT NULL,
	note TEXT NOT NULL,
	is_open BOOLEAN NOT NULL
);
CREATE INDEX request_suspects_request ON request_suspects (request_id, pos);
CREATE INDEX request_suspects_accused ON request_suspects (accused_id);
CREATE UNIQUE INDEX request_suspects_one_open ON request_suspects (accused_id) WHERE is_open;

CREATE TABLE submissions (
	request_id BIGINT NOT NULL REFERENCES requests (id),
	n BIGINT NOT NULL,
	at BIGINT,
	annexure {{BLOB}} NOT NULL,
	sha256 TEXT NOT NULL,
	checklist TEXT NOT NULL,
	checked_by BIGINT NOT NULL,
	PRIMARY KEY (request_id, n)
);

CREATE TABLE events (
	request_id BIGINT NOT NULL REFERENCES requests (id),
	seq BIGINT NOT NULL,
	action TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state TEXT NOT NULL,
	actor_id BIGINT NOT NULL,
	actor_role TEXT NOT NULL,
	reason TEXT NOT NULL,
	at BIGINT,
	PRIMARY KEY (request_id, seq)
) {{CLUSTERED}};

CREATE TABLE releases (
	id {{ID}},
	request_id BIGINT NOT NULL UNIQUE REFERENCES requests (id),
	number TEXT NOT NULL UNIQUE,
	snapshot {{BLOB}} NOT NULL,
	sha256 TEXT NOT NULL,
	released_by BIGINT NOT NULL,
	released_at BIGINT
);

CREATE TABLE release_records (
	release_id BIGINT NOT NULL REFERENCES releases (id),
	record_id BIGINT NOT NULL,
	PRIMARY KEY (release_id, record_id)
);
CREATE INDEX release_records_record ON release_records (record_id);

CREATE TABLE acknowledgements (
	release_id BIGINT NOT NULL REFERENCES releases (id),
	user_id BIGINT NOT NULL REFERENCES users (id),
	at BIGINT,
	PRIMARY KEY (release_id, user_id)
);

CREATE TABLE offenders (
	id {{ID}},
	status TEXT NOT NULL,
	current_version BIGINT NOT NULL,
	record_json TEXT NOT NULL,
	cnic TEXT NOT NULL,
	owner_id BIGINT NOT NULL,
	removal_reason TEXT NOT NULL,
	created_at BIGINT,
	updated_at BIGINT
);
CREATE INDEX offenders_cnic ON offenders (cnic);

-- offender_names holds nsor.NameKey of a record's name and of each alias,
-- for exact lookup.
CREATE TABLE offender_names (
	name_key TEXT NOT NULL,
	offender_id BIGINT NOT NULL REFERENCES offenders (id),
	PRIMARY KEY (name_key, offender_id)
);
CREATE INDEX offender_names_offender ON offender_names (offender_id);

CREATE TABLE offender_versions (
	offender_id BIGINT NOT NULL REFERENCES offenders (id),
	n BIGINT NOT NULL,
	kind TEXT NOT NULL,
	record_json TEXT NOT NULL,
	reason TEXT NOT NULL,
	made_by BIGINT NOT NULL,
	made_at BIGINT,
	decision TEXT NOT NULL,
	checked_by BIGINT NOT NULL,
	checked_at BIGINT,
	check_note TEXT NOT NULL,
	PRIMARY KEY (offender_id, n)
);
CREATE INDEX offender_versions_pending ON offender_versions (made_at) WHERE decision = 'pending';

CREATE TABLE notifications (
	id {{APPEND_ID}},
	user_id BIGINT NOT NULL REFERENCES users (id),
	kind TEXT NOT NULL,
	request_id BIGINT NOT NULL,
	record_id BIGINT NOT NULL,
	message TEXT NOT NULL,
	created_at BIGINT,
	read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);

CREATE TABLE jobs (
	id {{APPEND_ID}},
	kind TEXT NOT NULL,
	request_id BIGINT NOT NULL,
	stage_seq BIGINT NOT NULL,
	run_at BIGINT NOT NULL,
	note TEXT NOT NULL,
	done BOOLEAN NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE NOT done;

-- data is auditrec.Encode(record), byte for byte what the Merkle log hashes;
-- the other columns index it. Only actor and request are indexed: every
-- index is a page each act dirties and the commit writes and fsyncs, and the
-- auditor's other filters (action, object, identifier) narrow a scan. The
-- identifiers stay inside data; a search by identifier decodes.
CREATE TABLE audit_records (
	id {{APPEND_ID}},
	data {{BLOB}} NOT NULL,
	actor_id BIGINT NOT NULL,
	request_id BIGINT NOT NULL,
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	at_ms BIGINT NOT NULL
);
CREATE INDEX audit_records_actor ON audit_records (actor_id);
CREATE INDEX audit_records_request ON audit_records (request_id);


CREATE TABLE idempotency_keys (
	user_id BIGINT NOT NULL,
	idem_key TEXT NOT NULL,
	body_hash TEXT NOT NULL,
	object TEXT NOT NULL,
	created_at BIGINT,
	PRIMARY KEY (user_id, idem_key)
);
