-- Sign-in sources (docs/adr/0015-sign-in-under-attack.md): what is known of
-- one user's sign-ins from one network source (an IPv4 address, an IPv6 /64),
-- so that failures from an attacker's address lock out that address, not the
-- officer. known marks a source a sign-in succeeded from. The source "*"
-- counts the failures from every source the user never signed in from.
CREATE TABLE signin_sources (
	user_id BIGINT NOT NULL REFERENCES users (id),
	source TEXT NOT NULL,
	known BOOLEAN NOT NULL,
	failures BIGINT NOT NULL,
	last_failure BIGINT,
	locked_until BIGINT,
	PRIMARY KEY (user_id, source)
);
