package service_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/auditrec"
)

// procFIRRequests counts the requests filed on an FIR.
func procFIRRequests(t *testing.T, w *world, firID int64) int {
	t.Helper()
	var rs []*nsor.Request
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { rs, err = tx.Requests(nsor.RequestFilter{FIRID: firID}); return err }); err != nil {
		t.Fatal(err)
	}
	return len(rs)
}

// TestProcRejectAndRefile: a rejection tells the officer and the DPO; the
// suspect may then be named in a new request (once: a second open one is a
// duplicate, an idempotent retry returns the first), and the prosecutor who
// weighs it sees the rejection (docs/rules.md#r4).
func TestProcRejectAndRefile(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	io := w.as("io.lahore1")
	s := w.inState(nsor.StateSubmitted)
	reason := "The grounds seek the suspect's whole history, unrelated to this case."
	v, err := svc.Reject(ctx, w.as("dpp.lahore2"), s.ID, s.Version, reason)
	procOK(t, "reject", err)
	if got := procWant(t, w, "reject", v, nsor.StateRejected); got.LastReason != reason {
		t.Errorf("reason kept: %q", got.LastReason)
	}
	for _, u := range []string{"io.lahore1", "dpo.lahore"} {
		if !procNoted(t, w, u, nsor.NoteRejected, s.ID) {
			t.Errorf("%s was not told of the rejection", u)
		}
	}

	in := nsor.RequestInput{FIRID: s.FIRID, Suspects: []int64{s.Suspects[0].AccusedID}, Declaration: true,
		Grounds: "The accused is named by the victim; his prior convictions bear on the bail hearing."}
	idem := nsor.NewIdempotency("refile-1", []byte("body one"))
	n := procFIRRequests(t, w, s.FIRID)
	r, err := svc.CreateRequest(ctx, io, in, idem)
	procOK(t, "create", err)
	if r.State != nsor.StateDraft || r.Version != 1 || r.FiledBy != io.ID() || r.IOUserID != io.ID() || r.Ref == "" || len(r.Suspects) != 1 {
		t.Errorf("created: %+v", r)
	}
	if rec := procLastAudit(t, w); rec.Action != "request.create" || rec.RequestID != r.ID || len(rec.Identifiers) == 0 {
		t.Errorf("audit of the creation: %+v", rec)
	}
	again, err := svc.CreateRequest(ctx, io, in, idem)
	procOK(t, "create again with the same key", err)
	if again.ID != r.ID || procFIRRequests(t, w, s.FIRID) != n+1 {
		t.Errorf("a retry made request %d (first %d), %d requests on the FIR", again.ID, r.ID, procFIRRequests(t, w, s.FIRID))
	}
	procRefusedCreate := func(code string, in nsor.RequestInput, idem nsor.Idempotency) {
		t.Helper()
		count, audits := procFIRRequests(t, w, s.FIRID), w.auditCount()
		_, err := svc.CreateRequest(ctx, io, in, idem)
		wantCode(t, "create", err, code)
		if procFIRRequests(t, w, s.FIRID) != count || w.auditCount() != audits+1 {
			t.Errorf("refused creation wrote a request, or its refusal was not recorded")
		}
		if rec := procLastAudit(t, w); rec.Outcome != auditrec.OutcomeRefused || rec.Code != code {
			t.Errorf("audit of the refusal: %+v", rec)
		}
	}
	procRefusedCreate("idempotency.key_reused", in, nsor.NewIdempotency("refile-1", []byte("body two")))
	procRefusedCreate("request.duplicate", in, nsor.Idempotency{})
	procRefusedCreate("fir.not_found", nsor.RequestInput{FIRID: w.inState(nsor.StateDraft).FIRID, Suspects: in.Suspects, Declaration: true}, nsor.Idempotency{})
	procRefusedCreate("request.suspects_required", nsor.RequestInput{FIRID: s.FIRID, Grounds: in.Grounds, Declaration: true}, nsor.Idempotency{})
	if _, err := svc.CreateRequest(ctx, w.as("dpp.lahore1"), in, nsor.Idempotency{}); err == nil {
		t.Error("a prosecutor filed a request")
	} else {
		wantCode(t, "create by a prosecutor", err, "auth.forbidden")
	}

	v, err = svc.Submit(ctx, io, r.ID, r.Version)
	procOK(t, "submit", err)
	pv, err := svc.Request(ctx, w.as("dpp.lahore1"), v.ID)
	procOK(t, "prosecutor's view", err)
	if len(pv.PriorRejections) != 1 || pv.PriorRejections[0].RequestID != s.ID || pv.PriorRejections[0].Reason != reason {
		t.Errorf("prior rejections: %+v", pv.PriorRejections)
	}
	if ov, _ := svc.Request(ctx, io, v.ID); len(ov.PriorRejections) != 0 {
		t.Error("the officer is shown the prior rejections")
	}
}

