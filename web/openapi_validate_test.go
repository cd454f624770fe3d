package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"nsor"
	"nsor/client"
)

// The validating transport holds every call of the end-to-end tests to the
// OpenAPI document, which the tests hold the API to (docs/api.md). newEnv wires it into the API
// client, so that every request a test sends and every response it gets is
// validated: a response the document does not describe (an undocumented
// field or status, a wrong type, a missing header) fails the test, and so
// does a request the document refuses but the server accepts. A request the
// document refuses and the server refuses too (4xx) is a test of a refusal,
// and only its response is held to the document.

// reporter is the part of *testing.T the transport reports to; the
// planted-bug control gives it a recorder instead.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Logf(format string, args ...any)
}

// contract is the document and its router, loaded once per test binary.
var contract struct {
	once   sync.Once
	router routers.Router
	err    error
}

// contractRouter returns the router of web/openapi.json.
func contractRouter() (routers.Router, error) {
	contract.once.Do(func() {
		var doc *openapi3.T
		doc, contract.err = loadDocument("openapi.json")
		if contract.err == nil {
			contract.router, contract.err = gorillamux.NewRouter(doc)
		}
	})
	return contract.router, contract.err
}

// loadDocument loads and validates the document at path.
func loadDocument(path string) (*openapi3.T, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, err
	}
	return doc, doc.Validate(context.Background())
}

// validatingClient returns a copy of hc whose transport validates every call
// against the OpenAPI document and reports mismatches to t.
func validatingClient(t *testing.T, hc *http.Client) *http.Client {
	t.Helper()
	router, err := contractRouter()
	if err != nil {
		t.Fatalf("loading openapi.json = %v, want a valid document", err)
	}
	cp := *hc
	cp.Transport = &validatingTransport{next: hc.Transport, router: router, report: t}
	return &cp
}

// validatingTransport is an http.RoundTripper that validates each request and
// its response against the document.
type validatingTransport struct {
	next   http.RoundTripper
	router routers.Router
	report reporter
	// seen, when set, is told the operation ("METHOD /path" as documented)
	// of every valid request the server did not refuse.
	seen func(op string)
}

// options are the validator's: authentication is the server's business (the
// document only says which scheme), every status must be documented, and
// every problem is reported at once.
var options = &openapi3filter.Options{
	AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	IncludeResponseStatus: true,
	MultiError:            true,
}

// RoundTrip sends req and validates it and its response. It sends a clone
// of req, since the body must be read twice and a RoundTripper does not
// change the request it is given.
func (v *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	send := req.Clone(req.Context())
	body, err := drain(&send.Body)
	if err != nil {
		return nil, err
	}
	call := v.validateRequest(req, body)
	next := v.next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(send)
	if err != nil {
		return resp, err
	}
	respBody, err := drain(&resp.Body)
	if err != nil {
		return nil, err
	}
	v.validateResponse(call, resp, respBody)
	return resp, nil
}

// call is one request as the validator saw it.
type call struct {
	method, path string
	input        *openapi3filter.RequestValidationInput // nil when the document has no such call
	routeErr     error
	requestErr   error
}

// validateRequest finds req's operation in the document and validates req
// against it; body is its body, already read.
func (v *validatingTransport) validateRequest(req *http.Request, body []byte) *call {
	c := &call{method: req.Method, path: req.URL.Path}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		c.routeErr = err
		return c
	}
	vreq := req.Clone(req.Context())
	vreq.Body = io.NopCloser(bytes.NewReader(body))
	c.input = &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route, Options: options}
	c.requestErr = openapi3filter.ValidateRequest(req.Context(), c.input)
	return c
}

