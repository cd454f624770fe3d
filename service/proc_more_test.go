package service_test

import (
	"testing"

	"nsor"
)

// TestProcRecordRemovedBeforeRelease: a record the bureau found and confirmed,
// removed from the register before the release, cannot be released: the
// bureau must answer again (nothing is released). Meanwhile the answer stays
// as it was.
func TestProcRecordRemovedBeforeRelease(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	r := w.inState(nsor.StateAnswered)
	v, err := svc.Confirm(ctx, w.as("analyst1"), r.ID, r.Version)
	procOK(t, "confirm", err)
	rec := r.Suspects[0].RecordID
	pv, _, err := svc.ProposeChange(ctx, w.as("registrar1"), rec, nil, true, "The conviction was set aside on appeal.")
	procOK(t, "propose removal", err)
	_, err = svc.CheckChange(ctx, w.as("registrar2"), rec, pv.N, true, "Appeal judgment seen.")
	procOK(t, "check removal", err)
	procRefused(t, w, r.ID, "release.record_changed", func() error {
		_, err := svc.Release(ctx, w.as("dpp.lahore1"), r.ID, v.Version)
		return err
	})
	var rel *nsor.Release
	err = w.db.View(ctx, func(tx nsor.Tx) (err error) { rel, _, err = tx.ReleaseWithAcks(r.ID); return err })
	if nsor.KindOf(err) != nsor.KindNotFound || rel != nil {
		t.Errorf("a release was kept: %v %v", rel, err)
	}
}

// TestProcIdentification: a record found must rest on a strong identifier
// (docs/rules.md#r7): a record that only shares a suspect's name, with a CNIC a
// digit off, is refused as found on the CNIC, and nothing is answered.
func TestProcIdentification(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	a1 := w.as("analyst1")
	r := w.inState(nsor.StateForwarded)
	var alike int64
	for _, m := range w.seed.Matches {
		if m.AccusedID == r.Suspects[1].AccusedID && m.Band == nsor.BandPossible {
			alike = m.RecordID
		}
	}
	if alike == 0 {
		t.Fatal("the demo's forwarded request has no suspect alike a record")
	}
	for _, sp := range r.Suspects {
		_, err := svc.SearchRegister(ctx, a1, r.ID, sp.ID, nsor.SearchTerms{})
		procOK(t, "search", err)
	}
	for _, c := range []struct {
		basis nsor.Basis
		code  string
	}{
		{nsor.BasisCNIC, "answer.identification_insufficient"},
		{"", "answer.basis_required"},
	} {
		out := []nsor.OutcomeInput{{SuspectID: r.Suspects[0].ID, Outcome: nsor.OutcomeNoRecord},
			{SuspectID: r.Suspects[1].ID, Outcome: nsor.OutcomeRecordFound, RecordID: alike, Basis: c.basis}}
		procRefused(t, w, r.ID, c.code, func() error {
			_, err := svc.Answer(ctx, a1, r.ID, r.Version, out)
			return err
		})
	}
	// As a possible match naming what is needed, the answer stands.
	out := []nsor.OutcomeInput{{SuspectID: r.Suspects[0].ID, Outcome: nsor.OutcomeNoRecord},
		{SuspectID: r.Suspects[1].ID, Outcome: nsor.OutcomePossibleMatch, RecordID: alike, Needed: []string{"cnic", "fingerprints"}}}
	v, err := svc.Answer(ctx, a1, r.ID, r.Version, out)
	procOK(t, "answer a possible match", err)
	if got := procWant(t, w, "answer", v, nsor.StateAnswered); got.Suspects[1].Outcome != nsor.OutcomePossibleMatch || got.Suspects[1].RecordID != alike {
		t.Errorf("stored outcome %+v", got.Suspects[1])
	}
	if !procNoted(t, w, "dpp.lahore1", nsor.NoteAnswered, r.ID) {
		t.Error("an answer without a record found did not go to the prosecutors")
	}
}

// TestProcTokenScopes: a client acts on requests only with the scope for it;
// an act done with a token that may write but not read returns only the
// request's reference, state and version.
func TestProcTokenScopes(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	with := func(username string, scopes ...string) *nsor.Actor {
		a := *w.as(username)
		a.Source, a.Operator, a.Token = "api", nil, &nsor.Token{ID: 1, UserID: a.User.ID, Kind: nsor.TokenSession, Scopes: scopes}
		return &a
	}
	s := w.inState(nsor.StateSubmitted)
	full := nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, SuspectsNamedInFIR: true, GroundsSubstantiated: true}
	procRefused(t, w, s.ID, "auth.scope", func() error {
		_, err := svc.Forward(ctx, with("dpp.lahore1", nsor.ScopeRequestsRead), s.ID, s.Version, full)
		return err
	})
	procRefused(t, w, s.ID, "auth.scope", func() error {
		_, err := svc.Request(ctx, with("dpp.lahore1", nsor.ScopeRequestsWrite), s.ID)
		return err
	})
	v, err := svc.Forward(ctx, with("dpp.lahore1", nsor.ScopeRequestsWrite), s.ID, s.Version, full)
	procOK(t, "forward with write scope", err)
	procWant(t, w, "forward", v, nsor.StateForwarded)
	if v.Ref == "" || v.FIR != nil || len(v.Suspects) != 0 || len(v.Actions) != 0 || v.Grounds != "" {
		t.Errorf("a write-only token was shown the request: %+v", v)
	}
	f := w.inState(nsor.StateForwarded)
	procRefused(t, w, f.ID, "auth.scope", func() error {
		_, err := svc.SearchRegister(ctx, with("analyst1", nsor.ScopeRequestsRead), f.ID, f.Suspects[0].ID, nsor.SearchTerms{})
		return err
	})
}
