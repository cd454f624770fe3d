package nsor

import (
	"context"
	"fmt"
	"strings"

	"nsor/auditrec"
)

// SearchTerms override the suspect's particulars for one search (a spelling
// the analyst suspects, an alias). Empty fields use the FIR's.
type SearchTerms struct {
	Name string `json:"name,omitempty"`
	CNIC string `json:"cnic,omitempty"`
}

// SearchRegister searches the register for one suspect of a forwarded
// request (the analyst assigned; rule 8: never outside a forwarded request).
// The search, its terms as keyed hashes and the records it showed are
// recorded with the request as purpose.
func (s *Service) SearchRegister(ctx context.Context, a *Actor, reqID, suspectID int64, terms SearchTerms) ([]Candidate, error) {
	var out []Candidate
	err := s.do(ctx, a, "register.search", func(tx Tx, rec *auditrec.Record) error {
		rec.Object, rec.RequestID, rec.Purpose = object("request", reqID), reqID, object("request", reqID)
		// The request's reach first: outside it the answer is "not found"
		// for every token, then the scope (an administrator's session
		// carries no register scope; docs/adr/0014-no-impersonation.md).
		r, err := s.load(tx, a, reqID, ActSearch)
		if err != nil {
			return err
		}
		if err := requireScope(a, ScopeRegisterRead); err != nil {
			return err
		}
		acc, err := suspectOf(tx, r, suspectID)
		if err != nil {
			return err
		}
		q, err := queryFor(acc, terms)
		if err != nil {
			return err
		}
		s.tag(rec, "cnic", string(q.CNIC))
		s.tag(rec, "name", q.NameKey)
		out, err = candidates(tx, acc, q)
		detail(rec, "records", recordIDs(out))
		return err
	})
	return out, err
}

// suspectOf returns the accused behind a suspect of r, as the FIR has it now.
func suspectOf(tx Tx, r *Request, suspectID int64) (*Accused, error) {
	for _, sp := range r.Suspects {
		if sp.ID != suspectID {
			continue
		}
		f, err := tx.FIR(r.FIRID)
		if err != nil {
			return nil, err
		}
		if acc := findAccused(f, sp.AccusedID); acc != nil {
			return acc, nil
		}
	}
	return nil, NotFound("suspect")
}

func queryFor(acc *Accused, terms SearchTerms) (OffenderQuery, error) {
	q := OffenderQuery{CNIC: acc.CNIC, NameKey: NameKey(acc.Name), Limit: 50}
	if terms.CNIC != "" {
		c, err := ParseCNIC(terms.CNIC)
		if err != nil {
			return q, err
		}
		q.CNIC = c
	}
	if strings.TrimSpace(terms.Name) != "" {
		q.NameKey = NameKey(terms.Name)
	}
	return q, nil
}

func candidates(tx Tx, acc *Accused, q OffenderQuery) ([]Candidate, error) {
	os, err := tx.SearchOffenders(q)
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, 0, len(os))
	for _, o := range os {
		out = append(out, Explain(acc, o))
	}
	return out, nil
}

func recordIDs(cs []Candidate) string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = fmt.Sprint(c.RecordID)
	}
	return strings.Join(ids, ",")
}

// RecordForRequest shows one register record to the bureau officer working a
// request: the analyst assigned while it is forwarded, or the confirming
// officer while it is answered. The read is recorded with its purpose.
func (s *Service) RecordForRequest(ctx context.Context, a *Actor, reqID, recordID int64) (*Offender, error) {
	var o *Offender
	err := s.do(ctx, a, "register.read", func(tx Tx, rec *auditrec.Record) error {
		rec.Object, rec.RequestID, rec.Purpose = object("record", recordID), reqID, object("request", reqID)
		if err := requireScope(a, ScopeRegisterRead); err != nil {
			return err
		}
		r, err := tx.Request(reqID)
		if err != nil {
			return err
		}
		if err := authorize(a, ActSearch, r); err != nil {
			if authorize(a, ActConfirm, r) != nil {
				return err
			}
		}
		if o, err = tx.Offender(recordID); err != nil {
			return err
		}
		if o.Status == RecordPending {
			return NotFound("record")
		}
		return nil
	})
	return o, err
}