// validateResponse reports a response the document does not describe, and a
// request the document refuses that the server did not refuse.
func (v *validatingTransport) validateResponse(c *call, resp *http.Response, body []byte) {
	v.report.Helper()
	refused := resp.StatusCode >= 400 && resp.StatusCode < 500
	switch {
	case c.routeErr != nil && resp.StatusCode == http.StatusNotFound:
		v.report.Logf("%s %s = 404: not a call of the document (%v)", c.method, c.path, c.routeErr)
		return
	case c.routeErr != nil:
		v.report.Errorf("FindRoute(%s %s) = %v, want a documented call (the server answered %d)", c.method, c.path, c.routeErr, resp.StatusCode)
		return
	case c.requestErr != nil && !refused:
		v.report.Errorf("ValidateRequest(%s %s) = %v, but the server answered %d; want the server to refuse what the document refuses",
			c.method, c.path, c.requestErr, resp.StatusCode)
	case c.requestErr != nil:
		v.report.Logf("%s %s: a request the document refuses, refused with %d (%v)", c.method, c.path, resp.StatusCode, c.requestErr)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: c.input, Status: resp.StatusCode,
		Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)), Options: options}
	if err := openapi3filter.ValidateResponse(c.input.Request.Context(), out); err != nil {
		v.report.Errorf("ValidateResponse(%s %s, status %d) = %v, want a response the document describes\nbody: %s",
			c.method, c.path, resp.StatusCode, err, clip(body))
	}
	if c.input.Route.Operation.Responses.Status(resp.StatusCode) == nil {
		// The default response takes any status; each one the server
		// produces must still be listed, so that clients know it.
		v.report.Errorf("%s %s answered %d, which the document does not list for %s\nbody: %s",
			c.method, c.path, resp.StatusCode, c.input.Route.Operation.OperationID, clip(body))
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if bad := instantsOutOfForm(body); len(bad) > 0 {
			v.report.Errorf("%s %s: instants %q, want each as 2026-12-03T10:04:05.000Z (RFC 3339, UTC, three fractional digits)", c.method, c.path, bad)
		}
	}
	if v.seen != nil && c.requestErr == nil && resp.StatusCode < 400 {
		v.seen(c.input.Route.Method + " " + c.input.Route.Path)
	}
}

// drain reads *rc to the end and replaces it with a reader of the same bytes.
func drain(rc *io.ReadCloser) ([]byte, error) {
	if *rc == nil || *rc == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(*rc)
	(*rc).Close()
	*rc = io.NopCloser(bytes.NewReader(b))
	return b, err
}

// clip shortens a body for a failure message.
func clip(b []byte) string {
	const max = 2000
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}

// recorder is a reporter that keeps what it is told, for the control.
type recorder struct {
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Helper()             {}
func (r *recorder) Logf(string, ...any) {}
func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// A valid answer of GET /api/v1/me, and the parts the control plants bugs in.
const (
	meUser     = `{"id":1,"username":"io.lhr1","name":"Officer io.lhr1","role":"io","jurisdiction_id":5,"disabled":false,"created_at":"2026-11-02T09:00:00.000Z"}`
	meJur      = `{"id":5,"kind":"district","code":"PB-LHR-LHR","name":"Lahore","parent_id":4,"head":"CCPO","version":1}`
	meToken    = `{"id":3,"user_id":1,"kind":"session","scopes":["*"],"created_at":"2026-11-02T09:00:00.000Z","expires_at":"2026-11-02T21:00:00.000Z"}`
	meOK       = `{"user":` + meUser + `,"jurisdiction":` + meJur + `,"token":` + meToken + `}`
	problemDoc = `{"type":"urn:nsor:problem:body.unknown_field","title":"Bad Request","status":400,"detail":"No.","code":"body.unknown_field"}`
)

// TestValidatorCatchesPlantedBugs is the planted-bug control of the
// validating transport: against a fake server that answers with an
// undocumented field, a wrong type, an undocumented status, or accepts a
// request the document refuses, it must report; against correct answers and
// a correctly refused request it must not.
func TestValidatorCatchesPlantedBugs(t *testing.T) {
	for _, tc := range []struct {
		name, method, path, reqBody string
		status                      int
		respBody                    string
		want                        string // in the report; "" for none
	}{
		{"documented answer", "GET", "/api/v1/me", "", 200, meOK, ""},
		{"undocumented field", "GET", "/api/v1/me", "", 200, strings.Replace(meOK, `"disabled":false`, `"disabled":false,"password_hash":"x"`, 1), "password_hash"},
		{"wrong type", "GET", "/api/v1/jurisdictions", "", 200, `{"items":[` + strings.Replace(meJur, `"id":5`, `"id":"5"`, 1) + `]}`, "must be an integer"},
		{"missing field", "GET", "/api/v1/me", "", 200, strings.Replace(meOK, `"username":"io.lhr1",`, "", 1), "username"},
		{"undocumented status", "GET", "/api/v1/me", "", 418, problemDoc, "418"},
		{"status only the default takes", "GET", "/api/v1/me", "", 409, problemDoc, "does not list"},
		{"instant of another form", "GET", "/api/v1/me", "", 200, strings.Replace(meOK, `21:00:00.000Z`, `21:00:00Z`, 1), "three fractional digits"},
		{"accepted invalid request", "POST", "/api/v1/me/password", `{"current_password":"a","new_password":"b","code":"123456","admin":true}`, 204, "", "admin"},
		{"refused invalid request", "POST", "/api/v1/me/password", `{"current_password":"a","new_password":"b","code":"123456","admin":true}`, 400, problemDoc, ""},
		{"undocumented call", "GET", "/api/v1/backdoor", "", 200, `{}`, "FindRoute"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := runFake(t, tc.method, tc.path, tc.reqBody, tc.status, tc.respBody)
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("validator on %s = %q, want no report", tc.name, got)
			case tc.want != "" && (len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), tc.want)):
				t.Errorf("validator on %s = %q, want a report naming %q", tc.name, got, tc.want)
			}
		})
	}
}

