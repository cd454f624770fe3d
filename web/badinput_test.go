package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/auditrec"
	"nsor/client"
)

// digest summarises everything an act could write: FIRs, requests and their
// versions, and the audit records of acts that happened. A refused call may
// add only a refusal record.
func digest(t *testing.T, e *env) string {
	t.Helper()
	var s string
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		fs, err := tx.FIRs(nsor.FIRFilter{})
		if err != nil {
			return err
		}
		rs, err := tx.Requests(nsor.RequestFilter{})
		if err != nil {
			return err
		}
		es, err := tx.AuditRecords(nsor.AuditFilter{})
		ok := 0
		for _, en := range es {
			if en.Record.Outcome == auditrec.OutcomeOK {
				ok++
			}
		}
		s = fmt.Sprintf("firs=%d requests=%d ok-audit=%d", len(fs), len(rs), ok)
		for _, f := range fs {
			s += fmt.Sprintf(" fir%d:v%d:%d", f.ID, f.Version, len(f.Accused))
		}
		for _, r := range rs {
			s += fmt.Sprintf(" req%d:v%d:%s", r.ID, r.Version, r.State)
		}
		if err != nil {
			return err
		}
		s += registerAndAccounts(tx)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// registerAndAccounts summarises the pending register changes, the
// accounts and their tokens: what the text policy's refusals could write.
func registerAndAccounts(tx nsor.Tx) string {
	vs, err := tx.PendingVersions(nil, 1000)
	if err != nil {
		return "pending=" + err.Error()
	}
	us, err := tx.Users(nsor.UserFilter{IncludeDisabled: true})
	if err != nil {
		return "users=" + err.Error()
	}
	tokens := 0
	for _, u := range us {
		ts, _ := tx.Tokens(u.ID)
		tokens += len(ts)
	}
	return fmt.Sprintf(" pending=%d users=%d tokens=%d", len(vs), len(us), tokens)
}

// lastRefusal returns the newest audit record if it is a refusal.
func lastRefusal(t *testing.T, e *env) *auditrec.Record {
	t.Helper()
	var rec *auditrec.Record
	_ = e.db.View(e.ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{})
		if len(es) > 0 && es[len(es)-1].Record.Outcome == auditrec.OutcomeRefused {
			rec = es[len(es)-1].Record
		}
		return err
	})
	return rec
}

// refusal is one bad input: the call, and what it must get.
type refusal struct {
	name    string
	call    func() error
	status  int
	code    string
	field   string
	audited bool // the refusal touches register data or authority
}

func TestBadInputIsRefused(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	io, io2, dppOut := e.login(c.io1), e.login(c.io2), e.login(e.user("dpp.rwp", nsor.RoleDPP, "PB-RWP-RWP"))
	dpp := e.login(c.dpp)
	fir, err := io.CreateFIR(e.ctx, firInput(e), "")
	if err != nil {
		t.Fatal(err)
	}
	draft, err := io.CreateRequest(e.ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID},
		Grounds: "Named by the victim; prior record needed.", Declaration: true}, "key-1")
	if err != nil {
		t.Fatal(err)
	}
	checkRefusals(t, e, badInputs(e, io, io2, dpp, dppOut, fir, draft.ID))
}

// checkRefusals makes each call and requires its status, code and field,
// nothing written, and (where it touches register data or authority) the
// refusal recorded.
func checkRefusals(t *testing.T, e *env, cases []refusal) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := digest(t, e)
			err := tc.call()
			p := problem(t, tc.name, err, tc.status, tc.code)
			if tc.field != "" && !hasField(p, tc.field) {
				t.Errorf("%s: fields = %+v, want %s", tc.name, p.Errors, tc.field)
			}
			if after := digest(t, e); after != before {
				t.Errorf("%s wrote something:\nbefore %s\nafter  %s", tc.name, before, after)
			}
			if rec := lastRefusal(t, e); tc.audited && (rec == nil || rec.Code != tc.code) {
				t.Errorf("%s: last audit record = %+v, want a refusal with code %s", tc.name, rec, tc.code)
			}
		})
	}
}

