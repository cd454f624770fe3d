package web_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"nsor"
	"nsor/client"
)

// caseDigest summarises every case and its evidence, so that a refused call
// can be shown to have changed none.
func caseDigest(t *testing.T, e *env) string {
	t.Helper()
	var s string
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		cs, err := tx.MisuseCases(nsor.CaseFilter{})
		for _, c := range cs {
			full, err := tx.MisuseCase(c.ID)
			if err != nil {
				return err
			}
			s += fmt.Sprintf(" case%d:v%d:%s:%d", c.ID, c.Version, c.State, len(full.Evidence))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// unchanged wraps a call so that it also fails the test when any case
// changed.
func unchanged(t *testing.T, e *env, call func() error) func() error {
	return func() error {
		before := caseDigest(t, e)
		err := call()
		if after := caseDigest(t, e); after != before {
			t.Errorf("a refused call changed the cases:\nbefore%s\nafter %s", before, after)
		}
		return err
	}
}

// TestMisuseCaseRefusals: every rule of a case refuses bad input with its
// status, code and field, changes no case, and is recorded; to anyone but an
// auditor the cases do not exist; a token without the cases scope is refused.
func TestMisuseCaseRefusals(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	rel := releaseOne(t, e, c)
	aud, io, dpo := e.login(c.auditor), e.login(c.io1), e.login(c.dpo)
	read := firstRecord(t, e, nsor.AuditFilter{Action: "release.read"})
	system := firstRecord(t, e, nsor.AuditFilter{Action: "user.create"}) // the bootstrap, by the console
	ownSignin := firstRecord(t, e, nsor.AuditFilter{Action: "auth.signin", ActorID: c.auditor.ID})
	open := caseCall(t, e, aud, http.MethodPost, "/api/v1/audit/cases", map[string]any{"disclosure_number": rel.number, "reason": "Copy found (synthetic)."}, 0)
	access := caseCall(t, e, aud, http.MethodPost, "/api/v1/audit/cases", map[string]any{"audit_record_id": read, "reason": "Read at night (synthetic)."}, 0)
	caseCall(t, e, aud, http.MethodPost, "/api/v1/audit/cases/"+itoa(open.ID)+"/evidence", map[string]any{"audit_record_id": read, "reason": "The read."}, 1)
	closed := caseCall(t, e, aud, http.MethodPost, "/api/v1/audit/cases", map[string]any{"audit_record_id": read, "reason": "Another look (synthetic)."}, 0)
	caseCall(t, e, aud, http.MethodPost, "/api/v1/audit/cases/"+itoa(closed.ID)+"/decision", map[string]any{"outcome": "closed", "reason": "Nothing found."}, 1)
	scoped := scopedClient(t, e, c.auditor, nsor.ScopeAuditRead)

	do := func(cl *client.Client, method, path string, body map[string]any, version int) func() error {
		return unchanged(t, e, func() error {
			var hdrs []client.Header
			if version > 0 {
				hdrs = append(hdrs, client.Header{Key: "If-Match", Value: fmt.Sprintf(`"v%d"`, version)})
			}
			_, err := cl.Do(e.ctx, method, "/api/v1/audit/cases"+path, body, nil, hdrs...)
			return err
		})
	}
	opening := func(body map[string]any) func() error { return do(aud, http.MethodPost, "", body, 0) }
	o, a, cl := "/"+itoa(open.ID), "/"+itoa(access.ID), "/"+itoa(closed.ID)
	ev := func(id int64, why string) map[string]any { return map[string]any{"audit_record_id": id, "reason": why} }
	decision := func(outcome, why string) map[string]any { return map[string]any{"outcome": outcome, "reason": why} }
	cases := []refusal{
		{name: "no subject", call: opening(map[string]any{"reason": "Copy found."}), status: 422, code: "case.subject_required", field: "disclosure_number", audited: true},
		{name: "two subjects", call: opening(map[string]any{"disclosure_number": rel.number, "audit_record_id": read, "reason": "Copy found."}), status: 422, code: "case.subject_required", field: "disclosure_number", audited: true},
		{name: "malformed disclosure", call: opening(map[string]any{"disclosure_number": "12", "reason": "Copy found."}), status: 422, code: "disclosure.malformed", field: "disclosure_number", audited: true},
		{name: "unknown disclosure", call: opening(map[string]any{"disclosure_number": "DN-2026-999999", "reason": "Copy found."}), status: 422, code: "case.disclosure_unknown", field: "disclosure_number", audited: true},
		{name: "unknown access", call: opening(map[string]any{"audit_record_id": 999999, "reason": "Read at night."}), status: 422, code: "case.audit_record_unknown", field: "audit_record_id", audited: true},
		{name: "system act", call: opening(map[string]any{"audit_record_id": system, "reason": "Read at night."}), status: 422, code: "case.subject_not_access", field: "audit_record_id", audited: true},
		{name: "own conduct", call: opening(map[string]any{"audit_record_id": ownSignin, "reason": "Checking myself."}), status: 403, code: "case.own_conduct", audited: true},
		{name: "empty reason", call: opening(map[string]any{"disclosure_number": rel.number, "reason": "  "}), status: 422, code: "reason.required", field: "reason", audited: true},
		{name: "unknown evidence", call: do(aud, http.MethodPost, o+"/evidence", ev(999999, "The read."), 2), status: 422, code: "case.evidence_unknown", field: "audit_record_id", audited: true},
		{name: "evidence twice", call: do(aud, http.MethodPost, o+"/evidence", ev(read, "Again."), 2), status: 409, code: "case.evidence_duplicate", audited: true},
		{name: "evidence without why", call: do(aud, http.MethodPost, o+"/evidence", ev(read, ""), 2), status: 422, code: "reason.required", field: "reason", audited: true},
		{name: "stale version", call: do(aud, http.MethodPost, o+"/evidence", ev(read, "The read."), 1), status: 409, code: "version.stale", field: "version", audited: true},
		{name: "no version", call: do(aud, http.MethodPost, o+"/decision", decision("closed", "Nothing found."), 0), status: 428, code: "version.required", field: "version", audited: true},
		{name: "bad If-Match", call: do(aud, http.MethodPost, o+"/decision", withVersion(decision("closed", "Nothing found."), 7), 2), status: 400, code: "version.malformed", field: "If-Match"},
		{name: "unknown outcome", call: do(aud, http.MethodPost, o+"/decision", decision("dismissed", "Nothing found."), 2), status: 422, code: "case.outcome_invalid", field: "outcome", audited: true},
		{name: "referral without evidence", call: do(aud, http.MethodPost, a+"/decision", decision("referred", "Read at night."), 1), status: 422, code: "case.evidence_required", field: "outcome", audited: true},
		{name: "outcome without reason", call: do(aud, http.MethodPost, o+"/decision", decision("closed", "no"), 2), status: 422, code: "reason.required", field: "reason", audited: true},
		{name: "outcome on a closed case", call: do(aud, http.MethodPost, cl+"/decision", decision("referred", "Second thoughts."), 2), status: 409, code: "case.not_open", audited: true},
		{name: "evidence on a closed case", call: do(aud, http.MethodPost, cl+"/evidence", ev(read, "Late."), 2), status: 409, code: "case.not_open", audited: true},
		{name: "disclosure of a closed case", call: do(aud, http.MethodGet, cl+"/disclosure", nil, 0), status: 409, code: "case.not_open", audited: true},
		{name: "disclosure of an access case", call: do(aud, http.MethodGet, a+"/disclosure", nil, 0), status: 409, code: "case.no_disclosure", audited: true},
		{name: "no such case", call: do(aud, http.MethodGet, "/999999", nil, 0), status: 404, code: "case.not_found", audited: true},
		{name: "case of no number", call: do(aud, http.MethodGet, "/x", nil, 0), status: 404, code: "case.not_found"},
		{name: "unknown state", call: do(aud, http.MethodGet, "?state=pending", nil, 0), status: 422, code: "case.state_unknown", field: "state", audited: true},
		{name: "officer reads a case", call: do(io, http.MethodGet, o, nil, 0), status: 404, code: "case.not_found", audited: true},
		{name: "officer reads the disclosure", call: do(io, http.MethodGet, o+"/disclosure", nil, 0), status: 404, code: "case.not_found", audited: true},
		{name: "DPO lists cases", call: do(dpo, http.MethodGet, "", nil, 0), status: 404, code: "case.not_found", audited: true},
		{name: "DPO opens a case", call: do(dpo, http.MethodPost, "", map[string]any{"audit_record_id": read, "reason": "Read at night."}, 0), status: 404, code: "case.not_found", audited: true},
		{name: "DPO decides", call: do(dpo, http.MethodPost, o+"/decision", decision("closed", "Nothing found."), 2), status: 404, code: "case.not_found", audited: true},
		{name: "token without the cases scope", call: do(scoped, http.MethodGet, o, nil, 0), status: 403, code: "auth.scope", audited: true},
	}
	checkRefusals(t, e, cases)
}

// withVersion returns a body with the version field added.
func withVersion(body map[string]any, v int) map[string]any {
	body["version"] = v
	return body
}

// scopedClient is a machine token carrying only scopes, of a service account
// of u's role and jurisdiction made at the server's console (machine tokens
// belong to service accounts, never to a person).
func scopedClient(t *testing.T, e *env, u *testUser, scopes ...string) *client.Client {
	t.Helper()
	return e.api.As(serviceToken(t, e, "svc."+u.Username, u.Role, u.JurisdictionID, scopes...))
}

// serviceToken makes a service account at the console and returns a machine
// token of it carrying scopes.
func serviceToken(t *testing.T, e *env, username string, role nsor.Role, jurisdiction int64, scopes ...string) string {
	t.Helper()
	made, err := e.svc.CreateServiceAccount(e.ctx, e.admin, nsor.NewServiceAccount{Username: username,
		Name: "Scoped client (synthetic)", Role: role, JurisdictionID: jurisdiction, Scopes: scopes})
	if err != nil {
		t.Fatalf("CreateServiceAccount: %v", err)
	}
	tok, err := e.svc.IssueMachineToken(e.ctx, e.admin, made.User.ID, "scoped client (synthetic)", scopes, 24*time.Hour)
	if err != nil {
		t.Fatalf("IssueMachineToken: %v", err)
	}
	return tok.Token
}