// runFake sends one call through the validating transport to a fake server
// that answers with status and body, and returns what the validator reported.
func runFake(t *testing.T, method, path, reqBody string, status int, respBody string) []string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ct := "application/json"
		if status >= 400 {
			ct = "application/problem+json"
		}
		if respBody != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, respBody)
	}))
	defer srv.Close()
	rec := &recorder{}
	hc := validatingClient(t, srv.Client())
	hc.Transport.(*validatingTransport).report = rec
	var body io.Reader
	if reqBody != "" {
		body = strings.NewReader(reqBody)
	}
	req, err := http.NewRequest(method, srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer nsor_test")
	if reqBody != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("Do(%s %s) = %v, want a response", method, path, err)
	}
	resp.Body.Close()
	return rec.errs
}

// TestOpenAPITour calls every operation of the document at least once, with
// success, against the real server through the validating client, so that
// no part of the document goes unchecked: the procedure tests exercise the
// acts on requests, but not the administration, the register, the
// dashboards or the audit trail.
func TestOpenAPITour(t *testing.T) {
	e := newEnvDeps(t, nil, nil, func(d *nsor.Deps) { d.DNA, d.Fingerprints = tourDNA{}, tourDNA{} })
	c := newCast(e)
	seen := trackCalls(e)
	tourAdmin(t, e)
	recordID := tourRegister(t, e, c)
	firID, reqID := tourCase(t, e, c, recordID)
	tourOversight(t, e, c, firID, reqID)
	tourAuditor(t, e, c, reqID)
	tourAccount(t, e, c)
	tourSamples(t, e, c)
	doc, err := loadDocument("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if op := method + " " + path; !seen[op] {
				t.Errorf("tour called %s = never with success, want every operation validated once", op)
			}
		}
	}
}

// trackCalls records the operations the env's client calls with success.
func trackCalls(e *env) map[string]bool {
	seen := map[string]bool{}
	var mu sync.Mutex
	e.api.HTTP.Transport.(*validatingTransport).seen = func(op string) {
		mu.Lock()
		defer mu.Unlock()
		seen[op] = true
	}
	return seen
}

// tourDo makes one call that must succeed.
func tourDo(t *testing.T, e *env, c *client.Client, method, path string, body, out any, hdrs ...client.Header) {
	t.Helper()
	if _, err := c.Do(e.ctx, method, path, body, out, hdrs...); err != nil {
		t.Fatalf("%s %s = %v, want success", method, path, err)
	}
}

