package service_test

import (
	"strconv"
	"strings"
	"testing"

	"nsor"
)

// auditCase reads a case as the store holds it.
func (w *world) auditCase(id int64) *nsor.MisuseCase {
	w.t.Helper()
	var c *nsor.MisuseCase
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { c, err = tx.MisuseCase(id); return err }); err != nil {
		w.t.Fatalf("MisuseCase(%d): %v", id, err)
	}
	return c
}

// auditCaseCount is the number of misuse cases stored.
func (w *world) auditCaseCount() int {
	w.t.Helper()
	var cs []*nsor.MisuseCase
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { cs, err = tx.MisuseCases(nsor.CaseFilter{Limit: 1000}); return err }); err != nil {
		w.t.Fatalf("MisuseCases: %v", err)
	}
	return len(cs)
}

// auditFirstActOf is the first audit record of the user's own act.
func (w *world) auditFirstActOf(username string) *nsor.AuditEntry {
	w.t.Helper()
	es := w.auditRecords(nsor.AuditFilter{ActorID: w.as(username).User.ID, Limit: 1})
	if len(es) == 0 {
		w.t.Fatalf("%s did nothing in the demo", username)
	}
	return es[0]
}

// auditJurisdictionID is the ID of a jurisdiction by code.
func (w *world) auditJurisdictionID(code string) int64 {
	w.t.Helper()
	var j *nsor.Jurisdiction
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { j, err = tx.JurisdictionByCode(code); return err }); err != nil {
		w.t.Fatalf("JurisdictionByCode(%s): %v", code, err)
	}
	return j.ID
}

