package service_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"nsor"
	"nsor/auditrec"
	"nsor/auth"
)

// caseStateOf is what a refusal of the case, register and administration
// acts must leave as it was: every FIR with its accused, every user with
// their tokens, every register record with its versions, every approval,
// every jurisdiction and every seeded request, as one comparable text.
func caseStateOf(w *world) string {
	w.t.Helper()
	type snapshot struct {
		FIRs          []*nsor.FIR
		Users         []*nsor.User
		Tokens        [][]*nsor.Token
		Offenders     []*nsor.Offender
		Versions      [][]*nsor.OffenderVersion
		Approvals     []*nsor.Approval
		Jurisdictions []*nsor.Jurisdiction
		Requests      []*nsor.Request
	}
	var s snapshot
	err := w.db.View(w.ctx, func(tx nsor.Tx) error {
		fs, err := tx.FIRs(nsor.FIRFilter{Limit: 10000})
		if err != nil {
			return err
		}
		for _, f := range fs {
			full, err := tx.FIR(f.ID) // with the accused and the victim
			if err != nil {
				return err
			}
			s.FIRs = append(s.FIRs, full)
		}
		if s.Users, err = tx.Users(nsor.UserFilter{IncludeDisabled: true}); err != nil {
			return err
		}
		for _, u := range s.Users {
			ts, err := tx.Tokens(u.ID)
			if err != nil {
				return err
			}
			s.Tokens = append(s.Tokens, ts)
		}
		// Records are numbered from 1; one past the last seeded shows a
		// record a refusal created.
		last := slices.Max(append(slices.Clone(w.seed.Records), w.seed.PendingRecords...)) + 2
		for id := int64(1); id <= last; id++ {
			o, err := tx.Offender(id)
			if nsor.KindOf(err) == nsor.KindNotFound {
				continue
			} else if err != nil {
				return err
			}
			vs, err := tx.OffenderVersions(id)
			if err != nil {
				return err
			}
			s.Offenders, s.Versions = append(s.Offenders, o), append(s.Versions, vs)
		}
		if s.Approvals, err = tx.Approvals(nsor.ApprovalFilter{Limit: 10000}); err != nil {
			return err
		}
		if s.Jurisdictions, err = tx.Jurisdictions(); err != nil {
			return err
		}
		s.Requests, err = tx.Requests(nsor.RequestFilter{Limit: 10000})
		return err
	})
	if err != nil {
		w.t.Fatalf("caseStateOf: %v", err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		w.t.Fatal(err)
	}
	return string(b)
}

// caseLastAudit is the newest audit record.
func caseLastAudit(w *world) *auditrec.Record {
	w.t.Helper()
	var es []*nsor.AuditEntry
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { es, err = tx.AuditRecords(nsor.AuditFilter{}); return err }); err != nil {
		w.t.Fatalf("AuditRecords: %v", err)
	}
	if len(es) == 0 {
		w.t.Fatal("no audit records")
	}
	return es[len(es)-1].Record
}

// caseRefusal is one act that must be refused with code, recorded as the
// refusal of action.
type caseRefusal struct {
	name   string
	action string // the audit record's action
	code   string
	act    func() error
}

// caseRefuses runs each refusal against w and checks that it is refused
// with its code, that nothing but its audit record was written, and that
// the audit record is the refusal, with the code.
func caseRefuses(t *testing.T, w *world, refusals []caseRefusal) {
	t.Helper()
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			before, audits := caseStateOf(w), w.auditCount()
			err := r.act()
			wantCode(t, r.name, err, r.code)
			if after := caseStateOf(w); after != before {
				t.Errorf("%s: refused, but the store changed", r.name)
			}
			if n := w.auditCount(); n != audits+1 {
				t.Errorf("%s: %d audit records added, want 1 (the refusal)", r.name, n-audits)
				return
			}
			rec := caseLastAudit(w)
			if rec.Outcome != auditrec.OutcomeRefused || rec.Code != r.code || rec.Action != r.action {
				t.Errorf("%s: audit record = %s %s %s, want %s refused %s", r.name, rec.Action, rec.Outcome, rec.Code, r.action, r.code)
			}
		})
	}
}

// caseAPI signs username in over the API, as a person does (password and a
// fresh TOTP code), and returns the actor its token authenticates: an
// administrator's acts over the API need a second administrator where the
// console's do not.
func caseAPI(w *world, username string) *nsor.Actor {
	w.t.Helper()
	a, err := w.svc.Authenticate(w.ctx, caseSignIn(w, username), caseClient)
	if err != nil {
		w.t.Fatalf("Authenticate(%s) = %v", username, err)
	}
	return a
}

// caseClient is where the tests' API calls come from.
var caseClient = nsor.Client{Addr: "192.0.2.10", Source: "api"}

// caseSignIn signs username in and returns the session token's secret.
func caseSignIn(w *world, username string) string {
	w.t.Helper()
	acc := w.seed.Users[username]
	w.clock.Advance(30 * time.Second) // a fresh TOTP step: each code is accepted once
	code, err := auth.Code(acc.TOTPSecret, w.clock.Now())
	if err != nil {
		w.t.Fatal(err)
	}
	secret, _, _, err := w.svc.SignIn(w.ctx, username, acc.Password, code, caseClient)
	if err != nil {
		w.t.Fatalf("SignIn(%s) = %v", username, err)
	}
	return secret
}

// caseJurisdiction is the seeded jurisdiction of code.
func caseJurisdiction(w *world, code string) *nsor.Jurisdiction {
	w.t.Helper()
	var j *nsor.Jurisdiction
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { j, err = tx.JurisdictionByCode(code); return err }); err != nil {
		w.t.Fatalf("JurisdictionByCode(%s): %v", code, err)
	}
	return j
}

// caseFIR reads an FIR as the store holds it.
func caseFIR(w *world, id int64) *nsor.FIR {
	w.t.Helper()
	var f *nsor.FIR
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { f, err = tx.FIR(id); return err }); err != nil {
		w.t.Fatalf("FIR(%d): %v", id, err)
	}
	return f
}

// caseUser reads a user as the store holds them.
func caseUser(w *world, id int64) *nsor.User {
	w.t.Helper()
	var u *nsor.User
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { u, err = tx.User(id); return err }); err != nil {
		w.t.Fatalf("User(%d): %v", id, err)
	}
	return u
}

// caseRequestsOf lists the requests of an FIR.
func caseRequestsOf(w *world, firID int64) []*nsor.Request {
	w.t.Helper()
	var rs []*nsor.Request
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { rs, err = tx.Requests(nsor.RequestFilter{FIRID: firID}); return err }); err != nil {
		w.t.Fatalf("Requests(FIR %d): %v", firID, err)
	}
	return rs
}

// caseFIRWhere is the first seeded FIR of username whose requests satisfy
// ok (all of them; an FIR without requests passes with none).
func caseFIRWhere(w *world, username string, ok func(rs []*nsor.Request) bool) *nsor.FIR {
	w.t.Helper()
	io := w.as(username)
	for _, id := range w.seed.FIRs {
		f := caseFIR(w, id)
		if f.IOUserID == io.ID() && ok(caseRequestsOf(w, id)) {
			return f
		}
	}
	w.t.Fatalf("no seeded FIR of %s fits", username)
	return nil
}

// caseNotes counts a user's notifications of kind.
func caseNotes(w *world, userID int64, kind nsor.NotificationKind) int {
	w.t.Helper()
	var ns []*nsor.Notification
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { ns, err = tx.Notifications(userID, false, 0, 1000); return err }); err != nil {
		w.t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Kind == kind {
			n++
		}
	}
	return n
}