func hasField(p *client.Error, field string) bool {
	for _, f := range p.Errors {
		if f.Field == field {
			return true
		}
	}
	return false
}

func badInputs(e *env, io, io2, dpp, dppOut *client.Client, fir *client.FIR, draft int64) []refusal {
	otherStation := e.station("PB-RWP-RWP", 1).ID
	withFIR := func(change func(*nsor.FIRInput)) func() error {
		return func() error {
			in := firInput(e)
			in.Number = "B-1"
			change(&in)
			_, err := io.CreateFIR(e.ctx, in, "")
			return err
		}
	}
	actOn := func(c *client.Client, action string, body map[string]any) func() error {
		return func() error { _, err := c.Act(e.ctx, draft, action, body); return err }
	}
	reqBody := nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[1].ID}, Grounds: "Named by the victim; prior record needed.", Declaration: true}
	return []refusal{
		{name: "malformed CNIC", call: withFIR(func(in *nsor.FIRInput) { in.Accused[0].CNIC = "3520-21234567-1" }),
			status: 422, code: "cnic.malformed", field: "accused[0].cnic", audited: true},
		{name: "CNIC of no province", call: withFIR(func(in *nsor.FIRInput) { in.Accused[0].CNIC = "8520212345671" }),
			status: 422, code: "cnic.unknown_province", field: "accused[0].cnic"},
		{name: "ineligible section", call: withFIR(func(in *nsor.FIRInput) { in.Sections = []string{"506 PPC", "420"} }),
			status: 422, code: "fir.no_eligible_section", field: "sections"},
		{name: "unknown section", call: withFIR(func(in *nsor.FIRInput) { in.Sections = []string{"376 PPC", "PPC 9999"} }),
			status: 422, code: "section.unrecognised", field: "sections"},
		{name: "victim of unknown gender", call: withFIR(func(in *nsor.FIRInput) { in.Victim.Gender = "x" }),
			status: 422, code: "gender.unknown", field: "victim.gender"},
		{name: "victim without a name", call: withFIR(func(in *nsor.FIRInput) { in.Victim.Name = " " }),
			status: 422, code: "victim.name_required", field: "victim.name"},
		{name: "station of another district", call: withFIR(func(in *nsor.FIRInput) { in.StationID = otherStation }),
			status: 422, code: "fir.station_unknown", field: "station_id"},
		{name: "suspect not on the FIR", call: func() error {
			in := reqBody
			in.Suspects = []int64{999999}
			_, err := io.CreateRequest(e.ctx, in, "")
			return err
		}, status: 422, code: "request.suspect_not_on_fir", field: "suspects[0]", audited: true},
		{name: "duplicate open request", call: func() error {
			in := reqBody
			in.Suspects = []int64{fir.Accused[0].ID}
			_, err := io.CreateRequest(e.ctx, in, "")
			return err
		}, status: 409, code: "request.duplicate", audited: true},
		{name: "missing FIR copy", call: actOn(io, "submit", map[string]any{"version": 1}),
			status: 422, code: "request.fir_copy_missing", field: "fir.copy", audited: true},
		{name: "wrong file type", call: func() error {
			_, err := io.PutFIRCopy(e.ctx, fir.ID, []byte("GIF89a not a PDF at all"))
			return err
		}, status: 415, code: "upload.type", field: "file", audited: true},
		{name: "oversized upload", call: func() error {
			big := append(bytes.Clone(samplePDF), make([]byte, 10<<20)...)
			_, err := io.PutFIRCopy(e.ctx, fir.ID, big)
			return err
		}, status: 413, code: "upload.too_large", field: "file"},
		{name: "oversized body", call: func() error {
			_, err := io.Do(e.ctx, http.MethodPost, "/api/v1/requests", map[string]any{"grounds": strings.Repeat("x", 2<<20)}, nil)
			return err
		}, status: 413, code: "body.too_large", field: "body"},
		{name: "unknown JSON field", call: func() error {
			_, err := io.Do(e.ctx, http.MethodPost, "/api/v1/requests", map[string]any{"fir_id": fir.ID, "suspect_name": "X"}, nil)
			return err
		}, status: 400, code: "body.unknown_field", field: "suspect_name"},
		{name: "field of another act", call: actOn(io, "submit", map[string]any{"version": 1, "reason": "x"}),
			status: 400, code: "body.unknown_field", field: "reason"},
		{name: "transition from the wrong state", call: actOn(io, "resubmit", map[string]any{"version": 1, "clarification": "Clarified."}),
			status: 409, code: "request.wrong_state", audited: true},
		{name: "stale version", call: actOn(io, "withdraw", map[string]any{"version": 7}),
			status: 409, code: "version.stale", field: "version", audited: true},
		{name: "no version", call: actOn(io, "withdraw", map[string]any{}),
			status: 428, code: "version.required", field: "version", audited: true},
		{name: "idempotency key reused with another body", call: func() error {
			in := reqBody
			in.Grounds = "Different grounds this time, same key."
			_, err := io.CreateRequest(e.ctx, in, "key-1")
			return err
		}, status: 422, code: "idempotency.key_reused", field: "Idempotency-Key", audited: true},
		{name: "another officer's request", call: func() error { _, err := io2.Request(e.ctx, draft); return err },
			status: 404, code: "request.not_found", audited: true},
		{name: "another officer's request, an act", call: func() error {
			_, err := io2.Act(e.ctx, draft, "withdraw", map[string]any{"version": 1})
			return err
		}, status: 404, code: "request.not_found", audited: true},
		{name: "another district's prosecutor", call: func() error {
			_, err := dppOut.Act(e.ctx, draft, "forward", map[string]any{"version": 1, "checklist": fullChecklist})
			return err
		}, status: 404, code: "request.not_found", audited: true},
		{name: "a draft is not the prosecutor's", call: func() error {
			_, err := dpp.Act(e.ctx, draft, "return", map[string]any{"version": 1, "reason": "Not yours to see."})
			return err
		}, status: 404, code: "request.not_found", audited: true},
		{name: "no token", call: func() error { _, err := e.api.Request(e.ctx, draft); return err },
			status: 401, code: "auth.required"},
		{name: "forged token", call: func() error { _, err := e.api.As("nsor_forged").Request(e.ctx, draft); return err },
			status: 401, code: "auth.token_invalid", audited: true},
	}
}