// TestProcReturnResubmitWithdraw: a return with the checklist as far as it
// went, the clarification and resubmission (a second Annexure A, the clock
// afresh), a second return, and withdrawals with and without a reason.
func TestProcReturnResubmitWithdraw(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	io, dpp := w.as("io.rawalpindi1"), w.as("dpp.rawalpindi1")
	r := w.inState(nsor.StateReturned)
	if r.LastReason == "" {
		t.Fatal("the returned request carries no reason")
	}
	w.clock.Advance(time.Hour)
	clar := "The complete FIR copy, both pages, is attached now."
	v, err := svc.Resubmit(ctx, io, r.ID, r.Version, clar)
	procOK(t, "resubmit", err)
	got := procWant(t, w, "resubmit", v, nsor.StateSubmitted)
	if got.Submissions != 2 || got.Clarification != clar || !got.StageStarted.Equal(w.clock.Now().UTC().Truncate(time.Millisecond)) {
		t.Errorf("after resubmit: submissions %d clarification %q stage %v", got.Submissions, got.Clarification, got.StageStarted)
	}
	if subs, err := allSubmissions(svc, ctx, dpp, r.ID); err != nil || len(subs) != 2 || !strings.Contains(string(subs[1].Annexure), clar) {
		t.Errorf("submissions after resubmit: %v %d", err, len(subs))
	}

	c := nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, Note: "Grounds not substantiated."}
	reason := "Say how the accused's prior record bears on this investigation."
	v, err = svc.Return(ctx, dpp, r.ID, got.Version, &c, nil, reason)
	procOK(t, "return", err)
	if got = procWant(t, w, "return", v, nsor.StateReturned); got.LastReason != reason ||
		!slices.Equal(got.ReturnedItems, []string{"suspects_named_in_fir", "grounds_substantiated"}) {
		t.Errorf("reason %q, failed items %v", got.LastReason, got.ReturnedItems)
	}
	subs, _ := allSubmissions(svc, ctx, io, r.ID)
	if len(subs) != 2 || subs[1].Checklist == nil || subs[1].Checklist.Complete() || subs[1].CheckedBy != dpp.ID() {
		t.Errorf("the partial checklist was not kept with the second submission")
	}
	if !procNoted(t, w, "io.rawalpindi1", nsor.NoteReturned, r.ID) {
		t.Error("the officer was not told of the return")
	}

	v, err = svc.Withdraw(ctx, io, r.ID, got.Version, "The accused has been identified by other means.")
	procOK(t, "withdraw returned", err)
	procWant(t, w, "withdraw", v, nsor.StateWithdrawn)
	for _, u := range []string{"dpp.rawalpindi1", "dpo.rawalpindi"} {
		if !procNoted(t, w, u, nsor.NoteWithdrawn, r.ID) {
			t.Errorf("%s was not told of the withdrawal", u)
		}
	}
	if ev := procEvents(t, w, r.ID); ev[len(ev)-1].Reason == "" {
		t.Error("the withdrawal's reason is not in the history")
	}

	// A draft is withdrawn without a reason, and nobody is told.
	d := w.inState(nsor.StateDraft)
	v, err = svc.Withdraw(ctx, w.as("io.lahore2"), d.ID, d.Version, "")
	procOK(t, "withdraw draft", err)
	procWant(t, w, "withdraw draft", v, nsor.StateWithdrawn)
	if procNoted(t, w, "dpp.lahore1", nsor.NoteWithdrawn, d.ID) {
		t.Error("the prosecutors were told of a draft's withdrawal")
	}
}

