package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"nsor"
)

// forwardedRequest files a request for the first accused of a fresh FIR and
// takes it to the bureau, assigned to analyst1; it returns the request and
// the suspect's IDs.
func forwardedRequest(t *testing.T, e *env, c *cast) (id, sid int64) {
	t.Helper()
	ctx := e.ctx
	io1, dpp, a1 := e.login(c.io1), e.login(c.dpp), e.login(c.analyst1)
	fir, err := io1.CreateFIR(ctx, firInput(e), "fir-bio-1")
	if err != nil {
		t.Fatalf("CreateFIR: %v", err)
	}
	if _, err := io1.PutFIRCopy(ctx, fir.ID, samplePDF); err != nil {
		t.Fatalf("PutFIRCopy: %v", err)
	}
	req, err := io1.CreateRequest(ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID},
		Grounds: "The accused is named by the victim; prior record needed to assess risk.", Declaration: true}, "req-bio-1")
	if err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	tourAct(t, e, io1, req.ID, "submit", map[string]any{})
	tourAct(t, e, dpp, req.ID, "forward", map[string]any{"checklist": map[string]any{"fir_copy_matches": true, "eligible_section": true,
		"suspects_named_in_fir": true, "grounds_substantiated": true}})
	tourAct(t, e, a1, req.ID, "assign", map[string]any{})
	v, err := a1.Request(ctx, req.ID)
	if err != nil {
		t.Fatal(err)
	}
	return req.ID, v.Suspects[0].ID
}

// TestFingerprintSearchRefusals: the fingerprint search route refuses, with
// the service's documented codes, an analyst not assigned, an officer, a
// registrar, a search with no probe and no attached tenprint, and an installation without a fingerprint index; the
// assigned analyst's search answers the candidates.
func TestFingerprintSearchRefusals(t *testing.T) {
	e := newEnvDeps(t, nil, nil, func(d *nsor.Deps) { d.Fingerprints = tourDNA{} })
	c := newCast(e)
	id, sid := forwardedRequest(t, e, c)
	path := fmt.Sprintf("/api/v1/requests/%d/suspects/%d/fingerprint-search", id, sid)
	probe := map[string]any{"fingers": []map[string]any{{"position": 1, "format": "iso-19794-2-2005", "data": []byte("synthetic")}}}
	for _, tc := range []struct {
		who    *testUser
		body   any
		status int
		code   string
	}{
		{c.analyst2, probe, http.StatusForbidden, "request.not_assigned"},
		{c.io1, probe, http.StatusForbidden, "request.forbidden"},
		{c.registrar1, probe, http.StatusNotFound, "request.not_found"},
		{c.analyst1, map[string]any{}, http.StatusUnprocessableEntity, "biometric.no_probe"},
	} {
		_, err := e.login(tc.who).Do(e.ctx, "POST", path, tc.body, nil)
		problem(t, tc.who.Username+" "+fmt.Sprint(tc.body), err, tc.status, tc.code)
	}
	tourRecordID = enterRecord(t, e, e.login(c.registrar1), e.login(c.registrar2), offenderRecord())
	var out struct{ Items []nsor.BiometricCandidate }
	if _, err := e.login(c.analyst1).Do(e.ctx, "POST", path, probe, &out); err != nil || len(out.Items) != 1 {
		t.Errorf("the assigned analyst's search = %+v, %v", out, err)
	}

	bare := newEnv(t)
	bc := newCast(bare)
	id, sid = forwardedRequest(t, bare, bc)
	_, err := bare.login(bc.analyst1).Do(bare.ctx, "POST", fmt.Sprintf("/api/v1/requests/%d/suspects/%d/fingerprint-search", id, sid), probe, nil)
	problem(t, "without an index", err, http.StatusConflict, "biometric.unavailable")
}
