package web_test

import (
	"net/http"
	"testing"

	"nsor"
	"nsor/client"
)

// TestPagesViewsInTheAPI: the prosecutor's queue, the DPO's staffing and
// its co-investigator, oversight's statistics and the unread count, each
// read through the API as the pages read them, and refused to those the
// service refuses: an officer, an analyst, another district's prosecutor or
// DPO.
func TestPagesViewsInTheAPI(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	io1, dpp, dpo := e.login(c.io1), e.login(c.dpp), e.login(c.dpo)
	fir := tourFIR(t, e, io1)
	a := tourRequest(t, e, io1, fir.ID, fir.Accused[0].ID)
	b := tourRequest(t, e, io1, fir.ID, fir.Accused[1].ID)
	tourAct(t, e, io1, a, "submit", map[string]any{})
	tourAct(t, e, io1, b, "submit", map[string]any{})
	tourAct(t, e, dpp, b, "reject", map[string]any{"reason": "The grounds do not concern this case (synthetic)."})
	c2 := tourRequest(t, e, io1, fir.ID, fir.Accused[1].ID)
	tourAct(t, e, io1, c2, "submit", map[string]any{})

	// The queue: both waiting requests, the earlier rejection of the same
	// person beside the second, the totals of the whole queue on a page of 1.
	var q struct {
		Waiting, Overdue int
		DueSoon          int `json:"due_soon"`
		Items            []nsor.QueueItem
		HasMore          bool   `json:"has_more"`
		NextCursor       string `json:"next_cursor"`
	}
	tourDo(t, e, dpp, "GET", "/api/v1/queue/prosecutor?limit=1", nil, &q)
	if q.Waiting != 2 || q.Overdue != 0 || len(q.Items) != 1 || q.Items[0].RequestID != a || !q.HasMore || q.NextCursor == "" {
		t.Fatalf("first page = %+v, want request %d of 2 waiting, and more", q, a)
	}
	first := q.NextCursor
	q.Items, q.NextCursor = nil, ""
	tourDo(t, e, dpp, "GET", "/api/v1/queue/prosecutor?limit=1&cursor="+first, nil, &q)
	if len(q.Items) != 1 || q.Items[0].RequestID != c2 || q.HasMore || len(q.Items[0].Earlier) != 1 ||
		q.Items[0].Earlier[0].RequestID != b || q.Items[0].Earlier[0].By != "cnic" {
		t.Fatalf("second page = %+v, want request %d with the rejection of %d by CNIC", q, c2, b)
	}
	// The DPO of the district reads it too; another district's prosecutor
	// reads their own, empty, queue: the service's scope is the actor's
	// district, whatever is asked.
	tourDo(t, e, dpo, "GET", "/api/v1/queue/prosecutor", nil, &q)
	if q.Waiting != 2 {
		t.Fatalf("DPO's queue: %d waiting, want 2", q.Waiting)
	}
	rwp := e.login(e.user("dpp.rwp", nsor.RoleDPP, "PB-RWP-RWP"))
	q.Items = nil
	tourDo(t, e, rwp, "GET", "/api/v1/queue/prosecutor", nil, &q)
	if q.Waiting != 0 || len(q.Items) != 0 {
		t.Fatalf("Rawalpindi's prosecutor reads %+v of Lahore's queue", q)
	}
	// Lahore's cursor is only a place in a queue: Rawalpindi's prosecutor
	// reads their own queue from it, nothing of Lahore's.
	q.Items = nil
	tourDo(t, e, rwp, "GET", "/api/v1/queue/prosecutor?limit=1&cursor="+first, nil, &q)
	if q.Waiting != 0 || len(q.Items) != 0 {
		t.Fatalf("Rawalpindi's prosecutor with Lahore's cursor reads %+v", q)
	}
	// A cursor is bound to its listing: another's is refused.
	_, err := dpp.Do(e.ctx, http.MethodGet, "/api/v1/notifications?cursor="+first, nil, nil)
	problem(t, "the queue's cursor on the inbox", err, http.StatusBadRequest, "query.cursor")
	_, err = dpp.Do(e.ctx, http.MethodGet, "/api/v1/queue/prosecutor?limit=0", nil, nil)
	problem(t, "limit=0", err, http.StatusBadRequest, "query.limit")

	analyst, oversight, auditor := e.login(c.analyst1), e.login(c.oversight), e.login(c.auditor)
	refused := []struct {
		who  *client.Client
		path string
		what string
	}{
		{io1, "/api/v1/queue/prosecutor", "officer's queue"},
		{analyst, "/api/v1/queue/prosecutor", "analyst's queue"},
		{oversight, "/api/v1/queue/prosecutor", "oversight's queue"},
		{dpp, "/api/v1/staffing", "prosecutor's staffing"},
		{io1, "/api/v1/staffing", "officer's staffing"},
		{oversight, "/api/v1/staffing", "oversight's staffing"},
		{dpp, "/api/v1/statistics", "prosecutor's statistics"},
		{io1, "/api/v1/statistics", "officer's statistics"},
		{analyst, "/api/v1/statistics", "analyst's statistics"},
		{auditor, "/api/v1/statistics", "auditor's statistics"},
	}
	for _, r := range refused {
		_, err := r.who.Do(e.ctx, http.MethodGet, r.path, nil, nil)
		problem(t, r.what, err, http.StatusForbidden, "auth.forbidden")
	}
	_, err = e.api.Do(e.ctx, http.MethodGet, "/api/v1/queue/prosecutor", nil, nil)
	problem(t, "queue without a token", err, http.StatusUnauthorized, "auth.required")

	// Staffing and the co-investigator: the DPO adds the district's other
	// officer; the officer holding the case may not, another district's DPO
	// does not see the case, a stale version and a missing reason write
	// nothing.
	var st struct {
		Cases    []nsor.CaseStaffing
		Officers []nsor.Officer
	}
	tourDo(t, e, dpo, "GET", "/api/v1/staffing", nil, &st)
	if len(st.Cases) != 1 || st.Cases[0].FIRID != fir.ID || len(st.Officers) < 2 {
		t.Fatalf("staffing = %+v, want the one case and the district's officers", st)
	}
	path := "/api/v1/firs/" + itoa(fir.ID) + "/co-investigators"
	body := map[string]any{"user_id": c.io2.ID, "reason": "A second officer for the statements (synthetic)."}
	_, err = io1.Do(e.ctx, http.MethodPost, path, body, nil)
	problem(t, "officer adds a co-investigator", err, http.StatusForbidden, "auth.forbidden")
	dpoRWP := e.login(e.user("dpo.rwp", nsor.RoleDPO, "PB-RWP-RWP"))
	_, err = dpoRWP.Do(e.ctx, http.MethodPost, path, body, nil)
	problem(t, "another district's DPO", err, http.StatusNotFound, "fir.not_found")
	_, err = dpo.Do(e.ctx, http.MethodPost, path, map[string]any{"user_id": c.io2.ID, "reason": ""}, nil)
	problem(t, "no reason", err, http.StatusUnprocessableEntity, "reason.required")
	_, err = dpo.Do(e.ctx, http.MethodPost, path, map[string]any{"user_id": c.dpp.ID, "reason": "A prosecutor (synthetic)."}, nil)
	problem(t, "a prosecutor as co-investigator", err, http.StatusUnprocessableEntity, "co_investigator.officer_unknown")
	_, err = dpo.Do(e.ctx, http.MethodPost, path, body, nil, client.Header{Key: "If-Match", Value: `"v1"`})
	problem(t, "stale version", err, http.StatusConflict, "version.stale")
	var cs nsor.CaseStaffing
	tourDo(t, e, dpo, "POST", path, body, &cs)
	if len(cs.CoInvestigators) != 1 || cs.CoInvestigators[0].ID != c.io2.ID {
		t.Fatalf("co-investigators = %+v, want %d", cs.CoInvestigators, c.io2.ID)
	}
	_, err = dpo.Do(e.ctx, http.MethodPost, path, body, nil)
	problem(t, "added twice", err, http.StatusUnprocessableEntity, "co_investigator.already_on")
	_, err = dpo.Do(e.ctx, http.MethodPost, path, map[string]any{"user_id": c.io1.ID, "reason": "Holds it (synthetic)."}, nil)
	problem(t, "the officer holding it", err, http.StatusUnprocessableEntity, "co_investigator.already_on")

	// Statistics: oversight of the province and the district's DPO.
	var stats struct {
		Districts []struct{ Requests int }
		Total     struct{ Requests, Rejections int }
	}
	tourDo(t, e, oversight, "GET", "/api/v1/statistics", nil, &stats)
	if stats.Total.Requests != 3 || stats.Total.Rejections != 1 {
		t.Fatalf("province's statistics total = %+v, want 3 requests and 1 rejection", stats.Total)
	}
	tourDo(t, e, dpo, "GET", "/api/v1/statistics", nil, &stats)
	if len(stats.Districts) != 1 || stats.Districts[0].Requests != 3 {
		t.Fatalf("district's statistics = %+v, want Lahore's 3 requests", stats.Districts)
	}
	tourDo(t, e, dpoRWP, "GET", "/api/v1/statistics", nil, &stats)
	if stats.Total.Requests != 0 {
		t.Fatalf("Rawalpindi's DPO reads %d requests, want none of Lahore's", stats.Total.Requests)
	}

	// The unread count: the co-investigator was told, and counts only their own.
	var n struct{ Unread int }
	tourDo(t, e, e.login(c.io2), "GET", "/api/v1/notifications/unread-count", nil, &n)
	if n.Unread != 1 {
		t.Fatalf("co-investigator's unread = %d, want 1", n.Unread)
	}
	tourDo(t, e, rwp, "GET", "/api/v1/notifications/unread-count", nil, &n)
	if n.Unread != 0 {
		t.Fatalf("Rawalpindi's prosecutor's unread = %d, want 0", n.Unread)
	}
}
