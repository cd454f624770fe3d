package web_test

import (
	"net/http"
	"testing"

	"nsor"
)

// TestHolderMadeProsecutorMayNotForward: separation of duties binds the
// officer who holds a case now, not only the one who filed. An officer who
// takes a submitted request over by transfer and is then posted as the
// district's prosecutor (the same account, a new role) may not verify it,
// forward it or confirm a match on it: they are its officer
// (docs/adr/0006-authorisation.md).
func TestHolderMadeProsecutorMayNotForward(t *testing.T) {
	g := newGateWith(t, nil, "submit")
	e := g.e
	if _, err := e.login(g.c.dpo).Do(e.ctx, http.MethodPost, "/api/v1/firs/"+itoa(g.fir.ID)+"/transfer",
		map[string]any{"io_user_id": g.c.io2.ID, "reason": "Officer posted elsewhere (synthetic)."}, nil); err != nil {
		t.Fatalf("transfer to io2: %v", err)
	}
	dpp := nsor.RoleDPP
	if _, _, err := e.svc.UpdateUser(e.ctx, e.admin, g.c.io2.ID, nsor.UserPatch{Role: &dpp}); err != nil {
		t.Fatalf("post io2 as prosecutor: %v", err)
	}
	holder := e.login(g.c.io2)
	cur, err := holder.Request(e.ctx, g.id)
	if err != nil {
		t.Fatalf("Request as the holder made prosecutor: %v", err)
	}
	_, err = holder.Act(e.ctx, g.id, "forward", map[string]any{"version": cur.Version, "checklist": fullChecklist})
	problem(t, "forward by the case's holder made prosecutor", err, http.StatusForbidden, "request.separation_of_duties")
}
