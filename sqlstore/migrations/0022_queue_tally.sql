-- queue_tally: how many of a district's requests await its prosecutors
-- (submitted), by the hour their stage began (stage_started in
-- milliseconds divided by 3,600,000; -1 when it has none). The store keeps it
-- in the same transaction as the request's state (sqlstore/queue.go), so
-- every instance reads the same totals; the queue's totals then sum a few
-- rows per hour of waiting instead of counting every waiting request, and
-- count entries of requests_queue (migration 0015) only within the hour a
-- limit falls in.
CREATE TABLE queue_tally (
	district_path {{PATH}} NOT NULL,
	bucket BIGINT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (district_path, bucket)
);

INSERT INTO queue_tally (district_path, bucket, n)
	SELECT district_path, COALESCE(stage_started / 3600000, -1), COUNT(*) FROM requests
	WHERE state = 'submitted' GROUP BY district_path, COALESCE(stage_started / 3600000, -1);
