package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"nsor"
	"nsor/client"
)

// TestFIRChangesTakeIfMatch: every change of an FIR (its copy, adding and
// amending an accused, the transfer) takes If-Match with the FIR's ETag; a
// stale one is 409 version.stale and writes nothing, the current one or *
// goes through, and each change moves the FIR's version on.
func TestFIRChangesTakeIfMatch(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	io, dpo := e.login(c.io1), e.login(c.dpo)
	made, err := io.CreateFIR(e.ctx, firInput(e), "")
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/firs/" + itoa(made.ID)
	current := func() (int, string) {
		t.Helper()
		var f nsor.FIR
		resp, err := io.Do(e.ctx, http.MethodGet, path, nil, &f)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf(`"v%d"`, f.Version); resp.Header.Get("ETag") != want {
			t.Errorf("GET FIR ETag = %q, want %q", resp.Header.Get("ETag"), want)
		}
		return f.Version, resp.Header.Get("ETag")
	}
	accused := map[string]any{"accused": map[string]any{"name": "Synthetic Added", "gender": "male", "age": 30},
		"reason": "Named in a supplementary statement (synthetic)."}
	changes := []struct {
		name   string
		method string
		path   string
		body   any
		who    *client.Client
	}{
		{"copy", http.MethodPut, path + "/copy", samplePDF, io},
		{"add accused", http.MethodPost, path + "/accused", accused, io},
		{"amend accused", http.MethodPut, path + "/accused/" + itoa(made.Accused[0].ID), map[string]any{"accused": map[string]any{
			"name": made.Accused[0].Name, "gender": "male", "age": 39}, "reason": "Age corrected from the case diary (synthetic)."}, io},
		{"transfer", http.MethodPost, path + "/transfer", map[string]any{"io_user_id": c.io2.ID,
			"reason": "Officer posted to another unit (synthetic)."}, dpo},
	}
	for _, ch := range changes {
		hdr := func(v string) []client.Header {
			h := []client.Header{{Key: "If-Match", Value: v}}
			if ch.method == http.MethodPut && ch.path == path+"/copy" {
				h = append(h, client.Header{Key: "Content-Type", Value: "application/pdf"})
			}
			return h
		}
		v, tag := current()
		_, err := ch.who.Do(e.ctx, ch.method, ch.path, ch.body, nil, hdr(fmt.Sprintf(`"v%d"`, v-1+3))...)
		problem(t, ch.name+" with a stale If-Match", err, http.StatusConflict, "version.stale")
		if got, _ := current(); got != v {
			t.Errorf("%s refused: FIR version %d, want %d (nothing written)", ch.name, got, v)
		}
		want := tag
		if ch.name == "amend accused" {
			want = "*"
		}
		if _, err := ch.who.Do(e.ctx, ch.method, ch.path, ch.body, nil, hdr(want)...); err != nil {
			t.Fatalf("%s with If-Match %s = %v, want success", ch.name, want, err)
		}
		if ch.name == "transfer" {
			break // the FIR is no longer the first officer's to read
		}
		if got, _ := current(); got != v+1 {
			t.Errorf("after %s the FIR is at version %d, want %d", ch.name, got, v+1)
		}
	}
}

// TestIfMatchStarOnRequest: If-Match: * names whichever version is current
// (RFC 9110 section 13.1.1); it is not a malformed version.
func TestIfMatchStarOnRequest(t *testing.T) {
	e, _, io, fir := newOfficerWithFIR(t)
	req, err := io.CreateRequest(e.ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID},
		Grounds: "Named by the victim (synthetic).", Declaration: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	var v nsor.RequestView
	if err := patchJSON(e, io, "/api/v1/requests/"+itoa(req.ID), "application/merge-patch+json", `{"grounds":"Named by the victim twice (synthetic)."}`,
		&v, client.Header{Key: "If-Match", Value: "*"}); err != nil {
		t.Fatalf("PATCH with If-Match * = %v, want 200", err)
	}
	if v.Version != req.Version+1 {
		t.Errorf("PATCH with If-Match * = version %d, want %d", v.Version, req.Version+1)
	}
	_, err = io.Do(e.ctx, http.MethodPatch, "/api/v1/requests/"+itoa(req.ID), map[string]any{"grounds": "x y z (synthetic)"}, nil)
	problem(t, "PATCH without a version", err, http.StatusPreconditionRequired, "version.required")
}
