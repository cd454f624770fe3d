package service

import (
	"cmp"
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"nsor/match"
	"slices"
	"strconv"
	"strings"
)

// SearchRegister searches the register for one suspect of a forwarded
// request (the analyst assigned; docs/rules.md#r8: never outside a forwarded request),
// by the particulars the prosecutor verified and any identifier the analyst
// adds (SearchTerms). The search, its terms as keyed hashes and the records
// it showed are recorded with the request as purpose; the records shown are
// kept with the request as what the bureau may read through it.
//
// Errors: 403 request.forbidden, request.not_assigned, auth.scope; 404
// request.not_found, suspect.not_found; 409 request.wrong_state; 422
// cnic.malformed, search.cnic_replaces_suspect, search.name_not_suspect,
// search.reason_required.
func (s *Service) SearchRegister(ctx context.Context, a *nsor.Actor, reqID, suspectID int64, terms nsor.SearchTerms) ([]nsor.Candidate, error) {
	var out []nsor.Candidate
	err := s.do(ctx, a, "register.search", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.RequestID, rec.Purpose = object("request", reqID), reqID, object("request", reqID)
		// The request's reach first: outside it the answer is "not found"
		// for every token, then the scope (an administrator's session
		// carries no register scope; docs/adr/0014-no-impersonation.md).
		r, err := s.load(tx, a, reqID, nsor.ActSearch)
		if err != nil {
			return err
		}
		if err := requireScope(a, nsor.ScopeRegisterRead); err != nil {
			return err
		}
		acc, err := suspectOf(tx, r, suspectID)
		if err != nil {
			return err
		}
		// Whom the search sought is tagged before any refusal of its terms,
		// so that an auditor asking who sought a person finds the attempt.
		q, added, err := queryFor(acc, terms)
		s.tag(rec, "cnic", string(q.CNIC))
		s.tag(rec, "name", q.NameKey)
		if err != nil {
			return err
		}
		if err := s.catchUp(tx); err != nil {
			return err
		}
		if out, err = s.candidates(tx, acc, q, added); err != nil {
			return err
		}
		detail(rec, "suspect", suspectID)
		detail(rec, "records", recordIDs(out))
		if err := s.addTerms(tx, a, r, suspectID, added, rec); err != nil {
			return err
		}
		return tx.AddSearchHits(r.ID, suspectID, candidateIDs(out))
	})
	return out, err
}

// addTerms stores an added identifier with the request and records it: the
// kinds added in clear, the values and the reason as keyed hashes.
func (s *Service) addTerms(tx nsor.Tx, a *nsor.Actor, r *nsor.Request, suspectID int64, x *nsor.AddedIdentifier, rec *auditrec.Record) error {
	if x == nil {
		return nil
	}
	x.RequestID, x.SuspectID, x.By, x.At = r.ID, suspectID, a.ID(), s.now()
	if err := tx.AddSearchTerms(x); err != nil {
		return err
	}
	var kinds []string
	if x.Name != "" {
		kinds = append(kinds, "name")
	}
	if x.CNIC != "" {
		kinds = append(kinds, "cnic")
	}
	detail(rec, "added_identifier", x.N)
	detail(rec, "added", strings.Join(kinds, ","))
	s.tag(rec, "text", x.Reason)
	return nil
}

// suspectOf returns the particulars of a suspect of r as the prosecutor
// verified them (docs/rules.md#r9), whatever the FIR says now.
func suspectOf(tx nsor.Tx, r *nsor.Request, suspectID int64) (*nsor.Accused, error) {
	for _, sp := range r.Suspects {
		if sp.ID != suspectID {
			continue
		}
		f, err := tx.FIR(r.FIRID)
		if err != nil {
			return nil, err
		}
		ps, err := particulars(tx, r, f)
		if err != nil {
			return nil, err
		}
		if acc := ps[sp.AccusedID]; acc != nil {
			return acc, nil
		}
	}
	return nil, nsor.NotFound("suspect")
}

// queryFor is the lookup for acc with the analyst's terms, and the
// identifier they add (nil when none). A CNIC is added only where the
// suspect has none (or the same); a name only as another spelling of the
// suspect's (SameSpelling); either needs a reason.
func queryFor(acc *nsor.Accused, terms nsor.SearchTerms) (nsor.OffenderQuery, *nsor.AddedIdentifier, error) {
	q := nsor.OffenderQuery{CNIC: acc.CNIC, NameKey: match.NameKey(acc.Name), Limit: 50}
	if err := nsor.CheckFields(terms); err != nil {
		return q, nil, err
	}
	x := &nsor.AddedIdentifier{Name: strings.TrimSpace(terms.Name), Reason: strings.TrimSpace(terms.Reason)}
	c, err := nsor.ParseCNIC(terms.CNIC)
	if err != nil {
		return q, nil, err
	}
	if c == "" && x.Name == "" {
		return q, nil, nil
	}
	var p nsor.Problems
	if c != "" && acc.CNIC != "" && c != acc.CNIC {
		p.Add("cnic", "search.cnic_replaces_suspect", "The suspect's CNIC is on the Annexure A the prosecutor verified; "+
			"another CNIC would search for someone else. Add a CNIC only where the suspect has none.")
	}
	if x.Name != "" && !match.SameSpelling(x.Name, acc.Name) {
		p.Add("name", "search.name_not_suspect", "A name added to a search is another spelling of the named suspect's name; "+
			"this one is someone else's. Search only for the suspects the prosecutor verified.")
	}
	if nsor.RequireReason(x.Reason) != nil {
		p.Add("reason", "search.reason_required", "Say why you add this identifier (at least a few words, at most 4000 characters); "+
			"the confirming officer sees it.")
	}
	if c != "" {
		x.CNIC, q.CNIC = c, c
	}
	if x.Name != "" {
		q.NameKey = match.NameKey(x.Name)
	}
	return q, x, p.Err()
}

