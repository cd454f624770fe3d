-- The installation's identity: a random ID drawn once, when the database is
-- first migrated to this version, and never changed. A backup carries it, so
-- that a restore can refuse the backup of another installation
-- (docs/backup-restore.md). One row; the CHECK keeps it one.
CREATE TABLE installation (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	id TEXT NOT NULL
);
INSERT INTO installation (singleton, id) VALUES (1, {{RANDOM_ID}});
