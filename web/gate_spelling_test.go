package web_test

import (
	"net/http"
	"testing"

	"nsor"
)

// TestGateAddedNameNarrowsNothing: an added name is the suspect's own name
// written another way, never a part of it nor more than it. The suspect is
// "Muhammad Ali Khan Tarqeel"; "Ali Tarqeel" (common parts and one
// distinctive) and "Tarqeel Gujjar" are other people, whose records the
// analyst must not reach through this request (docs/adr/0013-request-reach.md).
func TestGateAddedNameNarrowsNothing(t *testing.T) {
	g := newGateWith(t, func(in *nsor.FIRInput) { in.Accused[0].Name = "Muhammad Ali Khan Tarqeel" }, "assign")
	maker, checker := g.e.login(g.c.registrar1), g.e.login(g.c.registrar2)
	var others []int64
	for i, name := range []string{"Ali Tarqeel", "Tarqeel", "Muhammad Ali Khan Tarqeel Gujjar"} {
		rec := strangerRecord()
		rec.Name, rec.CNIC = name, []string{"97777-3333333-1", "97777-4444444-3", "97777-5555555-5"}[i]
		others = append(others, enterRecord(t, g.e, maker, checker, rec))
	}
	why := "The record may spell the suspect's name this way (synthetic)."
	for _, name := range []string{"Ali Tarqeel", "Tarqeel", "Muhammad Ali Khan Tarqeel Gujjar"} {
		var cands []nsor.Candidate
		err := g.search(map[string]any{"name": name, "reason": why}, &cands)
		problem(t, "search with the added name "+name, err, http.StatusUnprocessableEntity, "search.name_not_suspect")
		if len(cands) != 0 {
			t.Errorf("Search(name %q) showed %+v, want nothing", name, cands)
		}
	}
	for _, id := range others {
		problem(t, "read another person's record", g.readRecord(g.a1, id), http.StatusNotFound, "record.not_found")
	}
	// Another spelling of the whole name is still accepted.
	if err := g.search(map[string]any{"name": "Mohd Aly Khaan Tarqeel", "reason": why}, nil); err != nil {
		t.Errorf("Search(a spelling of the whole name): %v", err)
	}
}

// TestGateAddedCNICShowsOnlyTheSuspect: a CNIC added to a suspect who has
// none shows a record only if its name is a spelling of the suspect's whole
// name; a record with common parts of it and one distinctive part is
// another person's.
func TestGateAddedCNICShowsOnlyTheSuspect(t *testing.T) {
	g := newGateWith(t, func(in *nsor.FIRInput) {
		in.Accused[0].Name, in.Accused[0].CNIC = "Muhammad Ali Khan Tarqeel", ""
	}, "assign")
	maker, checker := g.e.login(g.c.registrar1), g.e.login(g.c.registrar2)
	rec := strangerRecord()
	rec.Name, rec.CNIC = "Ali Tarqeel", "97777-3333333-1"
	other := enterRecord(t, g.e, maker, checker, rec)
	var cands []nsor.Candidate
	if err := g.search(map[string]any{"cnic": rec.CNIC, "reason": "CNIC read off page 2 of the FIR copy (synthetic)."}, &cands); err != nil {
		t.Fatalf("Search(added CNIC): %v", err)
	}
	for _, c := range cands {
		if c.RecordID == other {
			t.Errorf("Search(added CNIC) showed record %d of %q, another person", other, rec.Name)
		}
	}
	problem(t, "read the other person's record", g.readRecord(g.a1, other), http.StatusNotFound, "record.not_found")
}