// tourAdmin is the administrator's part: the hierarchy, accounts, tokens.
func tourAdmin(t *testing.T, e *env) {
	admin := e.login(e.users["admin"])
	district := e.jurisdiction("PB-LHR-LHR")
	tourDo(t, e, admin, "GET", "/api/v1/jurisdictions", nil, nil)
	tourDo(t, e, admin, "POST", "/api/v1/jurisdictions", map[string]any{"kind": "station", "code": "PB-LHR-LHR-S99",
		"name": "Synthetic station 99", "parent_id": district.ID}, nil)
	tourDo(t, e, admin, "GET", "/api/v1/jurisdictions/"+itoa(district.ID), nil, nil)
	tourDo(t, e, admin, "PATCH", "/api/v1/jurisdictions/"+itoa(district.ID), map[string]any{"head": "CCPO", "version": district.Version}, nil)
	var made struct{ User nsor.User }
	tourDo(t, e, admin, "POST", "/api/v1/users", map[string]any{"username": "dpo.tour", "name": "DPO tour (synthetic)",
		"rank": "SSP", "belt_number": "B-99", "role": "dpo", "jurisdiction_id": district.ID}, &made)
	uid := itoa(made.User.ID)
	tourDo(t, e, admin, "GET", "/api/v1/users", nil, nil)
	tourDo(t, e, admin, "GET", "/api/v1/users/"+uid, nil, nil)
	tourDo(t, e, admin, "PATCH", "/api/v1/users/"+uid, map[string]any{"rank": "Sub-Inspector"}, nil)
	var reset struct{ Approval nsor.Approval }
	tourDo(t, e, admin, "POST", "/api/v1/users/"+uid+"/reset-credentials", nil, &reset)
	var svc struct{ User nsor.User }
	tourDo(t, e, admin, "POST", "/api/v1/service-accounts", map[string]any{"username": "case.system", "name": "Case system (synthetic)",
		"role": "io", "jurisdiction_id": district.ID, "scopes": []string{"requests:read"}}, &svc)
	var tok struct {
		TokenID int64 `json:"token_id"`
	}
	tourDo(t, e, admin, "POST", "/api/v1/tokens", map[string]any{"user_id": svc.User.ID, "name": "tour client",
		"scopes": []string{"requests:read"}, "expires_in_hours": 24}, &tok)
	tourDo(t, e, admin, "DELETE", "/api/v1/tokens/"+itoa(tok.TokenID), nil, nil)
	tourDo(t, e, admin, "GET", "/api/v1/service-accounts/"+itoa(svc.User.ID)+"/tokens", nil, nil)
	tourApprovals(t, e, admin, reset.Approval.ID)
}

// tourApprovals is the second administrator's part: proposals listed,
// approved and declined.
func tourApprovals(t *testing.T, e *env, admin *client.Client, resetID int64) {
	var p struct{ Approval nsor.Approval }
	tourDo(t, e, admin, "POST", "/api/v1/users", map[string]any{"username": "registrar.tour", "name": "Registrar tour (synthetic)",
		"role": "npb_registrar", "jurisdiction_id": e.jurisdiction("PK").ID}, &p)
	second := e.login(e.user("admin.second", nsor.RoleAdmin, "PK"))
	tourDo(t, e, second, "GET", "/api/v1/approvals?state=pending", nil, nil)
	tourDo(t, e, second, "POST", "/api/v1/approvals/"+itoa(p.Approval.ID)+"/approve", nil, nil)
	tourDo(t, e, second, "POST", "/api/v1/approvals/"+itoa(resetID)+"/decline", nil, nil)
}

// tourRegister is the registrars' part: maker, checker, reads, search.
func tourRegister(t *testing.T, e *env, c *cast) int64 {
	maker, checker := e.login(c.registrar1), e.login(c.registrar2)
	id := enterRecord(t, e, maker, checker, offenderRecord())
	rec := itoa(id)
	tourDo(t, e, maker, "GET", "/api/v1/register/records/"+rec+"?purpose=Checking+the+entry+(synthetic)", nil, nil)
	corrected := offenderRecord()
	corrected.Marks = "Scar on the left hand (synthetic)"
	corrected.Biometrics = []nsor.Biometric{{Kind: "dna", Reference: "SYN-DNA-TOUR", Provenance: "PFSA DNA unit (synthetic)"}}
	tourDo(t, e, maker, "POST", "/api/v1/register/records/"+rec+"/changes", map[string]any{"record": corrected,
		"reason": "Identifying mark added from the file (synthetic)."}, nil)
	tourDo(t, e, checker, "GET", "/api/v1/register/changes", nil, nil)
	tourDo(t, e, checker, "POST", "/api/v1/register/records/"+rec+"/versions/2/check", map[string]any{"approve": true}, nil)
	tourDo(t, e, maker, "POST", "/api/v1/register/check", map[string]any{"record": offenderRecord(),
		"purpose": "Duplicate check before entry (synthetic)"}, nil)
	tourDo(t, e, maker, "POST", "/api/v1/register/search", map[string]any{"cnic": cnicOffender,
		"purpose": "Duplicate check before entry (synthetic)"}, nil)
	var batch nsor.ImportBatch
	tourDo(t, e, maker, "POST", "/api/v1/register/imports?name=tour.csv", []byte("name,parentage,cnic,date_of_birth,court,case_number,sections,convicted_on\n"+
		"Tour Importee Synthetic,S/O Tour Father Synthetic,98000-0000077-1,1979-06-14,Sessions Court (synthetic),Sessions Case 7/2016,376 PPC,2016-02-03\n"+
		"\"broken,row\n"), &batch, client.Header{Key: "Content-Type", Value: "text/csv"})
	tourDo(t, e, checker, "GET", "/api/v1/register/imports", nil, nil)
	tourDo(t, e, checker, "GET", "/api/v1/register/imports/"+itoa(batch.ID)+"?rows=all", nil, nil)
	tourDo(t, e, checker, "POST", "/api/v1/register/imports/"+itoa(batch.ID)+"/approve", map[string]any{"note": "Checked (synthetic)."}, nil)
	return id
}

