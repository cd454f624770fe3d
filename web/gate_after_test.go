package web_test

import (
	"net/http"
	"testing"
)

// TestGateReachEndsWithTheWork: the analyst reads a record through a
// request only while working it. Once the supervisor gives it to another
// analyst, the first reads nothing through it; once it is released, neither
// the analyst who answered nor the one who confirmed reads anything, and the
// records stay out of every other route an analyst has (the registrar's).
func TestGateReachEndsWithTheWork(t *testing.T) {
	g := newGate(t)
	if _, err := g.a1.Search(g.e.ctx, g.id, g.suspect, nil); err != nil {
		t.Fatalf("Search: %v", err)
	}
	sup := g.e.login(g.c.supervisor)
	g.step(sup, "assign", map[string]any{"analyst_id": g.c.analyst2.ID})
	problem(t, "read after being unassigned", g.readRecord(g.a1, g.record), http.StatusForbidden, "request.not_assigned")
	g.step(g.a2, "answer", map[string]any{"outcomes": []map[string]any{
		{"suspect_id": g.suspect, "outcome": "record_found", "record_id": g.record, "basis": "cnic"}}})
	g.step(g.a1, "confirm", map[string]any{})
	g.step(g.dpp, "release", map[string]any{})
	problem(t, "the answering analyst reads after release", g.readRecord(g.a2, g.record), http.StatusConflict, "request.wrong_state")
	problem(t, "the confirming analyst reads after release", g.readRecord(g.a1, g.record), http.StatusForbidden, "request.not_assigned")
	_, err := g.a1.Do(g.e.ctx, http.MethodGet, "/api/v1/register/records/"+itoa(g.record)+"?purpose=maintenance", nil, nil)
	problem(t, "an analyst reads through the registrar's route", err, http.StatusForbidden, "auth.forbidden")
	_, err = g.a1.Do(g.e.ctx, http.MethodGet, "/api/v1/requests/"+itoa(g.id)+"/release", nil, nil)
	problem(t, "an analyst reads the release", err, http.StatusForbidden, "request.forbidden")
}