// auditNotes are a user's notifications of kind.
func (w *world) auditNotes(username string, kind nsor.NotificationKind) []*nsor.Notification {
	w.t.Helper()
	var ns []*nsor.Notification
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) {
		ns, err = tx.Notifications(w.as(username).User.ID, false, 0, 100)
		return err
	}); err != nil {
		w.t.Fatalf("Notifications: %v", err)
	}
	var out []*nsor.Notification
	for _, n := range ns {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// TestAuditOpenCase opens misuse cases on a disclosure and on an access, and
// refuses every other subject and everyone but an auditor in person,
// creating nothing and recording the refusal.
func TestAuditOpenCase(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	auditor := w.as("auditor1")
	r, rel := w.auditReleased()
	lahore := w.auditJurisdictionID("PB-LHR-LHR")

	before := w.auditCount()
	v, err := w.svc.OpenCase(w.ctx, auditor, nsor.CaseInput{Disclosure: rel.Number, Reason: "  A copy surfaced outside the investigation.  "})
	if err != nil {
		t.Fatalf("OpenCase(disclosure): %v", err)
	}
	c := v.Case
	if c.Subject != nsor.SubjectDisclosure || c.State != nsor.CaseOpen || c.Version != 1 || c.ReleaseID != rel.ID || c.RequestID != r.ID ||
		c.OfficerID != r.IOUserID || c.DistrictID != lahore || c.Reason != "A copy surfaced outside the investigation." ||
		c.Ref != nsor.CaseRef(c.ID, c.OpenedAt) || c.OpenedBy != auditor.User.ID {
		t.Errorf("opened %+v", c)
	}
	if s := w.auditCase(c.ID); s.State != nsor.CaseOpen || s.Disclosure != rel.Number || s.OfficerID != r.IOUserID {
		t.Errorf("stored %+v", s)
	}
	rec := w.auditWantAct(t, before, "case.open")
	if auditDetail(rec, "subject") != "disclosure" || auditDetail(rec, "disclosure") != rel.Number || rec.RequestID != r.ID || len(rec.Identifiers) != 1 {
		t.Errorf("opening recorded as %+v", rec)
	}
	if strings.Contains(string(w.auditLast().Data), "surfaced") {
		t.Error("the reason is in the record in clear")
	}

	access := w.auditFirstActOf("io.lahore2")
	v, err = w.svc.OpenCase(w.ctx, auditor, nsor.CaseInput{AuditRecordID: access.ID, Reason: "Looked up a request not theirs."})
	if err != nil {
		t.Fatalf("OpenCase(access): %v", err)
	}
	if c := v.Case; c.Subject != nsor.SubjectAccess || c.AccessRecordID != access.ID || c.OfficerID != access.Record.ActorID ||
		c.DistrictID != lahore || c.ReleaseID != 0 {
		t.Errorf("opened %+v", c)
	}
	v, err = w.svc.OpenCase(w.ctx, auditor, nsor.CaseInput{AuditRecordID: w.auditFirstActOf("analyst1").ID, Reason: "Searched without a request."})
	if err != nil || v.Case.DistrictID != 0 {
		t.Errorf("OpenCase on a bureau analyst = %+v, %v; want a case of no district", v, err)
	}

	if err := w.svc.RecordBackup(w.ctx, nsor.Operator{Name: "ops"}, nsor.BackupInfo{Database: "sqlite"}); err != nil {
		t.Fatal(err)
	}
	system := w.auditLast().ID
	own := w.auditFirstActOf("auditor1").ID
	refusals := []struct {
		name string
		a    *nsor.Actor
		in   nsor.CaseInput
		code string
	}{
		{"officer", w.as("io.lahore1"), nsor.CaseInput{Disclosure: rel.Number, Reason: "x"}, "case.not_found"},
		{"supervisor", w.as("supervisor1"), nsor.CaseInput{Disclosure: rel.Number, Reason: "x"}, "case.not_found"},
		{"auditor's service account", auditAsService(auditor), nsor.CaseInput{Disclosure: rel.Number, Reason: "x"}, "case.not_found"},
		{"token without audit:cases", auditWithToken(auditor, nsor.ScopeAuditRead), nsor.CaseInput{Disclosure: rel.Number, Reason: "x"}, "auth.scope"},
		{"no subject", auditor, nsor.CaseInput{Reason: "x"}, "case.subject_required"},
		{"two subjects", auditor, nsor.CaseInput{Disclosure: rel.Number, AuditRecordID: access.ID, Reason: "x"}, "case.subject_required"},
		{"malformed disclosure", auditor, nsor.CaseInput{Disclosure: "DN-1", Reason: "x"}, "disclosure.malformed"},
		{"unknown disclosure", auditor, nsor.CaseInput{Disclosure: rel.Number[:len("DN-2026-")] + "999999", Reason: "x"}, "case.disclosure_unknown"},
		{"unknown audit record", auditor, nsor.CaseInput{AuditRecordID: system + 1000, Reason: "x"}, "case.audit_record_unknown"},
		{"negative audit record", auditor, nsor.CaseInput{AuditRecordID: -3, Reason: "x"}, "case.audit_record_unknown"},
		{"system's record", auditor, nsor.CaseInput{AuditRecordID: system, Reason: "x"}, "case.subject_not_access"},
		{"own conduct", auditor, nsor.CaseInput{AuditRecordID: own, Reason: "x"}, "case.own_conduct"},
		{"no reason", auditor, nsor.CaseInput{Disclosure: rel.Number, Reason: "  "}, "reason.required"},
		{"overlong reason", auditor, nsor.CaseInput{Disclosure: rel.Number, Reason: strings.Repeat("r", 5000)}, "text.too_long"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before, cases := w.auditCount(), w.auditCaseCount()
			v, err := w.svc.OpenCase(w.ctx, tc.a, tc.in)
			wantCode(t, "OpenCase", err, tc.code)
			if v != nil || w.auditCaseCount() != cases {
				t.Error("a refused case was opened")
			}
			w.auditWantRefusal(t, before, "case.open", tc.code)
		})
	}
}