// tourCase is one case from FIR to closed request, with a rejected and a
// withdrawn request on the side.
func tourCase(t *testing.T, e *env, c *cast, recordID int64) (firID, reqID int64) {
	io1, dpp := e.login(c.io1), e.login(c.dpp)
	fir := tourFIR(t, e, io1)
	a := tourRequest(t, e, io1, fir.ID, fir.Accused[0].ID)
	b := tourRequest(t, e, io1, fir.ID, fir.Accused[1].ID)
	tourAct(t, e, io1, a, "submit", map[string]any{})
	tourAct(t, e, io1, b, "submit", map[string]any{})
	tourAct(t, e, dpp, b, "reject", map[string]any{"reason": "The grounds do not concern this case (synthetic)."})
	tourAct(t, e, io1, tourRequest(t, e, io1, fir.ID, fir.Accused[1].ID), "withdraw", map[string]any{})
	for _, p := range []string{"", "/events", "/submissions", "/fir-copy"} {
		tourDo(t, e, dpp, "GET", "/api/v1/requests/"+itoa(a)+p, nil, new([]byte))
	}
	tourDo(t, e, dpp, "GET", "/api/v1/requests?state=submitted&state=returned", nil, nil)
	tourAct(t, e, dpp, a, "return", map[string]any{"reason": "Attach a clearer scan (synthetic).", "checklist": tourChecklist(false)})
	tourAct(t, e, io1, a, "resubmit", map[string]any{"clarification": "A clearer scan is attached (synthetic)."})
	tourAct(t, e, dpp, a, "forward", map[string]any{"checklist": tourChecklist(true)})
	tourBureau(t, e, c, a, recordID)
	tourAct(t, e, dpp, a, "release", map[string]any{})
	tourAct(t, e, io1, a, "acknowledge", map[string]any{"accept_advisory": true})
	tourDo(t, e, io1, "GET", "/api/v1/requests/"+itoa(a)+"/release", nil, nil)
	tourDo(t, e, io1, "GET", "/api/v1/requests/"+itoa(a)+"/release/print", nil, nil)
	tourAct(t, e, io1, a, "close", map[string]any{})
	return fir.ID, a
}

// tourFIR enters an FIR with its copy and amends its accused.
func tourFIR(t *testing.T, e *env, io *client.Client) *client.FIR {
	fir, err := io.CreateFIR(e.ctx, firInput(e), "tour-fir")
	if err != nil {
		t.Fatalf("CreateFIR: %v", err)
	}
	f := "/api/v1/firs/" + itoa(fir.ID)
	tourDo(t, e, io, "PUT", f+"/copy", samplePDF, nil)
	tourDo(t, e, io, "GET", "/api/v1/firs", nil, nil)
	tourDo(t, e, io, "GET", f, nil, nil)
	accused := map[string]any{"name": "Third Accused (synthetic)", "parentage": map[string]any{"relation": "S/O", "name": "Father (synthetic)"},
		"address": "Village 7 (synthetic)", "age": 30}
	var added struct{ ID int64 }
	tourDo(t, e, io, "POST", f+"/accused", map[string]any{"accused": accused, "reason": "Named in a supplementary statement."}, &added)
	accused["address"] = "Village 8 (synthetic)"
	tourDo(t, e, io, "PUT", f+"/accused/"+itoa(added.ID), map[string]any{"accused": accused, "reason": "Address corrected."}, nil)
	return fir
}

