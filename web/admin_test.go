package web_test

import (
	"net/http"
	"testing"

	"nsor"
)

// TestAdministrationRefusals: the administration calls refuse bad input
// with their code and field, write nothing, and are refused to other roles.
func TestAdministrationRefusals(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	admin, io := e.login(e.users["admin"]), e.login(c.io1)
	district := itoa(e.jurisdiction("PB-LHR-LHR").ID)
	station := itoa(e.station("PB-LHR-LHR", 1).ID)
	patch := func(who *testUser, path string, body map[string]any) func() error {
		cl := admin
		if who != nil {
			cl = io
		}
		return func() error { _, err := cl.Do(e.ctx, http.MethodPatch, path, body, nil); return err }
	}
	cases := []refusal{
		{name: "head of no kind", call: patch(nil, "/api/v1/jurisdictions/"+district, map[string]any{"head": "SSP"}),
			status: 422, code: "jurisdiction.head_invalid", field: "head", audited: true},
		{name: "head of a station", call: patch(nil, "/api/v1/jurisdictions/"+station, map[string]any{"head": "DPO"}),
			status: 422, code: "jurisdiction.head_not_district", field: "head", audited: true},
		{name: "blank jurisdiction name", call: patch(nil, "/api/v1/jurisdictions/"+district, map[string]any{"name": " "}),
			status: 422, code: "jurisdiction.name_required", field: "name", audited: true},
		{name: "officer renames a district", call: patch(c.io1, "/api/v1/jurisdictions/"+district, map[string]any{"name": "X"}),
			status: 403, code: "auth.forbidden", audited: true},
		{name: "blank rank", call: patch(nil, "/api/v1/users/"+itoa(c.io1.ID), map[string]any{"rank": ""}),
			status: 422, code: "user.field_required", field: "rank", audited: true},
		{name: "officer to a province", call: patch(nil, "/api/v1/users/"+itoa(c.io1.ID), map[string]any{"jurisdiction_id": e.jurisdiction("PB").ID}),
			status: 422, code: "user.jurisdiction_level", field: "jurisdiction_id", audited: true},
	}
	checkRefusals(t, e, cases)
	var j nsor.Jurisdiction
	if _, err := admin.Do(e.ctx, http.MethodPatch, "/api/v1/jurisdictions/"+district, map[string]any{"head": "CCPO"}, &j); err != nil || j.Head != nsor.HeadCCPO {
		t.Errorf("PATCH head CCPO = %+v, %v; want CCPO", j, err)
	}
}