// TestIdempotentReplay: the same key with the same body makes one request.
func TestIdempotentReplay(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	io := e.login(c.io1)
	fir, err := io.CreateFIR(e.ctx, firInput(e), "fir-1")
	if err != nil {
		t.Fatal(err)
	}
	again, err := io.CreateFIR(e.ctx, firInput(e), "fir-1")
	if err != nil || again.ID != fir.ID {
		t.Fatalf("replayed CreateFIR = %d, %v, want the same FIR %d", again.ID, err, fir.ID)
	}
	in := nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID}, Grounds: "Named by the victim; prior record needed.", Declaration: true}
	r1, err := io.CreateRequest(e.ctx, in, "req-1")
	if err != nil {
		t.Fatal(err)
	}
	r2, err := io.CreateRequest(e.ctx, in, "req-1")
	if err != nil || r2.ID != r1.ID {
		t.Fatalf("replayed CreateRequest = %d, %v, want the same request %d", r2.ID, err, r1.ID)
	}
}

// TestCNICGenderMismatchIsAWarning: accepted, with a warning naming the field.
func TestCNICGenderMismatchIsAWarning(t *testing.T) {
	e := newEnv(t)
	io := e.login(newCast(e).io1)
	in := firInput(e)
	in.Accused[0].CNIC = "91234-5678901-2" // even: usually a woman
	f, err := io.CreateFIR(e.ctx, in, "")
	if err != nil {
		t.Fatalf("CreateFIR: %v", err)
	}
	if len(f.Warnings) != 1 || f.Warnings[0].Code != "cnic.gender_mismatch" || f.Warnings[0].Field != "accused[0].cnic" {
		t.Errorf("warnings = %+v, want cnic.gender_mismatch on accused[0].cnic", f.Warnings)
	}
}

