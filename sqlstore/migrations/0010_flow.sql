-- What the procedure's users were not told.
--
-- events.actor_name: the actor's display name at the time of the act, kept
-- with the event so that a later change of name does not rewrite the
-- history (the role at the time is actor_role already). Events recorded
-- before this migration take the name the user has now: the best there is.
--
-- events.failed_items and requests.returned_items: the checklist items a
-- prosecutor's return names as failed (JSON arrays of the codes of
-- nsor.ChecklistItems; 'null' where none).
--
-- acknowledgements.advisory_sha256: the SHA-256 of the advisory text the
-- officer accepted; empty for acknowledgements made before it was kept.
ALTER TABLE events ADD COLUMN actor_name TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN failed_items TEXT NOT NULL DEFAULT 'null';
UPDATE events SET actor_name = COALESCE((SELECT name FROM users WHERE users.id = events.actor_id), '');
ALTER TABLE requests ADD COLUMN returned_items TEXT NOT NULL DEFAULT 'null';
ALTER TABLE acknowledgements ADD COLUMN advisory_sha256 TEXT NOT NULL DEFAULT '';
