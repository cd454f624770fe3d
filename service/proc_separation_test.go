package service_test

import (
	"slices"
	"testing"

	"nsor"
)

// TestProcSeparationAcrossRoleChange: the officer who filed a request is made
// a prosecutor of the same district (an administrator proposes it, a second
// approves it), after the case passed to another officer; as prosecutor they
// may neither forward, return nor reject the request they filed, nor release
// its answer, and the view offers them none of these acts. Another prosecutor may.
func TestProcSeparationAcrossRoleChange(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newWorld(t, dsn)
		ctx, svc := w.ctx, w.svc
		full := nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, SuspectsNamedInFIR: true, GroundsSubstantiated: true}
		filer := w.as("io.lahore2")
		draft, answered := w.inState(nsor.StateDraft), w.inState(nsor.StateAnswered)
		if draft.FiledBy != filer.ID() || answered.FiledBy != filer.ID() {
			t.Fatalf("the demo's draft and answered requests are not io.lahore2's")
		}
		v, err := svc.Submit(ctx, filer, draft.ID, draft.Version)
		procOK(t, "submit", err)
		sub := procWant(t, w, "submit", v, nsor.StateSubmitted)
		v, err = svc.Confirm(ctx, w.as("analyst1"), answered.ID, answered.Version)
		procOK(t, "confirm", err)
		conf := procWant(t, w, "confirm", v, nsor.StateConfirmed)

		// Both cases pass to io.lahore1: the filer no longer holds them.
		for _, r := range []*nsor.Request{sub, conf} {
			_, err := svc.Transfer(ctx, w.as("dpo.lahore"), r.FIRID, 0, w.as("io.lahore1").ID(), "The officer was posted to another circle.")
			procOK(t, "transfer", err)
		}
		if r := w.request(sub.ID); r.IOUserID != w.as("io.lahore1").ID() || r.FiledBy != filer.ID() {
			t.Fatalf("after the transfer: officer %d, filed by %d", r.IOUserID, r.FiledBy)
		}

		// Administration: admin proposes, admin2 approves.
		dpp := nsor.RoleDPP
		admin, admin2 := *w.as("admin"), *w.as("admin2")
		admin.Source, admin2.Source, admin.Operator, admin2.Operator = "api", "api", nil, nil // over the network, not at the console
		u, pending, err := svc.UpdateUser(ctx, &admin, filer.ID(), nsor.UserPatch{Role: &dpp})
		procOK(t, "propose the role change", err)
		if u != nil || pending == nil {
			t.Fatalf("UpdateUser to prosecutor over the API = %v, %v; want a proposal", u, pending)
		}
		res, err := svc.Approve(ctx, &admin2, pending.ID)
		procOK(t, "approve the role change", err)
		if res.User.Role != nsor.RoleDPP || res.User.ID != filer.ID() {
			t.Fatalf("approved user: %+v", res.User)
		}
		prosecutor := &nsor.Actor{User: res.User, Jurisdiction: filer.Jurisdiction, Source: "api"}

		sub, conf = w.request(sub.ID), w.request(conf.ID)
		for _, c := range []struct {
			name string
			r    *nsor.Request
			act  func(r *nsor.Request) error
		}{
			{"forward", sub, func(r *nsor.Request) error { _, err := svc.Forward(ctx, prosecutor, r.ID, r.Version, full); return err }},
			{"return", sub, func(r *nsor.Request) error {
				_, err := svc.Return(ctx, prosecutor, r.ID, r.Version, nil, []string{"grounds_substantiated"}, "The grounds need more detail.")
				return err
			}},
			{"reject", sub, func(r *nsor.Request) error {
				_, err := svc.Reject(ctx, prosecutor, r.ID, r.Version, "The request is unrelated to the case.")
				return err
			}},
			{"release", conf, func(r *nsor.Request) error { _, err := svc.Release(ctx, prosecutor, r.ID, r.Version); return err }},
		} {
			t.Run(c.name, func(t *testing.T) {
				procRefused(t, w, c.r.ID, "request.separation_of_duties", func() error { return c.act(c.r) })
			})
		}

		// The view offers the former filer nothing of the prosecutor's, and
		// offers it to another prosecutor.
		for _, c := range []struct {
			who  *nsor.Actor
			r    *nsor.Request
			want []nsor.Action
		}{
			{prosecutor, sub, []nsor.Action{nsor.ActViewFIRCopy}},
			{w.as("dpp.lahore1"), sub, []nsor.Action{nsor.ActReturn, nsor.ActReject, nsor.ActForward, nsor.ActViewFIRCopy}},
			{prosecutor, conf, []nsor.Action{nsor.ActViewFIRCopy}},
			{w.as("dpp.lahore1"), conf, []nsor.Action{nsor.ActRelease, nsor.ActViewFIRCopy}},
		} {
			v, err := svc.Request(ctx, c.who, c.r.ID)
			procOK(t, "view", err)
			if !slices.Equal(v.Actions, c.want) {
				t.Errorf("%s on %s request: actions %v, want %v", c.who.User.Username, c.r.State, v.Actions, c.want)
			}
		}

		v, err = svc.Forward(ctx, w.as("dpp.lahore1"), sub.ID, sub.Version, full)
		procOK(t, "forward by another prosecutor", err)
		if r := procWant(t, w, "forward", v, nsor.StateForwarded); r.ForwardedBy != w.as("dpp.lahore1").ID() {
			t.Errorf("forwarded by %d", r.ForwardedBy)
		}
		v, err = svc.Release(ctx, w.as("dpp.lahore1"), conf.ID, conf.Version)
		procOK(t, "release by another prosecutor", err)
		if r := procWant(t, w, "release", v, nsor.StateReleased); r.ReleasedBy != w.as("dpp.lahore1").ID() {
			t.Errorf("released by %d", r.ReleasedBy)
		}
	})
}

