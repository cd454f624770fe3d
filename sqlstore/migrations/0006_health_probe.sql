-- What the health check writes to learn whether a write can succeed now (a
-- full disk fails it): one row of a few pages, inserted and deleted again in
-- the same transaction, so that the table is always empty
-- (docs/adr/0018-deployment-hygiene.md).
CREATE TABLE health_probe (
	id INTEGER PRIMARY KEY,
	pad {{BLOB}} NOT NULL
);
