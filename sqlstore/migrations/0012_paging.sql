-- Keyset paging: every listing filters in its query and reads its rows in
-- the order of a unique key, newest (or oldest) first, a page at a time.
-- These indexes let a page be read by walking an index in that order,
-- rather than sorting all of a filter's rows. SQLite keeps the row ID in
-- every index; PostgreSQL needs the ID named as the last column.

-- An officer's requests and FIRs, a district's FIRs: newest first.
DROP INDEX requests_io;
CREATE INDEX requests_io ON requests (io_user_id, id);
DROP INDEX firs_io;
CREATE INDEX firs_io ON firs (io_user_id, id);
DROP INDEX firs_district;
CREATE INDEX firs_district ON firs (district_id, id);

-- A prosecutor sees only the requests submitted at least once; the bureau
-- only those forwarded to it. Drafts, most of a district's requests at
-- any time, are not in these indexes at all.
CREATE INDEX requests_submitted ON requests (district_path, id) WHERE submissions > 0;
CREATE INDEX requests_forwarded ON requests (id) WHERE forwarded_by <> 0;

-- The unread inbox.
CREATE INDEX notifications_unread ON notifications (user_id, id) WHERE read_at IS NULL;

-- Pending register changes, in the order of their key.
DROP INDEX offender_versions_pending;
CREATE INDEX offender_versions_pending ON offender_versions (made_at, offender_id, n) WHERE decision = 'pending';

-- Misuse cases by state, newest first.
CREATE INDEX misuse_cases_state ON misuse_cases (state, id);