// TestProcActions: the acts a view offers, exactly, for several roles and
// states, in the procedure table's order.
func TestProcActions(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	A := func(as ...nsor.Action) []nsor.Action { return as }
	cases := []struct {
		who   string
		state nsor.State
		want  []nsor.Action
	}{
		{"io.lahore2", nsor.StateDraft, A(nsor.ActEdit, nsor.ActSubmit, nsor.ActWithdraw, nsor.ActViewFIRCopy)},
		{"dpo.lahore", nsor.StateDraft, A(nsor.ActTransfer)},
		{"io.lahore1", nsor.StateSubmitted, A(nsor.ActWithdraw, nsor.ActViewFIRCopy)},
		{"dpp.lahore1", nsor.StateSubmitted, A(nsor.ActReturn, nsor.ActReject, nsor.ActForward, nsor.ActViewFIRCopy)},
		{"dpo.lahore", nsor.StateSubmitted, A(nsor.ActTransfer)},
		{"io.rawalpindi1", nsor.StateReturned, A(nsor.ActEdit, nsor.ActResubmit, nsor.ActWithdraw, nsor.ActViewFIRCopy)},
		{"dpp.rawalpindi1", nsor.StateReturned, A(nsor.ActViewFIRCopy)},
		{"analyst1", nsor.StateForwarded, A(nsor.ActAssign, nsor.ActSearch, nsor.ActAnswer, nsor.ActViewFIRCopy)},
		{"analyst2", nsor.StateForwarded, A()},
		{"supervisor1", nsor.StateForwarded, A(nsor.ActAssign)},
		{"io.lahore2", nsor.StateForwarded, A(nsor.ActViewFIRCopy)},
		{"analyst1", nsor.StateAnswered, A(nsor.ActReopen, nsor.ActConfirm)},
		{"analyst2", nsor.StateAnswered, A(nsor.ActViewFIRCopy)}, // the analyst assigned, who answered
		{"supervisor1", nsor.StateAnswered, A()},
		{"dpp.lahore1", nsor.StateAnswered, A(nsor.ActViewFIRCopy)},
		{"io.rawalpindi1", nsor.StateReleased, A(nsor.ActAcknowledge, nsor.ActReadRelease, nsor.ActViewFIRCopy)},
		{"dpp.rawalpindi1", nsor.StateReleased, A(nsor.ActReadRelease, nsor.ActViewFIRCopy)},
		{"io.lahore1", nsor.StateAcknowledged, A(nsor.ActReadRelease, nsor.ActClose, nsor.ActViewFIRCopy)},
		{"dpp.lahore2", nsor.StateAcknowledged, A(nsor.ActReadRelease, nsor.ActViewFIRCopy)},
		{"analyst1", nsor.StateAcknowledged, A(nsor.ActViewFIRCopy)},
		{"analyst2", nsor.StateAcknowledged, A()},
	}
	for _, c := range cases {
		v, err := w.svc.Request(w.ctx, w.as(c.who), w.inState(c.state).ID)
		if err != nil {
			t.Errorf("%s views the %s request: %v", c.who, c.state, err)
			continue
		}
		if !slices.Equal(v.Actions, c.want) {
			t.Errorf("%s on the %s request: actions %v, want %v", c.who, c.state, v.Actions, c.want)
		}
	}
}