// TestSignInRefusals: a wrong second factor, a reused code, a wrong password
// and an unknown user all get the same answer; failures from an address the
// user signed in from lock it for ten minutes after the higher allowance of
// a known address; every refusal is recorded.
func TestSignInRefusals(t *testing.T) {
	e := newEnv(t)
	u := e.user("io.signin", nsor.RoleIO, "PB-LHR-LHR")
	signIn := func(name, password, code string) error {
		_, _, err := e.api.SignIn(e.ctx, name, password, code)
		return err
	}
	code := e.code(u)
	if err := signIn(u.Username, u.Password, code); err != nil {
		t.Fatalf("first sign-in: %v", err)
	}
	for name, err := range map[string]error{
		"reused code":    signIn(u.Username, u.Password, code),
		"wrong code":     signIn(u.Username, u.Password, wrongCode(code)),
		"wrong password": signIn(u.Username, "not the password at all", e.code(u)),
		"unknown user":   signIn("nobody.here", u.Password, code),
		"empty password": signIn(u.Username, "", e.code(u)),
	} {
		problem(t, name, err, 401, "auth.invalid_credentials")
		if rec := lastRefusal(t, e); rec == nil || rec.Action != "auth.signin" {
			t.Errorf("%s: last audit record = %+v, want a refused auth.signin", name, rec)
		}
	}
	// Four failures of this account happened above (the unknown user is not
	// this account's), from the address it signed in from: the rest of the
	// known address's allowance locks it, at the pace the address's
	// throttle lets through.
	cfg := e.svc.Config()
	for range cfg.LockoutKnownAfter - 4 {
		e.clock.Advance(cfg.SignInEvery)
		problem(t, "wrong password from a known address", signIn(u.Username, "wrong again, locking", e.code(u)), 401, "auth.invalid_credentials")
	}
	problem(t, "correct credentials while locked", signIn(u.Username, u.Password, e.code(u)), 401, "auth.invalid_credentials")
	e.clock.Advance(10 * time.Minute)
	if err := signIn(u.Username, u.Password, e.code(u)); err != nil {
		t.Errorf("sign-in after the lock expired: %v", err)
	}
}

func wrongCode(code string) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

// TestTokenRevocation: a token dies with its expiry, with sign-out, and with
// any change of the user's role, password or second factor.
func TestTokenRevocation(t *testing.T) {
	e := newEnv(t)
	u := e.user("io.tokens", nsor.RoleIO, "PB-LHR-LHR")
	admin := e.login(e.users["admin"])
	me := func(c *client.Client) error {
		_, err := c.Do(e.ctx, http.MethodGet, "/api/v1/me", nil, nil)
		return err
	}

	c1 := e.login(u)
	if _, err := c1.Do(e.ctx, http.MethodDelete, "/api/v1/auth/token", nil, nil); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	problem(t, "signed-out token", me(c1), 401, "auth.token_revoked")

	c2 := e.login(u)
	role := nsor.RoleDPO
	if _, err := admin.Do(e.ctx, http.MethodPatch, "/api/v1/users/"+itoa(u.ID), map[string]any{"role": role}, nil); err != nil {
		t.Fatalf("change role: %v", err)
	}
	problem(t, "token after a role change", me(c2), 401, "auth.token_revoked")

	c3 := e.login(u)
	e.clock.Advance(12*time.Hour + time.Second)
	problem(t, "expired token", me(c3), 401, "auth.token_expired")
	if rec := lastRefusal(t, e); rec == nil || rec.Code != "auth.token_expired" {
		t.Errorf("last audit record = %+v, want the expired token's refusal", rec)
	}
}
