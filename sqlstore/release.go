package sqlstore

import (
	"cmp"
	"slices"

	"nsor"
)

const releaseCols = "id, request_id, number, snapshot, sha256, released_by, released_at"

// releaseDests are where a row of releaseCols is scanned to.
func releaseDests(r *nsor.Release) []any {
	return []any{&r.ID, &r.RequestID, &r.Number, &r.Snapshot, &r.SHA256, &r.ReleasedBy, instant{&r.ReleasedAt}}
}

func scanRelease(r *nsor.Release) func(scanner) error {
	return func(s scanner) error { return s.Scan(releaseDests(r)...) }
}

// CreateRelease stores the release and the records its snapshot holds, and
// sets rel.ID. A request is released once, and a disclosure number names one
// release: either again is KindConflict "release.duplicate".
func (t *tx) CreateRelease(rel *nsor.Release) error {
	newID, err := t.insertUnique("INSERT INTO releases (request_id, number, snapshot, sha256, released_by, released_at) "+
		"VALUES (?, ?, ?, ?, ?, ?)",
		rel.RequestID, rel.Number, rel.Snapshot, rel.SHA256, rel.ReleasedBy, ms(rel.ReleasedAt))
	if err != nil {
		return t.conflict(err, "release.duplicate", "This request has been released already.")
	}
	for _, rec := range uniqueIDs(rel.RecordIDs) {
		if _, err := t.exec("INSERT INTO release_records (release_id, record_id) VALUES (?, ?)", newID, rec); err != nil {
			return err
		}
	}
	rel.ID = newID
	return nil
}

// releaseOfSQL reads a request's release and the records it holds in one
// statement, in no order (as requestSQL); acksOfRequestSQL the
// acknowledgements of a request's release.
var (
	releaseOfSQL = "SELECT " + qualified("r", releaseCols) + ", COALESCE(rr.record_id, 0)" +
		" FROM releases r LEFT JOIN release_records rr ON rr.release_id = r.id WHERE r.request_id = ?"
	acksOfRequestSQL = "SELECT " + ackCols + " FROM acknowledgements WHERE release_id = (SELECT id FROM releases WHERE request_id = ?)"
)

// ReleaseOf returns the request's release.
func (t *tx) ReleaseOf(requestID int64) (*nsor.Release, error) {
	rel := &nsor.Release{}
	rd, done := releaseRead(rel, requestID)
	if err := t.readAll(rd); err != nil {
		return nil, err
	}
	done()
	return rel, nil
}

// ReleaseWithAcks returns the request's release and its acknowledgements,
// earliest first, read together: on PostgreSQL in one round trip.
func (t *tx) ReleaseWithAcks(requestID int64) (*nsor.Release, []*nsor.Acknowledgement, error) {
	rel := &nsor.Release{}
	rd, done := releaseRead(rel, requestID)
	var acks []*nsor.Acknowledgement
	ad := &read{noun: "acknowledgement", q: acksOfRequestSQL, args: []any{requestID}, row: func(s scanner) error {
		a := &nsor.Acknowledgement{}
		acks = append(acks, a)
		return scanAck(a)(s)
	}}
	if err := t.readAll(rd, ad); err != nil {
		return nil, nil, err
	}
	done()
	sortAcks(acks)
	return rel, acks, nil
}

// releaseRead is the read of a request's release and its records into rel,
// and what to do once it is read.
func releaseRead(rel *nsor.Release, requestID int64) (*read, func()) {
	rd := withChildren("release", releaseDests(rel), func() ([]any, func()) {
		var recordID int64
		return []any{&recordID}, func() {
			if recordID != 0 {
				rel.RecordIDs = append(rel.RecordIDs, recordID)
			}
		}
	}, releaseOfSQL, requestID)
	return rd, func() { slices.Sort(rel.RecordIDs) }
}

// ReleasesOfRecord lists the releases whose snapshot holds the record, in
// order, so that its recipients can be told of a correction.
func (t *tx) ReleasesOfRecord(recordID int64) ([]*nsor.Release, error) {
	out, err := list(t, "release", scanRelease, "SELECT "+releaseCols+" FROM releases WHERE id IN (SELECT release_id FROM release_records WHERE record_id = ?) "+
		"ORDER BY id", recordID)
	if err != nil {
		return nil, err
	}
	return out, t.loadReleaseRecords(out)
}

func (t *tx) loadReleaseRecords(rels []*nsor.Release) error {
	byID := make(map[int64]*nsor.Release, len(rels))
	ids := make([]int64, 0, len(rels))
	for _, r := range rels {
		byID[r.ID], ids = r, append(ids, r.ID)
	}
	return inChunks(ids, func(chunk []int64) error {
		var w where
		w.in("release_id", chunk)
		return t.each("release", func(s scanner) error {
			var relID, recID int64
			if err := s.Scan(&relID, &recID); err != nil {
				return err
			}
			byID[relID].RecordIDs = append(byID[relID].RecordIDs, recID)
			return nil
		}, "SELECT release_id, record_id FROM release_records"+w.sql()+" ORDER BY release_id, record_id", w.args...)
	})
}

// AddAcknowledgement records that the user accepted the release's advisory.
// Acknowledging again keeps the first: that is when access began.
func (t *tx) AddAcknowledgement(a *nsor.Acknowledgement) error {
	_, err := t.exec("INSERT INTO acknowledgements (release_id, user_id, at, advisory_sha256) VALUES (?, ?, ?, ?) "+
		"ON CONFLICT (release_id, user_id) DO NOTHING", a.ReleaseID, a.UserID, ms(a.At), a.AdvisorySHA256)
	return err
}

const ackCols = "release_id, user_id, at, advisory_sha256"

func scanAck(a *nsor.Acknowledgement) func(scanner) error {
	return func(s scanner) error { return s.Scan(&a.ReleaseID, &a.UserID, instant{&a.At}, &a.AdvisorySHA256) }
}

// sortAcks puts acknowledgements earliest first, then by user.
func sortAcks(acks []*nsor.Acknowledgement) {
	slices.SortFunc(acks, func(a, b *nsor.Acknowledgement) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.UserID, b.UserID))
	})
}

// Acknowledgements lists the release's acknowledgements, earliest first.
func (t *tx) Acknowledgements(releaseID int64) ([]*nsor.Acknowledgement, error) {
	return list(t, "acknowledgement", scanAck,
		"SELECT "+ackCols+" FROM acknowledgements WHERE release_id = ? ORDER BY at, user_id", releaseID)
}

// uniqueIDs drops repeated IDs, keeping order.
func uniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	var out []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
