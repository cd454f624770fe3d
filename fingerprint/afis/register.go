package afis

import (
	"math"
	"sort"
	"sync"

	"nsor/fingerprint"
)

// RegisterIndex is the register's fingerprints for 1:N search: each record's
// fingers under the reference of its stored sample, in one gallery Index per
// finger position (a right thumb is searched among right thumbs only), with
// the fingers kept beside them so that every candidate a gallery proposes is
// verified finger by finger (Verify) against the record's whole set. Put
// replaces a record's fingers and Delete removes them; a removed record's
// gallery entries are left out of every result and dropped when their
// gallery is rebuilt (once they outnumber the live ones). Put and Delete may
// run concurrently with Search.
type RegisterIndex struct {
	mu        sync.RWMutex
	galleries [11]gallery // by finger position, 1-10
	recs      map[int64]*registerRecord
	targetFMR float64
}

// gallery is the fingers of one position.
type gallery struct {
	ix      *Index
	entries []int64 // gallery entry -> record ID, 0 once dropped
	dead    int
}

type registerRecord struct {
	ref     string
	fingers []Finger
	entries []int // fingers[i]'s entry in the gallery of its position
}

// RegisterCandidate is a record a register search found: its verification
// against the probe (fingers ranked, fused false-match rate, whether it is at
// or below the target). It is a lead for an examiner, never an
// identification.
type RegisterCandidate struct {
	RecordID int64
	Ref      string
	Verification
	// Score is the highest finger score of the verification.
	Score float64
}

// NewRegisterIndex returns an empty index whose candidates are those whose
// fused false-match rate is at most targetFMR (docs/fingerprints.md states
// 1e-4).
func NewRegisterIndex(targetFMR float64) *RegisterIndex {
	r := &RegisterIndex{recs: map[int64]*registerRecord{}, targetFMR: targetFMR}
	for p := range r.galleries {
		r.galleries[p].ix = NewIndex()
	}
	return r
}

// TargetFMR is the fused false-match rate at or below which a record is a
// candidate.
func (r *RegisterIndex) TargetFMR() float64 { return r.targetFMR }

// Len is the number of records held.
func (r *RegisterIndex) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.recs)
}

// Put holds fingers as record id's, under its sample reference ref,
// replacing what the record had. Each finger needs its position (1-10,
// once): a register record's tenprint says which finger is which. Nothing
// is changed when a finger is refused.
func (r *RegisterIndex) Put(id int64, ref string, fingers []Finger) error {
	if id <= 0 {
		return refuse(CodeBadTemplate, "record %d: a register record's ID is positive", id)
	}
	if len(fingers) == 0 {
		return refuse(CodeBadTemplate, "record %d: no finger to index", id)
	}
	prepared := make([]*Prepared, len(fingers))
	seen := map[int]bool{}
	for i, f := range fingers {
		p := int(f.Template.Position)
		if p < 1 || p > 10 || seen[p] {
			return refuse(CodeBadTemplate, "record %d finger %d: position %d is not one of 1-10 given once", id, i+1, p)
		}
		seen[p] = true
		var err error
		if prepared[i], err = Prepare(f.Template); err != nil {
			return err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.drop(id)
	rec := &registerRecord{ref: ref, fingers: append([]Finger(nil), fingers...)}
	for i, p := range prepared {
		g := &r.galleries[fingers[i].Template.Position]
		rec.entries = append(rec.entries, g.ix.AddPrepared(p))
		g.entries = append(g.entries, id)
	}
	r.recs[id] = rec
	r.compact()
	return nil
}

// Delete removes record id's fingers (a removal, or a record no longer
// active).
func (r *RegisterIndex) Delete(id int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.drop(id)
	r.compact()
}

// drop marks id's entries dead. r.mu is held.
func (r *RegisterIndex) drop(id int64) {
	rec := r.recs[id]
	if rec == nil {
		return
	}
	for i, e := range rec.entries {
		g := &r.galleries[rec.fingers[i].Template.Position]
		g.entries[e] = 0
		g.dead++
	}
	delete(r.recs, id)
}

// compact rebuilds each gallery whose dead entries outnumber its live ones
// from the live records. r.mu is held.
func (r *RegisterIndex) compact() {
	for pos := range r.galleries {
		g := &r.galleries[pos]
		if g.dead <= len(g.entries)-g.dead || g.dead < 64 {
			continue
		}
		ix := NewIndex()
		entries := make([]int64, 0, len(g.entries)-g.dead)
		for id, rec := range r.recs {
			for i, f := range rec.fingers {
				if int(f.Template.Position) != pos {
					continue
				}
				p, err := Prepare(f.Template)
				if err != nil {
					continue // Put prepared it once: it cannot fail now
				}
				rec.entries[i] = ix.AddPrepared(p)
				entries = append(entries, id)
			}
		}
		g.ix, g.entries, g.dead = ix, entries, 0
	}
}

// Search searches the gallery of each probe finger's position with it, verifies every record
// the gallery proposes against the whole probe (Verify, with the
// calibration CalibrationFor says for the probe and the record's fingers:
// the images' when either side's minutiae were extracted here), and returns
// the records at or below the target fused false-match rate, lowest rate
// first. Each probe finger needs its position: a finger of unknown
// position (a latent) is refused, not guessed.
func (r *RegisterIndex) Search(probe []Finger) ([]RegisterCandidate, error) {
	if len(probe) == 0 {
		return nil, refuse(CodeBadTemplate, "the probe has no finger")
	}
	prepared := make([]*Prepared, len(probe))
	for i, f := range probe {
		if p := f.Template.Position; p < 1 || p > 10 {
			return nil, refuse(CodeBadTemplate, "probe finger %d has position %d: a register search needs each finger's position (1-10)", i+1, p)
		}
		var err error
		if prepared[i], err = Prepare(f.Template); err != nil {
			return nil, err
		}
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	proposed := map[int64]bool{}
	for i, p := range prepared {
		g := &r.galleries[probe[i].Template.Position]
		for _, c := range g.ix.SearchPrepared(p, SearchOptions{Limit: 50}) {
			if id := g.entries[c.Entry]; id != 0 {
				proposed[id] = true
			}
		}
	}
	var out []RegisterCandidate
	pt := templates(probe)
	for id := range proposed {
		rec := r.recs[id]
		v, err := Verify(pt, templates(rec.fingers), calibrationOf(probe, rec.fingers), r.targetFMR)
		if err != nil {
			if CodeOf(err) == CodeBadTemplate {
				continue // no finger position in common
			}
			return nil, err
		}
		if !v.MeetsThreshold {
			continue
		}
		best := math.Inf(-1)
		for _, f := range v.Fingers {
			best = max(best, f.Score)
		}
		out = append(out, RegisterCandidate{RecordID: id, Ref: rec.ref, Verification: v, Score: best})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].FusedFMR != out[j].FusedFMR {
			return out[i].FusedFMR < out[j].FusedFMR
		}
		return out[i].RecordID < out[j].RecordID
	})
	return out, nil
}

func templates(fs []Finger) []fingerprint.Template {
	out := make([]fingerprint.Template, len(fs))
	for i, f := range fs {
		out[i] = f.Template
	}
	return out
}

// calibrationOf is the calibration for a probe against a record: the
// images' when any finger of either was extracted here.
func calibrationOf(a, b []Finger) *Calibration {
	for _, f := range append(append([]Finger(nil), a...), b...) {
		if f.Extracted {
			return CalibrationImages()
		}
	}
	return CalibrationISO()
}