// procMakeAnalyst makes username a bureau analyst the way Administration
// does: admin proposes, admin2 approves. It returns the new analyst's actor.
func procMakeAnalyst(t *testing.T, w *world, username string) *nsor.Actor {
	t.Helper()
	role, pk := nsor.RoleAnalyst, w.as("analyst1").User.JurisdictionID
	admin, admin2 := *w.as("admin"), *w.as("admin2")
	admin.Source, admin2.Source, admin.Operator, admin2.Operator = "api", "api", nil, nil // over the network, not at the console
	_, pending, err := w.svc.UpdateUser(w.ctx, &admin, w.as(username).ID(), nsor.UserPatch{Role: &role, JurisdictionID: &pk})
	procOK(t, "propose "+username+" as analyst", err)
	if pending == nil {
		t.Fatal("no proposal")
	}
	res, err := w.svc.Approve(w.ctx, &admin2, pending.ID)
	procOK(t, "approve "+username+" as analyst", err)
	return &nsor.Actor{User: res.User, Jurisdiction: w.as("analyst1").Jurisdiction, Source: "api"}
}

// TestProcFilerForwarderMayNotConfirm: the officer who filed a request and
// the prosecutor who forwarded it, both later made bureau analysts, may
// neither confirm its answer, reopen it, nor be assigned it.
func TestProcFilerForwarderMayNotConfirm(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	n, f := w.inState(nsor.StateAnswered), w.inState(nsor.StateForwarded)
	if n.FiledBy != w.as("io.lahore2").ID() || n.ForwardedBy != w.as("dpp.lahore2").ID() || f.FiledBy != w.as("io.lahore2").ID() ||
		f.ForwardedBy != w.as("dpp.lahore1").ID() {
		t.Fatal("the demo's requests were filed or forwarded by others than this test expects")
	}
	filer, forwarder, fForwarder := procMakeAnalyst(t, w, "io.lahore2"), procMakeAnalyst(t, w, "dpp.lahore2"), procMakeAnalyst(t, w, "dpp.lahore1")
	for _, who := range []*nsor.Actor{filer, forwarder} {
		procRefused(t, w, n.ID, "request.separation_of_duties", func() error {
			_, err := svc.Confirm(ctx, who, n.ID, n.Version)
			return err
		})
		procRefused(t, w, n.ID, "request.separation_of_duties", func() error {
			_, err := svc.Reopen(ctx, who, n.ID, n.Version, "The identification looks weak to me.")
			return err
		})
		if v, err := svc.Request(ctx, who, n.ID); err != nil || len(v.Actions) != 0 {
			t.Errorf("%s is offered %v (%v)", who.User.Username, v.Actions, err)
		}
	}
	for _, who := range []*nsor.Actor{filer, fForwarder} {
		procRefused(t, w, f.ID, "request.separation_of_duties", func() error {
			_, err := svc.Assign(ctx, w.as("supervisor1"), f.ID, f.Version, who.ID())
			return err
		})
	}
}
