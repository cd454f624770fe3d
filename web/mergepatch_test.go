package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"nsor"
	"nsor/client"
)

// patchJSON sends body as a merge patch (RFC 7396) with the media type given.
func patchJSON(e *env, c *client.Client, path, mediaType, body string, out any, hdrs ...client.Header) error {
	hdrs = append(hdrs, client.Header{Key: "Content-Type", Value: mediaType})
	_, err := c.Do(e.ctx, http.MethodPatch, path, []byte(body), out, hdrs...)
	return err
}

// TestPatchRequestMerges: a PATCH of a request changes only the members it
// gives; the others keep their value, whichever of the two media types is
// sent, and null empties what may be empty and is refused where it may not.
func TestPatchRequestMerges(t *testing.T) {
	e, _, io, fir := newOfficerWithFIR(t)
	const grounds = "Named by the victim; prior record needed (synthetic)."
	req, err := io.CreateRequest(e.ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID},
		Grounds: grounds, Declaration: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/requests/" + itoa(req.ID)
	var v nsor.RequestView
	ifMatch := func() client.Header { return client.Header{Key: "If-Match", Value: fmt.Sprintf(`"v%d"`, v.Version)} }
	v.Version = req.Version

	body := fmt.Sprintf(`{"suspects":[%d,%d]}`, fir.Accused[0].ID, fir.Accused[1].ID)
	if err := patchJSON(e, io, path, "application/merge-patch+json", body, &v, ifMatch()); err != nil {
		t.Fatalf("PATCH %s = %v, want 200", body, err)
	}
	if len(v.Suspects) != 2 || v.Grounds != grounds || !v.Declaration {
		t.Errorf("PATCH only suspects = %d suspects, grounds %q, declaration %v; want 2, %q, true", len(v.Suspects), v.Grounds, v.Declaration, grounds)
	}

	if err := patchJSON(e, io, path, "application/json", `{"grounds":"Changed grounds (synthetic)."}`, &v, ifMatch()); err != nil {
		t.Fatalf("PATCH only grounds = %v, want 200 (suspects not needed)", err)
	}
	if len(v.Suspects) != 2 || v.Grounds != "Changed grounds (synthetic)." || !v.Declaration {
		t.Errorf("PATCH only grounds = %d suspects, grounds %q, declaration %v; want 2, the new grounds, true", len(v.Suspects), v.Grounds, v.Declaration)
	}

	if err := patchJSON(e, io, path, "application/merge-patch+json", `{"grounds":null,"declaration":null}`, &v, ifMatch()); err != nil {
		t.Fatalf("PATCH grounds and declaration null = %v, want 200", err)
	}
	if len(v.Suspects) != 2 || v.Grounds != "" || v.Declaration {
		t.Errorf("PATCH null = %d suspects, grounds %q, declaration %v; want 2, empty, false", len(v.Suspects), v.Grounds, v.Declaration)
	}

	before := v.Version
	err = patchJSON(e, io, path, "application/merge-patch+json", `{"suspects":null}`, nil, ifMatch())
	if pe := problem(t, "PATCH suspects null", err, http.StatusBadRequest, "patch.null_not_allowed"); len(pe.Errors) == 0 || pe.Errors[0].Field != "suspects" {
		t.Errorf("PATCH suspects null names %+v, want the field suspects", pe.Errors)
	}
	if got, err := io.Request(e.ctx, req.ID); err != nil || got.Version != before || len(got.Suspects) != 2 {
		t.Errorf("after a refused PATCH the request = %+v, %v; want it unchanged", got, err)
	}
	err = patchJSON(e, io, path, "text/plain", `{}`, nil, ifMatch())
	problem(t, "PATCH as text/plain", err, http.StatusUnsupportedMediaType, "body.content_type")
}

// TestPatchUserAndJurisdictionMerge: the PATCHes of administration are
// merge patches too; a null is refused naming the member, since none of
// theirs can be emptied, and nothing is written.
func TestPatchUserAndJurisdictionMerge(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	admin := e.login(e.users["admin"])
	upath := "/api/v1/users/" + itoa(c.io1.ID)
	var u nsor.User
	if err := patchJSON(e, admin, upath, "application/merge-patch+json", `{"rank":"Inspector"}`, &u); err != nil {
		t.Fatalf("PATCH user rank as merge patch = %v, want 200", err)
	}
	if u.Rank != "Inspector" || u.Name != c.io1.Name {
		t.Errorf("PATCH user rank = rank %q name %q, want Inspector and the name kept %q", u.Rank, u.Name, c.io1.Name)
	}
	for _, field := range []string{"name", "rank", "belt_number", "role", "jurisdiction_id", "disabled"} {
		err := patchJSON(e, admin, upath, "application/merge-patch+json", `{"`+field+`":null}`, nil)
		if pe := problem(t, "PATCH user "+field+" null", err, http.StatusBadRequest, "patch.null_not_allowed"); len(pe.Errors) == 0 || pe.Errors[0].Field != field {
			t.Errorf("PATCH user %s null names %+v, want the field", field, pe.Errors)
		}
	}
	district := e.jurisdiction("PB-LHR-LHR")
	jpath := "/api/v1/jurisdictions/" + itoa(district.ID)
	var j nsor.Jurisdiction
	if err := patchJSON(e, admin, jpath, "application/merge-patch+json", `{"head":"CCPO"}`, &j); err != nil || j.Head != "CCPO" || j.Name != district.Name {
		t.Errorf("PATCH jurisdiction head = %+v, %v; want CCPO and the name kept", j, err)
	}
	for _, field := range []string{"name", "code", "head"} {
		err := patchJSON(e, admin, jpath, "application/merge-patch+json", `{"`+field+`":null}`, nil)
		problem(t, "PATCH jurisdiction "+field+" null", err, http.StatusBadRequest, "patch.null_not_allowed")
	}
}