// TestAuditCaseWork takes cases through evidence, the view with its proofs, the
// auditor's read of the disclosure, and the decision with its notice to
// the officer's command; every refusal leaves the case as it was.
func TestAuditCaseWork(t *testing.T) {
	w := newAuditWorld(t, t.TempDir()+"/nsor.db")
	auditor := w.as("auditor1")
	_, rel := w.auditReleased()
	open := func(in nsor.CaseInput) *nsor.MisuseCase {
		t.Helper()
		v, err := w.svc.OpenCase(w.ctx, auditor, in)
		if err != nil {
			t.Fatalf("OpenCase: %v", err)
		}
		return v.Case
	}
	leak := open(nsor.CaseInput{Disclosure: rel.Number, Reason: "A copy surfaced outside the investigation."})
	access := open(nsor.CaseInput{AuditRecordID: w.auditFirstActOf("io.lahore2").ID, Reason: "Looked up a request not theirs."})
	bureau := open(nsor.CaseInput{AuditRecordID: w.auditFirstActOf("analyst1").ID, Reason: "Searched without a request."})
	evidence := w.auditFirstActOf("io.lahore1").ID

	// Evidence: each refusal leaves the case at version 1.
	for _, tc := range []struct {
		name    string
		a       *nsor.Actor
		id      int64
		version int
		record  int64
		reason  string
		code    string
	}{
		{"officer", w.as("io.lahore1"), leak.ID, 1, evidence, "why", "case.not_found"},
		{"token without audit:cases", auditWithToken(auditor, nsor.ScopeAuditRead), leak.ID, 1, evidence, "why", "auth.scope"},
		{"unknown case", auditor, leak.ID + 100, 1, evidence, "why", "case.not_found"},
		{"no version", auditor, leak.ID, 0, evidence, "why", "version.required"},
		{"stale version", auditor, leak.ID, 2, evidence, "why", "version.stale"},
		{"unknown record", auditor, leak.ID, 1, 1 << 40, "why", "case.evidence_unknown"},
		{"no reason", auditor, leak.ID, 1, evidence, "", "reason.required"},
	} {
		t.Run("evidence/"+tc.name, func(t *testing.T) {
			before := w.auditCount()
			v, err := w.svc.AddEvidence(w.ctx, tc.a, tc.id, tc.version, tc.record, tc.reason)
			wantCode(t, "AddEvidence", err, tc.code)
			if c := w.auditCase(leak.ID); v != nil || c.Version != 1 || len(c.Evidence) != 0 {
				t.Errorf("refused evidence: case at version %d with %d evidence", c.Version, len(c.Evidence))
			}
			w.auditWantRefusal(t, before, "case.evidence_add", tc.code)
		})
	}
	before := w.auditCount()
	v, err := w.svc.AddEvidence(w.ctx, auditor, leak.ID, 1, evidence, " The officer's first act. ")
	if err != nil {
		t.Fatalf("AddEvidence: %v", err)
	}
	if v.Case.Version != 2 || len(v.Evidence) != 1 || v.Evidence[0].AuditRecordID != evidence || v.Evidence[0].Reason != "The officer's first act." ||
		v.Evidence[0].Record == nil || v.Evidence[0].Record.ID != evidence || v.Evidence[0].ProofStatus != nsor.ProofPending {
		t.Errorf("AddEvidence = %+v %+v; want version 2, the record, its proof pending", v.Case, v.Evidence)
	}
	if c := w.auditCase(leak.ID); c.Version != 2 || len(c.Evidence) != 1 || c.Evidence[0].AddedBy != auditor.User.ID {
		t.Errorf("stored %+v", c)
	}
	w.auditWantAct(t, before, "case.evidence_add")
	_, err = w.svc.AddEvidence(w.ctx, auditor, leak.ID, 2, evidence, "again")
	wantCode(t, "AddEvidence twice", err, "case.evidence_duplicate")
	if c := w.auditCase(leak.ID); c.Version != 2 || len(c.Evidence) != 1 {
		t.Errorf("duplicate evidence stored: %+v", c)
	}

	// The view proves the evidence once a checkpoint covers it.
	cp := w.checkpoint()
	before = w.auditCount()
	v, err = w.svc.Case(w.ctx, auditor, leak.ID)
	if err != nil {
		t.Fatalf("Case: %v", err)
	}
	if len(v.Evidence) != 1 || v.Evidence[0].ProofStatus != nsor.ProofIncluded || v.Evidence[0].Proof == nil ||
		v.Evidence[0].Proof.TreeSize != cp.Size || v.Evidence[0].Proof.RecordID != evidence {
		t.Errorf("Case evidence = %+v; want proved in the tree of %d", v.Evidence, cp.Size)
	}
	if r := w.auditWantAct(t, before, "case.view"); r.Object != "case/"+auditItoa(leak.ID) {
		t.Errorf("view recorded on %s", r.Object)
	}
	for _, tc := range []struct {
		name string
		a    *nsor.Actor
		id   int64
	}{{"officer", w.as("dpo.lahore"), leak.ID}, {"unknown", auditor, 1 << 40}, {"service account", auditAsService(auditor), leak.ID}} {
		before := w.auditCount()
		_, err := w.svc.Case(w.ctx, tc.a, tc.id)
		wantCode(t, "Case("+tc.name+")", err, "case.not_found")
		w.auditWantRefusal(t, before, "case.view", "case.not_found")
	}

	// The auditor reads the leaked disclosure through its case, and only
	// through a case about a disclosure.
	before = w.auditCount()
	rv, err := w.svc.CaseDisclosure(w.ctx, auditor, leak.ID)
	if err != nil {
		t.Fatalf("CaseDisclosure: %v", err)
	}
	if rv.Number != rel.Number || !strings.Contains(rv.Recipient, "(auditor, "+leak.Ref+")") || rv.MarkedText == "" || len(rv.Content) == 0 {
		t.Errorf("CaseDisclosure = %s to %q", rv.Number, rv.Recipient)
	}
	if r := w.auditWantAct(t, before, "case.release_read"); r.Object != "release/"+auditItoa(rel.ID) || r.Purpose != "case/"+auditItoa(leak.ID) ||
		auditDetail(r, "case") != auditItoa(leak.ID) {
		t.Errorf("read recorded as %+v", r)
	}
	before = w.auditCount()
	_, err = w.svc.CaseDisclosure(w.ctx, auditor, access.ID)
	wantCode(t, "CaseDisclosure(access case)", err, "case.no_disclosure")
	w.auditWantRefusal(t, before, "case.release_read", "case.no_disclosure")
	before = w.auditCount()
	_, err = w.svc.CaseDisclosure(w.ctx, w.as("io.lahore1"), leak.ID)
	wantCode(t, "CaseDisclosure(officer)", err, "case.not_found")
	w.auditWantRefusal(t, before, "case.release_read", "case.not_found")

	// Decisions.
	for _, tc := range []struct {
		name    string
		id      int64
		version int
		outcome nsor.CaseState
		reason  string
		code    string
	}{
		{"outcome open", leak.ID, 2, nsor.CaseOpen, "why", "case.outcome_invalid"},
		{"outcome unknown", leak.ID, 2, "dismissed", "why", "case.outcome_invalid"},
		{"referral without evidence", access.ID, 1, nsor.CaseReferred, "why", "case.evidence_required"},
		{"no reason", leak.ID, 2, nsor.CaseReferred, " ", "reason.required"},
		{"stale", leak.ID, 1, nsor.CaseReferred, "why", "version.stale"},
	} {
		t.Run("decide/"+tc.name, func(t *testing.T) {
			before, was := w.auditCount(), w.auditCase(tc.id)
			v, err := w.svc.DecideCase(w.ctx, auditor, tc.id, tc.version, tc.outcome, tc.reason)
			wantCode(t, "DecideCase", err, tc.code)
			if c := w.auditCase(tc.id); v != nil || c.State != nsor.CaseOpen || c.Version != was.Version {
				t.Errorf("refused decision left the case %s at version %d", c.State, c.Version)
			}
			w.auditWantRefusal(t, before, "case.decide", tc.code)
		})
	}
	notes := len(w.auditNotes("dpo.lahore", nsor.NoteCaseDecided))
	before = w.auditCount()
	v, err = w.svc.DecideCase(w.ctx, auditor, leak.ID, 2, nsor.CaseReferred, "The officer's copy is the one that surfaced.")
	if err != nil {
		t.Fatalf("DecideCase: %v", err)
	}
	if c := w.auditCase(leak.ID); v.Case.State != nsor.CaseReferred || c.State != nsor.CaseReferred || c.Version != 3 ||
		c.DecidedBy != auditor.User.ID || c.OutcomeReason != "The officer's copy is the one that surfaced." {
		t.Errorf("decided %+v", c)
	}
	if r := w.auditWantAct(t, before, "case.decide"); auditDetail(r, "state") != "referred" {
		t.Errorf("decision recorded as %+v", r.Details)
	}
	ns := w.auditNotes("dpo.lahore", nsor.NoteCaseDecided)
	if len(ns) != notes+1 || !strings.Contains(ns[0].Message, leak.Ref) || !strings.Contains(ns[0].Message, "referred") {
		t.Errorf("the DPO's notices of decisions = %+v", ns)
	}
	if len(w.auditNotes("dpo.rawalpindi", nsor.NoteCaseDecided)) != 0 {
		t.Error("another district's DPO was told")
	}
	if _, err := w.svc.DecideCase(w.ctx, auditor, bureau.ID, 1, nsor.CaseClosed, "The search was within a request after all."); err != nil {
		t.Fatalf("DecideCase(close): %v", err)
	}
	if ns := w.auditNotes("supervisor1", nsor.NoteCaseDecided); len(ns) != 1 || !strings.Contains(ns[0].Message, "closed") {
		t.Errorf("the bureau's supervisor's notices = %+v; want the closing of the analyst's case", ns)
	}

	// A decided case no longer changes, nor shows its disclosure.
	for _, tc := range []struct {
		name   string
		action string
		fn     func() error
	}{
		{"evidence", "case.evidence_add", func() error {
			_, err := w.svc.AddEvidence(w.ctx, auditor, leak.ID, 3, w.auditFirstActOf("io.lahore2").ID, "more")
			return err
		}},
		{"decide again", "case.decide", func() error {
			_, err := w.svc.DecideCase(w.ctx, auditor, leak.ID, 3, nsor.CaseClosed, "changed my mind")
			return err
		}},
		{"disclosure", "case.release_read", func() error { _, err := w.svc.CaseDisclosure(w.ctx, auditor, leak.ID); return err }},
	} {
		before := w.auditCount()
		wantCode(t, tc.name+" on a referred case", tc.fn(), "case.not_open")
		if c := w.auditCase(leak.ID); c.Version != 3 || c.State != nsor.CaseReferred {
			t.Errorf("%s changed a decided case: %+v", tc.name, c)
		}
		w.auditWantRefusal(t, before, tc.action, "case.not_open")
	}

	// The list, newest first, by state, a page at a time.
	all, err := w.svc.Cases(w.ctx, auditor, nsor.CaseFilter{}, nsor.Page{})
	if err != nil || len(all.Items) != 3 || all.Items[0].ID != bureau.ID || all.Items[2].ID != leak.ID || all.Items[0].Ref == "" || all.Next != nil {
		t.Errorf("Cases = %d (next %v), %v; want the three, newest first, and no further page", len(all.Items), all.Next, err)
	}
	first, err := w.svc.Cases(w.ctx, auditor, nsor.CaseFilter{}, nsor.Page{Limit: 2})
	if err != nil || len(first.Items) != 2 || first.Next == nil {
		t.Fatalf("Cases(limit 2) = %d (next %v), %v", len(first.Items), first.Next, err)
	}
	rest, err := w.svc.Cases(w.ctx, auditor, nsor.CaseFilter{}, nsor.Page{After: first.Next, Limit: 2})
	if err != nil || len(rest.Items) != 1 || rest.Items[0].ID != leak.ID || rest.Next != nil {
		t.Errorf("Cases(second page) = %d (next %v), %v; want the oldest case alone", len(rest.Items), rest.Next, err)
	}
	for _, p := range []nsor.Page{{Limit: 201}, {Limit: -1}, {After: []int64{1, 2}}} {
		if cs, err := w.svc.Cases(w.ctx, auditor, nsor.CaseFilter{}, p); cs.Items != nil || (nsor.ErrorCode(err) != "query.limit" && nsor.ErrorCode(err) != "query.cursor") {
			t.Errorf("Cases(%+v) = %d, %v; want the page refused", p, len(cs.Items), err)
		}
	}
	referred, err := w.svc.Cases(w.ctx, auditor, nsor.CaseFilter{State: nsor.CaseReferred}, nsor.Page{})
	if err != nil || len(referred.Items) != 1 || referred.Items[0].ID != leak.ID {
		t.Errorf("Cases(referred) = %v, %v", referred.Items, err)
	}
	if r := w.auditLast().Record; r.Action != "case.list" || auditDetail(r, "results") != "1" {
		t.Errorf("listing recorded as %+v", r)
	}
	for _, tc := range []struct {
		name string
		a    *nsor.Actor
		f    nsor.CaseFilter
		code string
	}{
		{"unknown state", auditor, nsor.CaseFilter{State: "pending"}, "case.state_unknown"},
		{"officer", w.as("io.lahore2"), nsor.CaseFilter{}, "case.not_found"},
		{"token without audit:cases", auditWithToken(auditor, nsor.ScopeAuditRead), nsor.CaseFilter{}, "auth.scope"},
	} {
		before := w.auditCount()
		cs, err := w.svc.Cases(w.ctx, tc.a, tc.f, nsor.Page{})
		wantCode(t, "Cases("+tc.name+")", err, tc.code)
		if cs.Items != nil {
			t.Errorf("refused listing returned %d cases", len(cs.Items))
		}
		w.auditWantRefusal(t, before, "case.list", tc.code)
	}
}

func auditItoa(n int64) string { return strconv.FormatInt(n, 10) }