// candidates explains what the search found for acc: the matching engine's
// leads from the register index (likely and possible, best first, each with
// its per-field reasons and score), then what the exact lookup q finds that
// the engine did not (explained by nsor.Explain). With an added identifier,
// a record is shown only if it agrees with the suspect's own particulars or
// bears another spelling of the suspect's name: an added CNIC that turns out
// to be someone else's shows nothing of them.
func (s *Service) candidates(tx nsor.RegisterTx, acc *nsor.Accused, q nsor.OffenderQuery, added *nsor.AddedIdentifier) ([]nsor.Candidate, error) {
	addedName := ""
	if added != nil {
		addedName = added.Name
	}
	found := s.engineCandidates(suspectPerson(acc, q.CNIC, addedName), 20)
	ranked := make([]match.Candidate, 0, len(found))
	for _, c := range found {
		ranked = append(ranked, c)
	}
	slices.SortFunc(ranked, func(a, b match.Candidate) int { return cmp.Compare(b.Score, a.Score) })
	var out []nsor.Candidate
	seen := map[int64]bool{}
	for _, c := range ranked {
		id, _ := strconv.ParseInt(c.ID, 10, 64)
		o, err := tx.Offender(id)
		if nsor.KindOf(err) == nsor.KindNotFound {
			continue
		} else if err != nil {
			return nil, err
		}
		if o.Status != nsor.RecordActive || (added != nil && !ofSuspect(acc, &o.Record)) {
			continue
		}
		seen[id] = true
		out = append(out, explainEngine(acc, o, c))
	}
	os, err := tx.SearchOffenders(q)
	if err != nil {
		return nil, err
	}
	for _, o := range os {
		if seen[o.ID] || (added != nil && !ofSuspect(acc, &o.Record)) {
			continue
		}
		out = append(out, nsor.Explain(acc, o))
	}
	if out == nil {
		out = []nsor.Candidate{}
	}
	return out, nil
}

// ofSuspect reports whether a record agrees with the suspect's own
// particulars: the CNIC on the Annexure A, or a spelling of the name.
func ofSuspect(acc *nsor.Accused, rec *nsor.OffenderRecord) bool {
	return (acc.CNIC != "" && rec.CNIC == acc.CNIC) || nsor.NameMatchesRecord(acc.Name, rec, match.SameSpelling)
}

func candidateIDs(cs []nsor.Candidate) []int64 {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.RecordID
	}
	return ids
}

func recordIDs(cs []nsor.Candidate) string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = fmt.Sprint(c.RecordID)
	}
	return strings.Join(ids, ",")
}

// RecordForRequest shows one register record to the bureau officer working a
// request: the analyst assigned while it is forwarded, or the confirming
// officer while it is answered. The read is recorded with its purpose. Only
// the records the request's searches showed, and those its answer cites,
// are within its reach (docs/rules.md#r8); any other is not found, and the attempt is
// recorded.
func (s *Service) RecordForRequest(ctx context.Context, a *nsor.Actor, reqID, recordID int64) (*nsor.Offender, error) {
	var o *nsor.Offender
	err := s.do(ctx, a, "register.read", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.RequestID, rec.Purpose = object("record", recordID), reqID, object("request", reqID)
		if err := requireScope(a, nsor.ScopeRegisterRead); err != nil {
			return err
		}
		r, err := tx.Request(reqID)
		if err != nil {
			return err
		}
		if err := nsor.Authorize(a, nsor.ActSearch, r); err != nil {
			if nsor.Authorize(a, nsor.ActConfirm, r) != nil {
				return err
			}
		}
		hits, err := tx.SearchHits(r.ID)
		if err != nil {
			return err
		}
		if !nsor.Reachable(r, hits, recordID) {
			return nsor.NotFound("record")
		}
		if o, err = tx.Offender(recordID); err != nil {
			return err
		}
		if o.Status == nsor.RecordPending {
			return nsor.NotFound("record")
		}
		return nil
	})
	return o, err
}