// TestProcReopenConfirmRelease: an answer that found a record goes back to
// its analyst on a reopening, comes again, is confirmed by a second analyst
// and released with the record as it stands.
func TestProcReopenConfirmRelease(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	a1, a2 := w.as("analyst1"), w.as("analyst2")
	r := w.inState(nsor.StateAnswered)
	found := r.Suspects[0]
	if found.Outcome != nsor.OutcomeRecordFound || r.AnsweredBy != a2.ID() {
		t.Fatalf("the demo's answered request: %+v", r)
	}

	// The confirming analyst reads the record the answer cites.
	o, err := svc.RecordForRequest(ctx, a1, r.ID, found.RecordID)
	procOK(t, "record for the confirmer", err)
	if o.ID != found.RecordID {
		t.Errorf("record %d", o.ID)
	}
	if rec := procLastAudit(t, w); rec.Action != "register.read" || rec.Purpose != "request/"+itoa(r.ID) || rec.Outcome != auditrec.OutcomeOK {
		t.Errorf("audit of the read: %+v", rec)
	}

	reason := "The date of birth on the record disagrees with the FIR by a year."
	v, err := svc.Reopen(ctx, a1, r.ID, r.Version, reason)
	procOK(t, "reopen", err)
	if got := procWant(t, w, "reopen", v, nsor.StateForwarded); got.LastReason != reason || got.AnalystID != a2.ID() {
		t.Errorf("after reopen: %+v", got)
	}
	if !procNoted(t, w, "analyst2", nsor.NoteReopened, r.ID) {
		t.Error("the answering analyst was not told of the reopening")
	}

	out := []nsor.OutcomeInput{{SuspectID: found.ID, Outcome: found.Outcome, RecordID: found.RecordID, Basis: found.Basis, Note: "Checked again."}}
	v, err = svc.Answer(ctx, a2, r.ID, v.Version, out)
	procOK(t, "answer again", err)
	procWant(t, w, "answer again", v, nsor.StateAnswered)
	if !procNoted(t, w, "analyst1", nsor.NoteAnswered, r.ID) || procNoted(t, w, "dpp.lahore1", nsor.NoteAnswered, r.ID) {
		t.Error("an answer with a record found goes to the other analysts, not yet to the prosecutors")
	}

	v, err = svc.Confirm(ctx, a1, r.ID, v.Version)
	procOK(t, "confirm", err)
	if got := procWant(t, w, "confirm", v, nsor.StateConfirmed); got.ConfirmedBy != a1.ID() {
		t.Errorf("confirmed by %d", got.ConfirmedBy)
	}
	if !procNoted(t, w, "dpp.lahore1", nsor.NoteConfirmed, r.ID) {
		t.Error("the prosecutors were not told of the confirmation")
	}

	dpp := w.as("dpp.lahore1")
	v, err = svc.Release(ctx, dpp, r.ID, v.Version)
	procOK(t, "release", err)
	procWant(t, w, "release", v, nsor.StateReleased)
	if v.Suspects[0].RecordID != found.RecordID {
		t.Error("the prosecutor does not see the outcome released")
	}
	rv, err := svc.ReadRelease(ctx, dpp, r.ID)
	procOK(t, "read release", err)
	if rv.ReleasedBy != dpp.ID() || !strings.Contains(string(rv.Content), `"record"`) {
		t.Errorf("the release does not carry the record found: %s", rv.Content)
	}
	iv, err := svc.Request(ctx, w.as("io.lahore2"), r.ID)
	procOK(t, "officer's view", err)
	if iv.Suspects[0].Outcome != "" || iv.Suspects[0].RecordID != 0 {
		t.Error("the officer sees the outcome outside the release")
	}
	if dv, _ := svc.Request(ctx, w.as("dpo.lahore"), r.ID); dv.Suspects[0].Outcome != "" {
		t.Error("the DPO sees the outcome")
	}
	if sv, _ := svc.Request(ctx, w.as("supervisor1"), r.ID); len(sv.SuspectViews) != 0 {
		t.Error("the supervisor sees the suspects' particulars")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestProcSearch: the assigned analyst searches by what the prosecutor
// verified, and by another spelling of a suspect's name with a reason; the
// searches' records, and only they, are within the request's reach.
func TestProcSearch(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	a1 := w.as("analyst1")
	r := w.inState(nsor.StateForwarded)
	v, err := svc.Assign(ctx, a1, r.ID, r.Version, 0) // takes it again: no change of hands
	procOK(t, "assign to oneself", err)
	if got := procWant(t, w, "assign", v, nsor.StateForwarded); got.AnalystID != a1.ID() {
		t.Errorf("assigned to %d", got.AnalystID)
	}
	if procNoted(t, w, "analyst1", nsor.NoteAssigned, r.ID) {
		t.Error("an analyst was told of taking a request themselves")
	}

	var likely int64
	for _, m := range w.seed.Matches {
		if m.AccusedID == r.Suspects[0].AccusedID && m.Band == nsor.BandLikely {
			likely = m.RecordID
		}
	}
	cs, err := svc.SearchRegister(ctx, a1, r.ID, r.Suspects[0].ID, nsor.SearchTerms{})
	procOK(t, "search", err)
	if !slices.ContainsFunc(cs, func(c nsor.Candidate) bool { return c.RecordID == likely && c.Band == nsor.BandLikely }) {
		t.Errorf("the search did not show record %d as likely: %+v", likely, cs)
	}
	rec := procLastAudit(t, w)
	if rec.Action != "register.search" || rec.Purpose != "request/"+itoa(r.ID) || len(rec.Identifiers) == 0 || !procDetailHas(rec, "records", itoa(likely)) {
		t.Errorf("audit of the search: %+v", rec)
	}
	if _, err := svc.RecordForRequest(ctx, a1, r.ID, likely); err != nil {
		t.Errorf("a record the search showed is out of reach: %v", err)
	}

	// Another spelling of the second suspect's name, with a reason.
	view, err := svc.Request(ctx, a1, r.ID)
	procOK(t, "view", err)
	name := view.SuspectViews[1].Accused.Name
	terms := nsor.SearchTerms{Name: strings.ToUpper(name), Reason: "The informant spells the name this way."}
	procRefused(t, w, r.ID, "search.reason_required", func() error {
		_, err := svc.SearchRegister(ctx, a1, r.ID, r.Suspects[1].ID, nsor.SearchTerms{Name: terms.Name})
		return err
	})
	_, err = svc.SearchRegister(ctx, a1, r.ID, r.Suspects[1].ID, terms)
	procOK(t, "search with another spelling", err)
	view, err = svc.Request(ctx, a1, r.ID)
	procOK(t, "view", err)
	if len(view.AddedIdentifiers) != 1 || view.AddedIdentifiers[0].Name != terms.Name || view.AddedIdentifiers[0].By != a1.ID() {
		t.Errorf("added identifiers: %+v", view.AddedIdentifiers)
	}
	if rec := procLastAudit(t, w); !procDetailHas(rec, "added", "name") {
		t.Errorf("audit of the added identifier: %+v", rec)
	}

	// Answer: the record found on the CNIC, no record for the other.
	out := []nsor.OutcomeInput{{SuspectID: r.Suspects[0].ID, Outcome: nsor.OutcomeRecordFound, RecordID: likely, Basis: nsor.BasisCNIC},
		{SuspectID: r.Suspects[1].ID, Outcome: nsor.OutcomeNoRecord}}
	v, err = svc.Answer(ctx, a1, r.ID, v.Version, out)
	procOK(t, "answer", err)
	procWant(t, w, "answer", v, nsor.StateAnswered)
	if !procNoted(t, w, "analyst2", nsor.NoteAnswered, r.ID) || procNoted(t, w, "analyst1", nsor.NoteAnswered, r.ID) {
		t.Error("the answer with a record found goes to the other analyst alone")
	}
	// The confirming analyst reaches the record the answer cites.
	if _, err := svc.RecordForRequest(ctx, w.as("analyst2"), r.ID, likely); err != nil {
		t.Errorf("the confirmer cannot read the cited record: %v", err)
	}
}

// procDetailHas reports whether rec has a detail key whose value holds part.
func procDetailHas(rec *auditrec.Record, key, part string) bool {
	return slices.ContainsFunc(rec.Details, func(d auditrec.Detail) bool { return d.Key == key && strings.Contains(d.Value, part) })
}
