package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"nsor"
	"nsor/client"
)

// TestJurisdictionIfMatch: two administrators read a node over the API and
// change it at once, each with the ETag they read in If-Match (or the
// body's version); the second is 409 jurisdiction.stale and writes
// nothing; a malformed If-Match is 400.
func TestJurisdictionIfMatch(t *testing.T) {
	e := newEnv(t)
	a1 := e.login(e.users["admin"])
	a2 := e.login(e.user("admin.other", nsor.RoleAdmin, "PK"))
	path := "/api/v1/jurisdictions/" + itoa(e.jurisdiction("PB-LHR-LHR").ID)
	read := func(c *client.Client) (nsor.Jurisdiction, string) {
		t.Helper()
		var j nsor.Jurisdiction
		resp, err := c.Do(e.ctx, http.MethodGet, path, nil, &j)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf(`"v%d"`, j.Version); resp.Header.Get("ETag") != want {
			t.Errorf("GET jurisdiction ETag = %q, want %q", resp.Header.Get("ETag"), want)
		}
		return j, resp.Header.Get("ETag")
	}
	j1, tag := read(a1)
	_, tag2 := read(a2)
	if _, err := a1.Do(e.ctx, http.MethodPatch, path, map[string]any{"name": "Lahore A (synthetic)"}, nil, client.Header{Key: "If-Match", Value: tag}); err != nil {
		t.Fatalf("first PATCH = %v", err)
	}
	_, err := a2.Do(e.ctx, http.MethodPatch, path, map[string]any{"name": "Lahore B (synthetic)"}, nil, client.Header{Key: "If-Match", Value: tag2})
	problem(t, "second PATCH with the ETag read", err, http.StatusConflict, "jurisdiction.stale")
	_, err = a2.Do(e.ctx, http.MethodPatch, path, map[string]any{"name": "Lahore B (synthetic)", "version": j1.Version}, nil)
	problem(t, "second PATCH with the version read in the body", err, http.StatusConflict, "jurisdiction.stale")
	_, err = a2.Do(e.ctx, http.MethodPatch, path, map[string]any{"name": "Lahore B (synthetic)"}, nil, client.Header{Key: "If-Match", Value: "yesterday"})
	problem(t, "PATCH with a malformed If-Match", err, http.StatusBadRequest, "version.malformed")
	if now, _ := read(a1); now.Name != "Lahore A (synthetic)" || now.Version != j1.Version+1 {
		t.Fatalf("after the refused PATCHes: %+v, want the first's name at version %d", now, j1.Version+1)
	}
	_, tag = read(a2)
	if _, err := a2.Do(e.ctx, http.MethodPatch, path, map[string]any{"name": "Lahore B (synthetic)"}, nil, client.Header{Key: "If-Match", Value: tag}); err != nil {
		t.Fatalf("PATCH with the current ETag = %v", err)
	}
}
