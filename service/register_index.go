package service

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"nsor"
	"nsor/match"
)

// registerIndex is this instance's in-memory index of the register's active
// records (match.Index), for the analyst's search and the registrars'
// duplicate checks. It is built from the store at start
// (BuildRegisterIndex) and follows every write of a record, this
// instance's and other instances', through the store's register change
// feed (RegisterChanges): FollowChanges reads the feed every second, and
// every search catches up first in its own transaction, so a search never
// misses a record that was committed before it began.
type registerIndex struct {
	mu  sync.Mutex // one catch-up at a time
	idx *match.Index
	seq int64 // the change sequence value the index has seen up to
}

// index returns the index and whether it is built.
func (r *registerIndex) index() (*match.Index, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.idx, r.idx != nil
}

// BuildRegisterIndex builds this instance's register index from the store:
// every active record, read in one consistent snapshot with the change
// sequence value it holds, so that following the feed from that value
// misses nothing. cmd/nsor runs it at start; until it is done the searches
// find by exact CNIC and name key only.
func (s *Service) BuildRegisterIndex(ctx context.Context) (int, error) {
	x := match.NewIndex()
	var seq int64
	n := 0
	err := s.view(ctx, func(tx nsor.Tx) error {
		var err error
		if seq, err = tx.ChangeSeq("register"); err != nil {
			return err
		}
		after := int64(0)
		for {
			os, err := tx.ActiveOffenders(after, 20000)
			if err != nil {
				return err
			}
			if len(os) == 0 {
				return nil
			}
			ps := make([]match.Person, len(os))
			for i, o := range os {
				ps[i] = personOf(o)
			}
			x.PutMany(ps, runtime.GOMAXPROCS(0)) // a record the engine cannot read is left out, not fatal
			n += len(os)
			after = os[len(os)-1].ID
		}
	})
	if err != nil {
		return 0, err
	}
	s.reg.mu.Lock()
	s.reg.idx, s.reg.seq = x, seq
	s.reg.mu.Unlock()
	return n, nil
}

// catchUp applies to the index the register's writes it has not seen, read
// in tx. Without an index it does nothing.
func (s *Service) catchUp(tx nsor.Tx) error {
	s.reg.mu.Lock()
	defer s.reg.mu.Unlock()
	if s.reg.idx == nil {
		return nil
	}
	now, err := tx.ChangeSeq("register")
	if err != nil || now <= s.reg.seq {
		return err
	}
	for s.reg.seq < now {
		cs, err := tx.RegisterChanges(s.reg.seq, 5000)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			break
		}
		for _, c := range cs {
			id := strconv.FormatInt(c.Offender.ID, 10)
			if c.Offender.Status == nsor.RecordActive {
				if s.reg.idx.Put(personOf(c.Offender)) != nil {
					s.reg.idx.Delete(id)
				}
			} else {
				s.reg.idx.Delete(id)
			}
			s.reg.seq = c.Seq
		}
	}
	return nil
}

// followRegister catches the index up in a read of its own.
func (s *Service) followRegister(ctx context.Context) error {
	if _, ok := s.reg.index(); !ok {
		return nil
	}
	return s.view(ctx, s.catchUp)
}

// personOf is a register record as the engine sees it.
func personOf(o *nsor.Offender) match.Person {
	r := &o.Record
	p := match.Person{ID: strconv.FormatInt(o.ID, 10), Name: r.Name, Aliases: r.Aliases, CNIC: string(r.CNIC),
		DOB: string(r.DOB), Gender: string(r.Gender)}
	for _, pa := range r.Parentage {
		p.Parentage = append(p.Parentage, match.Parent{Relation: strings.ToLower(pa.Relation), Name: pa.Name})
	}
	if len(r.Addresses) > 0 {
		p.District = r.Addresses[0].District
	}
	return p
}

// suspectPerson is a suspect, with any name the analyst added as another
// spelling, as the engine's query.
func suspectPerson(acc *nsor.Accused, cnic nsor.CNIC, addedName string) match.Person {
	q := match.Person{ID: "q", Name: acc.Name, CNIC: string(cnic), DOB: string(acc.DOB), Gender: string(acc.Gender)}
	if acc.Parentage != nil {
		q.Parentage = []match.Parent{{Relation: strings.ToLower(acc.Parentage.Relation), Name: acc.Parentage.Name}}
	}
	if addedName != "" {
		q.Aliases = []string{addedName}
	}
	return q
}

// engineCandidates are the index's candidates for q that are leads (not
// no_match), as record IDs with the engine's verdict.
func (s *Service) engineCandidates(q match.Person, k int) map[int64]match.Candidate {
	x, ok := s.reg.index()
	if !ok {
		return nil
	}
	out := map[int64]match.Candidate{}
	for _, c := range x.Search(q, k) {
		if c.Band == match.NoMatch {
			continue
		}
		if id, err := strconv.ParseInt(c.ID, 10, 64); err == nil {
			out[id] = c
		}
	}
	return out
}

// engineBand is the band the domain allows a candidate the engine found:
// "likely" only when the engine says so and docs/rules.md#r7 holds for the
// suspect and the record (the domain has the final say); else "possible".
func engineBand(acc *nsor.Accused, rec *nsor.OffenderRecord, c match.Candidate) nsor.Band {
	if c.Band == match.Likely && (nsor.Identifies(acc, rec, nsor.BasisCNIC, nil) == nil ||
		nsor.Identifies(acc, rec, nsor.BasisNameParentDOB, nil) == nil) {
		return nsor.BandLikely
	}
	return nsor.BandPossible
}

// explainEngine is a candidate as the analyst sees it: the engine's
// per-field reasons with their weights, which add up to the score.
func explainEngine(acc *nsor.Accused, o *nsor.Offender, c match.Candidate) nsor.Candidate {
	out := nsor.Candidate{RecordID: o.ID, Record: o.Record, Serial: o.Record.Serial(), Status: o.Status, Version: o.CurrentVersion,
		Band: engineBand(acc, &o.Record, c), Score: c.Score}
	for _, r := range c.Reasons {
		out.Why = append(out.Why, nsor.Agreement{Field: r.Field, Result: r.Level, Weight: weightWord(r.Weight), Points: r.Weight, Explain: r.Explain})
	}
	return out
}

// weightWord is a weight as the words the analyst's page has always used.
func weightWord(w float64) string {
	switch {
	case w >= 8:
		return "strong"
	case w >= 2:
		return "supporting"
	case w > 0:
		return "weak"
	case w == 0:
		return "none"
	}
	return "against"
}

// likelyDuplicates are the active records the engine finds likely to be
// the person of rec (docs/rules.md#r7 holding as for a suspect), as a
// warning for the registrar, or nil.
func (s *Service) likelyDuplicates(rec *nsor.OffenderRecord, except int64) (*nsor.Warning, []int64) {
	q := personOf(&nsor.Offender{ID: 0, Record: *rec})
	q.ID = "q"
	var ids []int64
	for id, c := range s.engineCandidates(q, 10) {
		if id == except || c.Band != match.Likely {
			continue
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	words := make([]string, len(ids))
	for i, id := range ids {
		words[i] = fmt.Sprint(id)
	}
	return &nsor.Warning{Field: "record", Code: "record.likely_duplicate",
		Message: "Register records " + strings.Join(words, ", ") + " are likely the same person (the engine's match, by CNIC or by name, parentage and date of birth); check before entering another.",
		Params:  nsor.Params{"records": strings.Join(words, ", ")}}, ids
}
