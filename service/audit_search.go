package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"nsor/match"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxAuditResults bounds one page of a search.
const maxAuditResults = 1000

// console reports whether a is the operator at the server's console (the
// nsor command, with the database and the keys at hand), who may search the
// audit trail as an auditor does; the search is recorded as theirs.
func console(a *nsor.Actor) bool { return a.AtConsole() && a.User == nil }

// requireAuditReader allows auditors whose token may read the audit trail,
// and the console.
func requireAuditReader(a *nsor.Actor) error {
	if console(a) {
		return nil
	}
	if err := requireRole(a, nsor.RoleAuditor); err != nil {
		return err
	}
	return requireScope(a, nsor.ScopeAuditRead)
}

// SearchAudit lets an auditor (or the console) search the audit trail by
// user, request, action, object, tag, disclosure or register record; the
// search is recorded. Refusals: auth.forbidden, auth.scope,
// disclosure.malformed, audit.filter_conflict.
func (s *Service) SearchAudit(ctx context.Context, a *nsor.Actor, q nsor.AuditQuery) ([]*nsor.AuditEntry, error) {
	if err := nsor.CheckFields(q); err != nil { // before its text reaches the record
		return nil, s.refused(ctx, s.record(a, "audit.search"), err)
	}
	note := func(rec *auditrec.Record) {
		for k, v := range map[string]int64{"filter_actor": q.ActorID, "filter_request": q.RequestID, "filter_record": q.RecordID} {
			if v != 0 {
				detail(rec, k, v)
			}
		}
		for k, v := range map[string]string{"filter_action": q.Action, "filter_object": q.Object, "filter_disclosure": q.Disclosure} {
			if v != "" {
				detail(rec, k, v)
			}
		}
		if len(q.MAC) > 0 {
			detail(rec, "filter_mac", fmt.Sprintf("%x", q.MAC))
		}
	}
	return s.auditSearch(ctx, a, "audit.search", note, func(tx nsor.Tx) ([]*nsor.AuditEntry, error) {
		if err := requireAuditReader(a); err != nil {
			return nil, err
		}
		return s.searchAudit(tx, q)
	})
}

func (s *Service) searchAudit(tx nsor.Tx, q nsor.AuditQuery) ([]*nsor.AuditEntry, error) {
	f := q.AuditFilter
	if f.Limit <= 0 || f.Limit > maxAuditResults {
		f.Limit = maxAuditResults
	}
	if q.Disclosure != "" {
		if q.Object != "" || q.RecordID != 0 {
			return nil, nsor.Invalid("disclosure", "audit.filter_conflict", "Search by one object at a time: a disclosure, a register record or an object.")
		}
		rel, err := releaseByNumber(tx, "disclosure", q.Disclosure)
		if nsor.KindOf(err) == nsor.KindNotFound {
			return []*nsor.AuditEntry{}, nil // no such disclosure: nothing was done to it
		} else if err != nil {
			return nil, err
		}
		f.Object = object("release", rel.ID)
	}
	if q.RecordID == 0 {
		return tx.AuditRecords(f)
	}
	if q.Object != "" {
		return nil, nsor.Invalid("record", "audit.filter_conflict", "Search by one object at a time: a disclosure, a register record or an object.")
	}
	return recordTrail(tx, f, q.RecordID)
}

// releaseByNumber finds a release by its disclosure number: KindNotFound
// when no release has it.
func releaseByNumber(tx nsor.RequestTx, field, number string) (*nsor.Release, error) {
	n, reqID, err := nsor.ParseDisclosureNumber(field, number)
	if err != nil {
		return nil, err
	}
	rel, err := tx.ReleaseOf(reqID)
	if err != nil {
		return nil, err
	}
	if rel.Number != n {
		return nil, nsor.NotFound("disclosure")
	}
	return rel, nil
}

// recordTrail gathers what touched a register record: the acts whose object
// it is, the releases holding it, and the searches that showed it among
// their candidates (their "records" detail). Each source gives at most
// f.Limit records after f.AfterID, so their union, in ID order and cut to
// f.Limit, is the true first page.
func recordTrail(tx nsor.Tx, f nsor.AuditFilter, recordID int64) ([]*nsor.AuditEntry, error) {
	objects := []string{object("record", recordID)}
	rels, err := tx.ReleasesOfRecord(recordID)
	if err != nil {
		return nil, err
	}
	for _, rel := range rels {
		objects = append(objects, object("release", rel.ID))
	}
	byID := map[int64]*nsor.AuditEntry{}
	for _, o := range objects {
		g := f
		g.Object = o
		es, err := tx.AuditRecords(g)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			byID[e.ID] = e
		}
	}
	if f.Action == "" || f.Action == "register.search" {
		if err := searchesShowing(tx, f, recordID, byID); err != nil {
			return nil, err
		}
	}
	out := make([]*nsor.AuditEntry, 0, len(byID))
	for _, e := range byID {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *nsor.AuditEntry) int { return int(a.ID - b.ID) })
	return out[:min(len(out), f.Limit)], nil
}

// searchesShowing adds the register searches whose candidates included the
// record, paging through the searches until f.Limit are found.
func searchesShowing(tx nsor.AuditTx, f nsor.AuditFilter, recordID int64, into map[int64]*nsor.AuditEntry) error {
	g := f
	g.Action = "register.search"
	want := strconv.FormatInt(recordID, 10)
	for found := 0; found < f.Limit; {
		es, err := tx.AuditRecords(g)
		if err != nil || len(es) == 0 {
			return err
		}
		for _, e := range es {
			if showed(e.Record, want) && found < f.Limit {
				into[e.ID] = e
				found++
			}
		}
		g.AfterID = es[len(es)-1].ID
	}
	return nil
}

