-- A jurisdiction carries a version, raised by every change, so that an
-- administrator's edit made from a node that changed since is refused as
-- stale (jurisdiction.stale) instead of overwriting the other change.
-- Every node starts at version 1.
ALTER TABLE jurisdictions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
