package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"nsor"
)

// The rules docs/rules.md#r9 and docs/rules.md#r8 at the service level, against the real
// store the server uses (web/gate_test.go makes the same attacks through
// the API).

// actor is u acting at the service directly, as the console would.
func (e *env) actor(u *testUser) *nsor.Actor {
	e.t.Helper()
	var j *nsor.Jurisdiction
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		var err error
		j, err = tx.Jurisdiction(u.JurisdictionID)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return &nsor.Actor{User: u.User, Jurisdiction: j, Source: "test"}
}

// wantCode asserts that err is an *nsor.Error of kind and code.
func wantCode(t *testing.T, call string, err error, kind nsor.ErrorKind, code string) *nsor.Error {
	t.Helper()
	var ne *nsor.Error
	if !errors.As(err, &ne) || ne.Kind != kind || ne.Code != code {
		t.Fatalf("%s = %v, want %s", call, err, code)
	}
	return ne
}

// storedFIR reads the FIR as the store holds it.
func (g *gate) storedFIR() *nsor.FIR {
	var f *nsor.FIR
	if err := g.e.db.View(g.e.ctx, func(tx nsor.Tx) error {
		var err error
		f, err = tx.FIR(g.fir.ID)
		return err
	}); err != nil {
		g.e.t.Fatal(err)
	}
	return f
}

var stranger = nsor.AccusedInput{Name: "Baktawar Sohrabzai", CNIC: "97777-2222222-5", Gender: "male",
	Parentage: &nsor.Parentage{Relation: "S/O", Name: "Nadir Sohrabzai"}, Address: "House 1, Synthetic Town", Age: 47}

// TestGateFreezeRefusals: while a request is submitted or forwarded its
// suspect's particulars and the FIR copy cannot change; the refusal names
// the request and nothing is written. An accused outside the request, and a
// new accused, may still be entered.
func TestGateFreezeRefusals(t *testing.T) {
	for _, until := range []string{"submit", "forward"} {
		t.Run(until, func(t *testing.T) {
			g := newGateWith(t, nil, until)
			io, before := g.e.actor(g.c.io1), g.storedFIR()
			_, _, err := g.e.svc.AmendAccused(g.e.ctx, io, g.fir.ID, g.fir.Accused[0].ID, 0, stranger, "Corrected from the case diary.")
			ne := wantCode(t, "AmendAccused(suspect of an open request)", err, nsor.KindConflict, "fir.accused_frozen")
			if ne.Ref != "request/"+itoa(g.id) {
				t.Errorf("AmendAccused refusal names %q, want request/%d", ne.Ref, g.id)
			}
			_, err = g.e.svc.PutFIRCopy(g.e.ctx, io, g.fir.ID, 0, append(slices.Clone(samplePDF), '\n'))
			wantCode(t, "PutFIRCopy(open request)", err, nsor.KindConflict, "fir.copy_frozen")
			after := g.storedFIR()
			if after.Version != before.Version || after.Copy.SHA256 != before.Copy.SHA256 || after.Accused[0].Name != before.Accused[0].Name {
				t.Errorf("FIR after refusals = version %d, copy %s, accused %q; want it unchanged", after.Version, after.Copy.SHA256, after.Accused[0].Name)
			}
			other := g.fir.Accused[1]
			in := nsor.AccusedInput{Name: other.Name, CNIC: string(other.CNIC), Gender: "male", Parentage: other.Parentage, Address: "Village 10 (synthetic)"}
			if _, _, err := g.e.svc.AmendAccused(g.e.ctx, io, g.fir.ID, other.ID, 0, in, "New address from the case diary."); err != nil {
				t.Errorf("AmendAccused(accused outside the request) = %v, want nil", err)
			}
			if _, _, err := g.e.svc.AddAccused(g.e.ctx, io, g.fir.ID, 0, stranger, "Named in a supplementary statement."); err != nil {
				t.Errorf("AddAccused = %v, want nil", err)
			}
		})
	}
}

// TestGateReturnedIsNotFrozen: a returned request goes back to the
// prosecutor when resubmitted, so its particulars may be corrected; the new
// submission carries them.
func TestGateReturnedIsNotFrozen(t *testing.T) {
	g := newGateWith(t, nil, "submit")
	g.step(g.dpp, "return", map[string]any{"reason": "The suspect's age disagrees with the FIR copy.", "failed_items": []string{"fir_copy_matches"}})
	io := g.e.actor(g.c.io1)
	in := firInput(g.e).Accused[0]
	in.Age = 39
	if _, _, err := g.e.svc.AmendAccused(g.e.ctx, io, g.fir.ID, g.fir.Accused[0].ID, 0, in, "Age corrected from the FIR copy."); err != nil {
		t.Fatalf("AmendAccused(returned request) = %v, want nil", err)
	}
	if _, err := g.e.svc.PutFIRCopy(g.e.ctx, io, g.fir.ID, 0, append(slices.Clone(samplePDF), '\n')); err != nil {
		t.Fatalf("PutFIRCopy(returned request) = %v, want nil", err)
	}
	g.step(g.io, "resubmit", map[string]any{"clarification": "The age is corrected and a clearer copy attached."})
	page, err := g.e.svc.Submissions(g.e.ctx, g.e.actor(g.c.dpp), g.id, nsor.Page{})
	subs := page.Items
	if err != nil || len(subs) != 2 {
		t.Fatalf("Submissions = %d, %v; want 2", len(subs), err)
	}
	var ann nsor.AnnexureA
	if err := json.Unmarshal(subs[1].Annexure, &ann); err != nil || ann.Suspects[0].Age != 39 {
		t.Errorf("resubmitted Annexure A suspect = %+v, %v; want age 39", ann.Suspects, err)
	}
}

