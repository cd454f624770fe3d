package sqlstore

import (
	"nsor"
)

const accusedCols = "id, fir_id, name, titles, parentage, cnic, gender, address, age, dob"

// accusedJoinCols are accusedCols of the a in a LEFT JOIN, NULL read as zero.
const accusedJoinCols = "COALESCE(a.id, 0), COALESCE(a.fir_id, 0), COALESCE(a.name, ''), a.titles, a.parentage, " +
	"COALESCE(a.cnic, ''), COALESCE(a.gender, ''), COALESCE(a.address, ''), COALESCE(a.age, 0), COALESCE(a.dob, '')"

// accusedDests are where a row of accusedCols is scanned to.
func accusedDests(a *nsor.Accused) []any {
	return []any{&a.ID, &a.FIRID, &a.Name, asJSON(&a.Titles), asJSON(&a.Parentage), &a.CNIC, &a.Gender,
		&a.Address, &a.Age, &a.DOB}
}

func scanAccused(a *nsor.Accused) func(scanner) error {
	return func(s scanner) error { return s.Scan(accusedDests(a)...) }
}

// AddAccused stores a under its FIR (a.FIRID) and sets a.ID. Amending the
// accused list is its own audited act (docs/rules.md#r2); the caller records it.
func (t *tx) AddAccused(a *nsor.Accused) error {
	newID, err := t.insert("INSERT INTO accused (fir_id, name, titles, parentage, cnic, gender, address, age, dob) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		a.FIRID, a.Name, asJSON(&a.Titles), asJSON(&a.Parentage), a.CNIC, a.Gender, a.Address, a.Age, a.DOB)
	if err != nil {
		return err
	}
	a.ID = newID
	return nil
}

// UpdateAccused stores a's particulars; never its FIR.
func (t *tx) UpdateAccused(a *nsor.Accused) error {
	n, err := t.exec("UPDATE accused SET name = ?, titles = ?, parentage = ?, cnic = ?, gender = ?, address = ?, "+
		"age = ?, dob = ? WHERE id = ?",
		a.Name, asJSON(&a.Titles), asJSON(&a.Parentage), a.CNIC, a.Gender, a.Address, a.Age, a.DOB, a.ID)
	if err != nil {
		return err
	}
	if n == 0 {
		return nsor.NotFound("accused")
	}
	return nil
}

// loadAccused fills in the accused of the FIRs, a chunk of FIRs per query.
func (t *tx) loadAccused(firs []*nsor.FIR) error {
	byID := make(map[int64]*nsor.FIR, len(firs))
	ids := make([]int64, 0, len(firs))
	for _, f := range firs {
		byID[f.ID] = f
		ids = append(ids, f.ID)
		f.Accused = []nsor.Accused{}
	}
	return inChunks(ids, func(chunk []int64) error {
		var w where
		w.in("fir_id", chunk)
		return t.each("accused", func(s scanner) error {
			var a nsor.Accused
			if err := scanAccused(&a)(s); err != nil {
				return err
			}
			f := byID[a.FIRID]
			f.Accused = append(f.Accused, a)
			return nil
		}, "SELECT "+accusedCols+" FROM accused"+w.sql()+" ORDER BY fir_id, id", w.args...)
	})
}

// chunkSize keeps IN lists well under every database's parameter limit.
const chunkSize = 500

// inChunks calls fn with the IDs, chunkSize at a time.
func inChunks(ids []int64, fn func([]int64) error) error {
	for len(ids) > 0 {
		n := min(len(ids), chunkSize)
		if err := fn(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}
