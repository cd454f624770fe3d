-- Who a user is and who approved it (docs/adr/0014-no-impersonation.md).
-- A user is a person, who signs in with a password and a second factor, or a
-- service account, which never signs in and holds only the scopes granted to
-- it; its machine tokens carry no more. Existing users are persons.
ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'person';
ALTER TABLE users ADD COLUMN scopes TEXT NOT NULL DEFAULT '[]';
-- A person whose password an administrator saw (a new account, a reset) must
-- choose another before doing anything else.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

-- An administrator's act that takes effect only when a second administrator
-- approves it: a role that reads the register or releases records, such
-- scopes for a service account, a reset of credentials. The change is kept as
-- JSON (nobody queries by it); the state moves once, from pending to approved
-- or declined, and a pending approval lapses at expires_at.
CREATE TABLE approvals (
	id {{ID}},
	kind TEXT NOT NULL,
	target_id BIGINT NOT NULL,
	change TEXT NOT NULL,
	state TEXT NOT NULL,
	proposed_by BIGINT NOT NULL REFERENCES users (id),
	proposed_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	decided_by BIGINT NOT NULL,
	decided_at BIGINT
);
CREATE INDEX approvals_state ON approvals (state, id);