// TestGateBureauWorksFromAnnexure: defence in depth. Should the FIR change
// under a forwarded request by some path that skips the service's refusal
// (here, the store written directly), the bureau still searches, answers,
// views and releases the person the prosecutor verified, and the FIR copy
// served is the one submitted.
func TestGateBureauWorksFromAnnexure(t *testing.T) {
	g := newGate(t)
	forged := append(slices.Clone(samplePDF), []byte("% ANOTHER FIR\n")...)
	err := g.e.db.Update(g.e.ctx, func(tx nsor.Tx) error {
		f, err := tx.FIR(g.fir.ID)
		if err != nil {
			return err
		}
		acc := f.Accused[0]
		acc.Name, acc.CNIC, acc.Parentage = stranger.Name, "9777722222225", stranger.Parentage
		if err := tx.UpdateAccused(&acc); err != nil {
			return err
		}
		b := &nsor.Blob{BlobRef: nsor.BlobRef{SHA256: sha256Of(forged), Type: "application/pdf", Size: int64(len(forged))}, Data: forged}
		if err := tx.PutBlob(b); err != nil {
			return err
		}
		f.Copy = &b.BlobRef
		f.Version++
		return tx.UpdateFIR(f, f.Version-1)
	})
	if err != nil {
		t.Fatal(err)
	}
	an := g.e.actor(g.c.analyst1)
	cands, err := g.e.svc.SearchRegister(g.e.ctx, an, g.id, g.suspect, nsor.SearchTerms{})
	if err != nil || len(cands) != 1 || cands[0].RecordID != g.record {
		t.Fatalf("SearchRegister = %+v, %v; want the verified suspect's record %d only", cands, err, g.record)
	}
	b, _, err := g.e.svc.FIRCopy(g.e.ctx, an, g.id)
	if err != nil || !bytes.Equal(b.Data, samplePDF) {
		t.Errorf("FIRCopy = %v; want the copy submitted", err)
	}
	v, err := g.e.svc.Request(g.e.ctx, an, g.id)
	if err != nil || len(v.SuspectViews) != 1 || v.SuspectViews[0].Accused.Name != g.fir.Accused[0].Name {
		t.Errorf("analyst's view of the suspect = %+v, %v; want %q as verified", v, err, g.fir.Accused[0].Name)
	}
	g.step(g.a1, "answer", map[string]any{"outcomes": []map[string]any{
		{"suspect_id": g.suspect, "outcome": "record_found", "record_id": g.record, "basis": "cnic"}}})
	g.step(g.a2, "confirm", map[string]any{})
	g.step(g.dpp, "release", map[string]any{})
	g.step(g.io, "acknowledge", map[string]any{"accept_advisory": true})
	rel, err := g.io.ReadRelease(g.e.ctx, g.id)
	if err != nil || rel.Content.Suspects[0].Accused.Name != g.fir.Accused[0].Name {
		t.Errorf("released suspect = %+v, %v; want %q as verified", rel, err, g.fir.Accused[0].Name)
	}
}

// TestGateAddedCNICCompletes: where the Annexure A gives no CNIC the analyst
// may add one, with a reason; a record it finds whose name is not the
// suspect's is not shown and stays out of reach.
func TestGateAddedCNICCompletes(t *testing.T) {
	g := newGateWith(t, func(in *nsor.FIRInput) { in.Accused[0].CNIC = "" }, "assign")
	an := g.e.actor(g.c.analyst1)
	why := nsor.SearchTerms{CNIC: "97777-2222222-5", Reason: "CNIC read off page 2 of the FIR copy."}
	cands, err := g.e.svc.SearchRegister(g.e.ctx, an, g.id, g.suspect, why)
	if err != nil || slices.ContainsFunc(cands, func(c nsor.Candidate) bool { return c.RecordID == g.otherRecord }) {
		t.Errorf("SearchRegister(someone else's CNIC) = %+v, %v; want the stranger's record not shown", cands, err)
	}
	_, err = g.e.svc.RecordForRequest(g.e.ctx, an, g.id, g.otherRecord)
	wantCode(t, "RecordForRequest(stranger)", err, nsor.KindNotFound, "record.not_found")
	why.CNIC = cnicOffender
	cands, err = g.e.svc.SearchRegister(g.e.ctx, an, g.id, g.suspect, why)
	if err != nil || len(cands) != 1 || cands[0].RecordID != g.record {
		t.Errorf("SearchRegister(the suspect's CNIC) = %+v, %v; want record %d", cands, err, g.record)
	}
	v, err := g.e.svc.Request(g.e.ctx, g.e.actor(g.c.analyst2), g.id)
	if err != nil || len(v.AddedIdentifiers) != 2 || v.AddedIdentifiers[1].CNIC != nsor.CNIC("9123456789013") || v.AddedIdentifiers[1].Reason == "" {
		t.Errorf("added identifiers in the bureau's view = %+v, %v; want both CNICs with the reason", v.AddedIdentifiers, err)
	}
	dpp, err := g.e.svc.Request(g.e.ctx, g.e.actor(g.c.dpp), g.id)
	if err != nil || len(dpp.AddedIdentifiers) != 0 {
		t.Errorf("prosecutor's view = %+v, %v; want no added identifiers (bureau only)", dpp.AddedIdentifiers, err)
	}
}

func sha256Of(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
