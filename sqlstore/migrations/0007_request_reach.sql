-- What a request may reach in the register (docs/adr/0013-request-reach.md).
-- search_hits keeps, per request and suspect, the records that a search
-- through the request showed: through a request, the bureau reads those
-- and the records its answer cites, no other. search_terms keeps every
-- identifier an analyst added to a search (a spelling, a CNIC read off the
-- FIR copy) with its reason, for the confirming officer and for auditors.
-- Plain SQL that both databases read alike.
CREATE TABLE search_hits (
	request_id BIGINT NOT NULL REFERENCES requests (id),
	suspect_id BIGINT NOT NULL,
	record_id BIGINT NOT NULL,
	PRIMARY KEY (request_id, suspect_id, record_id)
);

CREATE TABLE search_terms (
	request_id BIGINT NOT NULL REFERENCES requests (id),
	n BIGINT NOT NULL,
	suspect_id BIGINT NOT NULL,
	name TEXT NOT NULL,
	cnic TEXT NOT NULL,
	reason TEXT NOT NULL,
	added_by BIGINT NOT NULL,
	at BIGINT NOT NULL,
	PRIMARY KEY (request_id, n)
);