// tourRequest opens a draft for one accused and edits it, returning its ID.
func tourRequest(t *testing.T, e *env, io *client.Client, firID, accusedID int64) int64 {
	in := map[string]any{"fir_id": firID, "suspects": []int64{accusedID},
		"grounds": "Named by the victim; the prior record is needed (synthetic).", "declaration": true}
	var v nsor.RequestView
	tourDo(t, e, io, "POST", "/api/v1/requests", in, &v, client.Header{Key: "Idempotency-Key", Value: "tour-" + itoa(accusedID) + "-" + itoa(e.clock.Now().UnixNano())})
	delete(in, "fir_id")
	tourDo(t, e, io, "PATCH", "/api/v1/requests/"+itoa(v.ID), in, nil, client.Header{Key: "If-Match", Value: fmt.Sprintf(`"v%d"`, v.Version)})
	e.clock.Advance(time.Second)
	return v.ID
}

// tourBureau is the bureau's part: assign, search, read, answer, reopen,
// answer again, confirm.
func tourBureau(t *testing.T, e *env, c *cast, id, recordID int64) {
	a1, a2 := e.login(c.analyst1), e.login(c.analyst2)
	tourAct(t, e, a1, id, "assign", map[string]any{})
	v, err := a1.Request(e.ctx, id)
	if err != nil {
		t.Fatalf("Request(%d): %v", id, err)
	}
	sid := v.Suspects[0].ID
	tourDo(t, e, a1, "POST", fmt.Sprintf("/api/v1/requests/%d/suspects/%d/search", id, sid), nil, nil)
	tourDo(t, e, a1, "GET", fmt.Sprintf("/api/v1/requests/%d/records/%d", id, recordID), nil, nil)
	tourBiometrics(t, e, a1, id, sid, recordID)
	answer := map[string]any{"outcomes": []map[string]any{{"suspect_id": sid, "outcome": "record_found", "record_id": recordID, "basis": "cnic"}}}
	tourAct(t, e, a1, id, "answer", answer)
	tourAct(t, e, a2, id, "reopen", map[string]any{"reason": "Note the alias used in the FIR (synthetic)."})
	tourAct(t, e, a1, id, "answer", answer)
	tourAct(t, e, a2, id, "confirm", map[string]any{})
}

// tourDNA is the register's DNA index in the tour: every probe finds the
// record the tour entered, which carries SYN-DNA-TOUR.
type tourDNA struct{}

var tourRecordID int64

func (tourDNA) SearchDNA(context.Context, nsor.DNAProbe) ([]nsor.BiometricCandidate, error) {
	return []nsor.BiometricCandidate{{RecordID: tourRecordID, Kind: "dna", RecordRef: "SYN-DNA-TOUR", Score: 20,
		Explain: "high stringency, 20 loci shared (synthetic)"}}, nil
}

func (tourDNA) SearchFingerprints(context.Context, nsor.FingerprintProbe) ([]nsor.BiometricCandidate, error) {
	return []nsor.BiometricCandidate{{RecordID: tourRecordID, Kind: "fingerprint", RecordRef: "SYN-FP-TOUR", Score: 80,
		Explain: "finger 1 (right thumb) score 80 (synthetic)"}}, nil
}

// tourBiometrics: the assigned analyst's DNA and fingerprint searches, a third analyst's
// comparison as examiner and its confirmation sample (docs/rules.md#r33).
func tourBiometrics(t *testing.T, e *env, a1 *client.Client, id, sid, recordID int64) {
	tourRecordID = recordID
	probe := map[string]any{"type": "crime_scene", "loci": map[string][]string{"TH01": {"6", "9.3"}}, "stringency": "high", "min_loci": 1}
	tourDo(t, e, a1, "POST", fmt.Sprintf("/api/v1/requests/%d/suspects/%d/dna-search", id, sid), probe, nil)
	fingers := map[string]any{"fingers": []map[string]any{{"position": 1, "format": "iso-19794-2-2005", "data": []byte("synthetic")}}}
	tourDo(t, e, a1, "POST", fmt.Sprintf("/api/v1/requests/%d/suspects/%d/fingerprint-search", id, sid), fingers, nil)
	examiner := e.login(e.user("examiner.tour", nsor.RoleAnalyst, "PK"))
	var c nsor.Comparison
	tourDo(t, e, examiner, "POST", fmt.Sprintf("/api/v1/requests/%d/comparisons", id), map[string]any{"suspect_id": sid,
		"record_id": recordID, "kind": "dna", "record_ref": "SYN-DNA-TOUR", "conclusion": "identification",
		"loci": []string{"CSF1PO", "FGA", "TH01", "TPOX", "vWA", "D3S1358", "D5S818", "D7S820"}}, &c)
	tourDo(t, e, examiner, "POST", fmt.Sprintf("/api/v1/comparisons/%d/confirmation-sample", c.ID), map[string]any{"sample": "PFSA-DNA-TOUR-1"}, nil)
}

