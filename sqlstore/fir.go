package sqlstore

import (
	"cmp"
	"slices"

	"nsor"
)

const firCols = "id, district_id, station_id, number, year, registered_on, sections, io_user_id, " +
	"copy_sha256, copy_type, copy_size, victim, version, created_by, created_at"

// firDests are where a row of firCols is scanned to, and what to do after:
// the copy is three columns, NULL when there is none.
func firDests(f *nsor.FIR) ([]any, func()) {
	var sha *string
	var ref nsor.BlobRef
	return []any{&f.ID, &f.DistrictID, &f.StationID, &f.Number, &f.Year, &f.RegisteredOn, asJSON(&f.Sections),
			&f.IOUserID, &sha, &ref.Type, &ref.Size, asJSON(&f.Victim), &f.Version, &f.CreatedBy, instant{&f.CreatedAt}},
		func() {
			f.Copy = nil
			if sha != nil {
				ref.SHA256 = *sha
				f.Copy = &ref
			}
		}
}

// scanFIR reads an FIR row.
func scanFIR(f *nsor.FIR) func(scanner) error {
	return func(s scanner) error {
		dests, done := firDests(f)
		err := s.Scan(dests...)
		done()
		return err
	}
}

// copyCols returns the column values of an FIR's copy.
func copyCols(c *nsor.BlobRef) (sha any, typ string, size int64) {
	if c == nil {
		return nil, "", 0
	}
	return c.SHA256, c.Type, c.Size
}

func firDuplicate(err error, t *tx) error {
	return t.conflict(err, "fir.duplicate",
		"This FIR (police station, number and year) has been entered already.")
}

// CreateFIR stores f and its accused, setting their IDs.
func (t *tx) CreateFIR(f *nsor.FIR) error {
	sha, typ, size := copyCols(f.Copy)
	newID, err := t.insertUnique("INSERT INTO firs (district_id, station_id, number, year, registered_on, sections, io_user_id, "+
		"copy_sha256, copy_type, copy_size, victim, version, created_by, created_at) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		f.DistrictID, f.StationID, f.Number, f.Year, f.RegisteredOn, asJSON(&f.Sections), f.IOUserID,
		sha, typ, size, asJSON(&f.Victim), f.Version, f.CreatedBy, ms(f.CreatedAt))
	if err != nil {
		return firDuplicate(err, t)
	}
	f.ID = newID
	for i := range f.Accused {
		f.Accused[i].FIRID = newID
		if err := t.AddAccused(&f.Accused[i]); err != nil {
			return err
		}
	}
	return nil
}

// UpdateFIR stores f's fields, not its accused, if the stored version is
// prevVersion.
func (t *tx) UpdateFIR(f *nsor.FIR, prevVersion int) error {
	sha, typ, size := copyCols(f.Copy)
	n, err := t.execMayConflict("UPDATE firs SET district_id = ?, station_id = ?, number = ?, year = ?, registered_on = ?, "+
		"sections = ?, io_user_id = ?, copy_sha256 = ?, copy_type = ?, copy_size = ?, victim = ?, version = ? "+
		"WHERE id = ? AND version = ?",
		f.DistrictID, f.StationID, f.Number, f.Year, f.RegisteredOn, asJSON(&f.Sections), f.IOUserID,
		sha, typ, size, asJSON(&f.Victim), f.Version, f.ID, prevVersion)
	if err != nil {
		return firDuplicate(err, t)
	}
	if n == 0 {
		return t.staleOrMissing("fir", "SELECT 1 FROM firs WHERE id = ?", f.ID)
	}
	return nil
}

// staleOrMissing tells a stale version from a missing row, after an update
// matched nothing.
func (t *tx) staleOrMissing(noun, q string, id int64) error {
	ok, err := t.exists(q, id)
	switch {
	case err != nil:
		return err
	case !ok:
		return nsor.NotFound(noun)
	}
	return stale(noun)
}

// firSQL reads an FIR and its accused in one statement, in no order (as
// requestSQL); firOfRequestSQL the FIR of a request.
var (
	firSQL = "SELECT " + qualified("f", firCols) + ", " + accusedJoinCols +
		" FROM firs f LEFT JOIN accused a ON a.fir_id = f.id WHERE f.id = ?"
	firOfRequestSQL = "SELECT " + qualified("f", firCols) + ", " + accusedJoinCols +
		" FROM firs f LEFT JOIN accused a ON a.fir_id = f.id WHERE f.id = (SELECT fir_id FROM requests WHERE id = ?)"
)

// FIR returns the FIR with its accused.
func (t *tx) FIR(id int64) (*nsor.FIR, error) {
	f := &nsor.FIR{}
	rd, done := firRead(f, firSQL, id)
	if err := t.readAll(rd); err != nil {
		return nil, err
	}
	done()
	return f, nil
}

// firRead is the read of an FIR and its accused (firSQL's columns) into f,
// and what to do once it is read.
func firRead(f *nsor.FIR, q string, args ...any) (*read, func()) {
	f.Accused = []nsor.Accused{}
	dests, done := firDests(f)
	rd := withChildren("fir", dests, func() ([]any, func()) {
		var a nsor.Accused
		return accusedDests(&a), func() {
			if a.ID != 0 {
				f.Accused = append(f.Accused, a)
			}
		}
	}, q, args...)
	return rd, func() {
		done()
		slices.SortFunc(f.Accused, func(a, b nsor.Accused) int { return cmp.Compare(a.ID, b.ID) })
	}
}

// FIRs lists the FIRs f selects, newest first, with their accused.
func (t *tx) FIRs(f nsor.FIRFilter) ([]*nsor.FIR, error) {
	var w where
	if f.IOUserID != 0 {
		w.add("io_user_id = ?", f.IOUserID)
	}
	if f.DistrictID != 0 {
		w.add("district_id = ?", f.DistrictID)
	}
	if f.BeforeID != 0 {
		w.add("id < ?", f.BeforeID)
	}
	q := "SELECT " + firCols + " FROM firs" + w.sql() + " ORDER BY id DESC"
	q += w.limit(f.Limit)
	out, err := list(t, "fir", scanFIR, q, w.args...)
	if err != nil {
		return nil, err
	}
	return out, t.loadAccused(out)
}
