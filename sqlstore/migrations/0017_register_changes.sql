-- The register's change feed, which every instance's in-memory register
-- index follows (docs/adr/0022-bulk-import.md): each write of a record takes
-- the next value of the 'register' change sequence and stores it on the
-- record. The sequence's row is locked by the writing transaction until it
-- commits, so on PostgreSQL the values commit in their order, and an
-- instance that has read the sequence at N has seen every record written at
-- or below N once it reads those above its last.
ALTER TABLE offenders ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX offenders_change_seq ON offenders (change_seq);
INSERT INTO change_seqs (name, seq) VALUES ('register', 0);