// tourAct runs one act on a request with the version it stands at.
func tourAct(t *testing.T, e *env, who *client.Client, id int64, action string, body map[string]any) {
	t.Helper()
	cur, err := who.Request(e.ctx, id)
	if err != nil {
		t.Fatalf("Request(%d) before %s: %v", id, action, err)
	}
	body["version"] = cur.Version
	tourDo(t, e, who, "POST", "/api/v1/requests/"+itoa(id)+"/"+action, body, nil)
}

func tourChecklist(ok bool) map[string]any {
	return map[string]any{"fir_copy_matches": ok, "eligible_section": true, "suspects_named_in_fir": true, "grounds_substantiated": true}
}

// tourOversight is the DPO's, oversight's, supervisor's and auditor's part,
// and the transfer of the case.
func tourOversight(t *testing.T, e *env, c *cast, firID, reqID int64) {
	for _, u := range []*testUser{c.dpo, c.oversight, c.supervisor} {
		tourDo(t, e, e.login(u), "GET", "/api/v1/dashboard", nil, nil)
	}
	var recs client.List[struct{ ID int64 }]
	tourDo(t, e, e.login(c.auditor), "GET", "/api/v1/audit/records?request="+itoa(reqID)+"&limit=50", nil, &recs)
	e.sequence()
	tourDo(t, e, e.api, "GET", "/api/v1/audit/checkpoint", nil, new([]byte))
	tourDo(t, e, e.api, "GET", "/api/v1/audit/consistency?from=1&to=2", nil, nil)
	tourDo(t, e, e.login(c.auditor), "GET", "/api/v1/audit/records/"+itoa(recs.Items[0].ID)+"/proof", nil, nil)
	tourDo(t, e, e.login(c.auditor), "POST", "/api/v1/audit/trace", map[string]any{"text": "Name: Synthetic Nobody"}, nil)
	tourDo(t, e, e.login(c.dpo), "POST", "/api/v1/firs/"+itoa(firID)+"/transfer",
		map[string]any{"io_user_id": c.io2.ID, "reason": "Officer posted to another unit (synthetic)."}, nil)
	tourDo(t, e, e.login(c.dpp), "GET", "/api/v1/queue/prosecutor", nil, nil)
	tourDo(t, e, e.login(c.dpo), "GET", "/api/v1/staffing", nil, nil)
	tourDo(t, e, e.login(c.dpo), "POST", "/api/v1/firs/"+itoa(firID)+"/co-investigators",
		map[string]any{"user_id": c.io1.ID, "reason": "A second officer for the statements (synthetic)."}, nil)
	tourDo(t, e, e.login(c.oversight), "GET", "/api/v1/statistics", nil, nil)
	tourDo(t, e, e.login(c.io1), "GET", "/api/v1/notifications/unread-count", nil, nil)
}

// tourAccount is everyone's part: the inbox, the account, signing out, and
// the public documents.
func tourAccount(t *testing.T, e *env, c *cast) {
	io2 := e.login(c.io2)
	var inbox client.List[nsor.Notification]
	tourDo(t, e, io2, "GET", "/api/v1/notifications?unread=true", nil, &inbox)
	if len(inbox.Items) == 0 {
		t.Fatalf("inbox of %s = empty, want the transfer's notification", c.io2.Username)
	}
	tourDo(t, e, io2, "POST", "/api/v1/notifications/"+itoa(inbox.Items[0].ID)+"/read", nil, nil)
	tourDo(t, e, io2, "GET", "/api/v1/me", nil, nil)
	tourDo(t, e, io2, "DELETE", "/api/v1/auth/token", nil, nil)
	tourDo(t, e, e.login(c.io2), "POST", "/api/v1/me/password", map[string]any{"current_password": c.io2.Password,
		"new_password": "a synthetic passphrase 42", "code": e.code(c.io2)}, nil)
	tourDo(t, e, e.api, "GET", "/healthz", nil, new([]byte))
	tourDo(t, e, e.api, "GET", "/api/v1/openapi.json", nil, new([]byte))
}