// showed reports whether a search's record lists the record among its
// candidates.
func showed(r *auditrec.Record, id string) bool {
	for _, d := range r.Details {
		if d.Key == "records" && slices.Contains(strings.Split(d.Value, ","), id) {
			return true
		}
	}
	return false
}

// WhoSought answers who sought a person or an FIR, and when: the records
// holding the identifier's tag under any key version. The query is
// recorded with the tags alone. Refusals: audit.identifier_required,
// cnic.malformed, cnic.unknown_province, audit.cnic_placeholder,
// audit.name_empty, fir.number_required, fir.year_invalid,
// audit.station_unknown, auth.forbidden, auth.scope.
func (s *Service) WhoSought(ctx context.Context, a *nsor.Actor, q nsor.IdentifierQuery) ([]*nsor.AuditEntry, error) {
	var tags []nsor.IdentifierTag
	note := func(rec *auditrec.Record) {
		for _, t := range tags {
			rec.Identifiers = append(rec.Identifiers, auditrec.Identifier{Kind: t.Kind, KeyVersion: t.KeyVersion, MAC: t.MAC})
		}
	}
	return s.auditSearch(ctx, a, "audit.who", note, func(tx nsor.Tx) ([]*nsor.AuditEntry, error) {
		kind, value, err := s.identifier(tx, q)
		if cerr := nsor.CheckFields(q); cerr != nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
		tags = s.ids.TagAll(kind, value)
		// Checked once the tags are known, so that a refused attempt records
		// whom it sought: an officer probing who looked for a person is
		// itself a lead for the vigilance cell.
		if err := requireAuditReader(a); err != nil {
			return nil, err
		}
		// Whether a person was sought tells whether they are a suspect: an
		// auditor asks in person, never through a service account, whose
		// token one administrator holds (docs/adr/0014-no-impersonation.md).
		if a.User.IsService() {
			return nil, nsor.Errorf(nsor.KindForbidden, "auth.forbidden", "Who sought a person is asked by an auditor in person, not by a machine client.")
		}
		f := nsor.AuditFilter{AfterID: q.AfterID, Limit: q.Limit}
		if f.Limit <= 0 || f.Limit > maxAuditResults {
			f.Limit = maxAuditResults
		}
		for _, t := range tags {
			f.MACs = append(f.MACs, t.MAC[:])
		}
		return tx.AuditRecords(f)
	})
}

// identifier validates the query and returns the kind and the value as the
// acts tag them: a CNIC's 13 digits, a name's NameKey, an FIR's
// station/number/year.
func (s *Service) identifier(tx nsor.Tx, q nsor.IdentifierQuery) (string, string, error) {
	given := 0
	for _, ok := range []bool{q.CNIC != "", q.Name != "", q.FIR != nil} {
		if ok {
			given++
		}
	}
	if given != 1 {
		return "", "", nsor.Invalid("cnic", "audit.identifier_required", "Give exactly one of a CNIC, a name or an FIR number.")
	}
	switch {
	case q.CNIC != "":
		c, err := nsor.ParseCNIC(q.CNIC)
		if err == nil && c == "" {
			err = nsor.Invalid("cnic", "audit.cnic_placeholder", "A CNIC of one repeated digit is a placeholder; it is never recorded, so there is nothing to find.")
		}
		return "cnic", string(c), err
	case q.Name != "":
		key := match.NameKey(q.Name)
		if key == "" {
			return "", "", nsor.Invalid("name", "audit.name_empty", "Give a name with at least one letter.")
		}
		return "name", key, nil
	}
	return s.firIdentifier(tx, *q.FIR)
}

// firIdentifier checks an FIR number and returns its tagged form.
func (s *Service) firIdentifier(tx nsor.Tx, in nsor.FIRNumber) (string, string, error) {
	var p nsor.Problems
	f := &nsor.FIR{StationID: in.StationID, Number: strings.TrimSpace(in.Number), Year: in.Year}
	if f.Number == "" || utf8.RuneCountInString(f.Number) > 20 {
		p.Add("fir.number", "fir.number_required", "Give the FIR number as on the FIR (at most 20 characters).")
	}
	if in.Year < 1947 || in.Year > s.now().Year() {
		p.Add("fir.year", "fir.year_invalid", fmt.Sprintf("The FIR year is between 1947 and %d.", s.now().Year()))
	}
	j, err := tx.Jurisdiction(in.StationID)
	if nsor.KindOf(err) == nsor.KindNotFound || (err == nil && j.Kind != nsor.KindStation) {
		p.Add("fir.station_id", "audit.station_unknown", "Give the police station the FIR was registered at.")
	} else if err != nil {
		return "", "", err
	}
	return "fir_number", firKey(f), p.Err()
}

// auditSearch runs a search, which authorises itself, in a snapshot and
// then records it; note adds what the search was for (never a clear
// identifier). A refusal is recorded with what note knows by then.
func (s *Service) auditSearch(ctx context.Context, a *nsor.Actor, action string, note func(*auditrec.Record),
	search func(nsor.Tx) ([]*nsor.AuditEntry, error)) ([]*nsor.AuditEntry, error) {
	var out []*nsor.AuditEntry
	err := s.view(ctx, func(tx nsor.Tx) error {
		var err error
		out, err = search(tx)
		return err
	})
	if err != nil {
		if nsor.IsFault(err) {
			return nil, err
		}
		rec := s.record(a, action)
		note(rec)
		return nil, s.refused(ctx, rec, err)
	}
	err = s.do(ctx, a, action, func(tx nsor.Tx, rec *auditrec.Record) error {
		note(rec)
		detail(rec, "results", len(out))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []*nsor.AuditEntry{}
	}
	return out, nil
}
