-- Change sequences: a counter per kind of data that instances cache in
-- memory, raised in the transaction that changes it. Every instance polls
-- the counters (a cheap read of one small table) and drops its cache when
-- one has moved, so that a change made on one instance shows on every other
-- within the polling interval (ADR 0011). Works the same on both databases;
-- PostgreSQL's LISTEN/NOTIFY would need a connection per instance held open
-- and still a poll to cover missed notifications.
CREATE TABLE change_seqs (
	name TEXT PRIMARY KEY,
	seq BIGINT NOT NULL
);
INSERT INTO change_seqs (name, seq) VALUES ('jurisdictions', 0);
