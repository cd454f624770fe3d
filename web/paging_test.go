package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/client"
)

// fileRequests files and submits n requests, each on an FIR of its own, and
// returns their IDs newest first, as the listing orders them.
func fileRequests(t *testing.T, e *env, io *client.Client, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		in := firInput(e)
		in.Number = fmt.Sprintf("P%d", i)
		in.Accused = in.Accused[:1]
		in.Accused[0].CNIC = fmt.Sprintf("9%04d-1234567-1", i)
		ids = append(ids, fileRequestOn(t, e, io, in))
	}
	slices.Reverse(ids)
	return ids
}

// draftRequests stores n drafts in the district of the FIR of request id,
// straight in the store, with no suspects (a draft holds none yet).
func draftRequests(t *testing.T, e *env, id int64, n int) {
	t.Helper()
	err := e.db.Update(e.ctx, func(tx nsor.Tx) error {
		r, err := tx.Request(id)
		if err != nil {
			return err
		}
		now := e.clock.Now()
		for range n {
			d := &nsor.Request{FIRID: r.FIRID, DistrictID: r.DistrictID, DistrictPath: r.DistrictPath, IOUserID: r.IOUserID,
				FiledBy: r.IOUserID, State: nsor.StateDraft, Version: 1, Grounds: "Draft (synthetic)",
				CreatedAt: now, UpdatedAt: now, StageStarted: now}
			if err := tx.CreateRequest(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// requestPages reads a request listing page after page and returns the IDs
// and the size of each page; it checks has_more and next_cursor agree.
func requestPages(t *testing.T, e *env, c *client.Client, query string) (ids []int64, sizes []int) {
	t.Helper()
	for cursor := ""; ; {
		l, err := client.Page[*nsor.RequestView](e.ctx, c, "/api/v1/requests", query, cursor)
		if err != nil {
			t.Fatalf("requests?%s cursor %q: %v", query, cursor, err)
		}
		for _, v := range l.Items {
			ids = append(ids, v.ID)
		}
		sizes = append(sizes, len(l.Items))
		if l.HasMore != (l.NextCursor != "") {
			t.Fatalf("requests?%s: has_more %v with next_cursor %q", query, l.HasMore, l.NextCursor)
		}
		if !l.HasMore {
			return ids, sizes
		}
		if len(sizes) > 100 {
			t.Fatalf("requests?%s: no end of pages", query)
		}
		cursor = l.NextCursor
	}
}

// TestRequestListNeverLosesRows puts more drafts than a page, which a
// prosecutor may not see, in the district after eight submitted requests
// (so before them in the listing, newest first): the prosecutor's pages
// hold all eight, whatever the page size, and an empty listing says so.
func TestRequestListNeverLosesRows(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		e := newEnvAt(t, dsn, func(c *nsor.Config) { c.SessionTTL = 30 * 24 * time.Hour }, nil)
		cast := newCast(e)
		io, dpp := e.login(cast.io1), e.login(cast.dpp)
		want := fileRequests(t, e, io, 8)
		draftRequests(t, e, want[0], 205)

		for _, tc := range []struct {
			query string
			sizes []int
		}{
			{"", []int{8}},
			{"limit=3", []int{3, 3, 2}},
			{"limit=8", []int{8}},
			{"limit=1", []int{1, 1, 1, 1, 1, 1, 1, 1}},
			{"limit=200&state=submitted", []int{8}},
		} {
			ids, sizes := requestPages(t, e, dpp, tc.query)
			if !slices.Equal(ids, want) || !slices.Equal(sizes, tc.sizes) {
				t.Errorf("prosecutor's requests?%s = %v in pages %v, want %v in pages %v", tc.query, ids, sizes, want, tc.sizes)
			}
		}
		// The officer sees the drafts too: 213 over pages of 50.
		if ids, sizes := requestPages(t, e, io, ""); len(ids) != 213 || !slices.Equal(sizes, []int{50, 50, 50, 50, 13}) {
			t.Errorf("officer's requests = %d in pages %v, want 213 in pages [50 50 50 50 13]", len(ids), sizes)
		}
		// Nothing overdue yet: an empty page, nothing more, no cursor.
		l, err := client.Page[*nsor.RequestView](e.ctx, dpp, "/api/v1/requests", "overdue=true", "")
		if err != nil || len(l.Items) != 0 || l.HasMore || l.NextCursor != "" {
			t.Fatalf("requests?overdue=true before the deadline = %+v, %v, want an empty last page", l, err)
		}
		e.clock.Advance(48 * time.Hour)
		if ids, sizes := requestPages(t, e, dpp, "overdue=true&limit=5"); !slices.Equal(ids, want) || !slices.Equal(sizes, []int{5, 3}) {
			t.Errorf("requests?overdue=true&limit=5 at 48h = %v in pages %v, want %v in pages [5 3]", ids, sizes, want)
		}
	})
}

// TestPagingRefusals: a limit out of range or not a number, and a cursor
// altered, damaged or from another listing or other filters, are refused
// with 400 and nothing read in their place.
func TestPagingRefusals(t *testing.T) {
	e := newEnv(t)
	cast := newCast(e)
	io := e.login(cast.io1)
	fileRequests(t, e, io, 3)
	first, err := client.Page[*nsor.RequestView](e.ctx, io, "/api/v1/requests", "limit=1", "")
	if err != nil || !first.HasMore || first.NextCursor == "" {
		t.Fatalf("requests?limit=1 = %+v, %v, want a page with more", first, err)
	}
	cur := first.NextCursor
	flipped := []byte(cur)
	flipped[3] ^= 1
	for _, tc := range []struct{ path, code string }{
		{"/api/v1/requests?limit=0", "query.limit"},
		{"/api/v1/requests?limit=201", "query.limit"},
		{"/api/v1/requests?limit=-1", "query.limit"},
		{"/api/v1/requests?limit=ten", "query.limit"},
		{"/api/v1/requests?limit=%2B5", "query.limit"},
		{"/api/v1/requests?limit=5&limit=6", "query.limit"},
		{"/api/v1/requests?limit=", "query.limit"},
		{"/api/v1/requests?cursor=" + string(flipped), "query.cursor"},
		{"/api/v1/requests?cursor=" + cur[:len(cur)-2], "query.cursor"},
		{"/api/v1/requests?cursor=!!", "query.cursor"},
		{"/api/v1/requests?cursor=", "query.cursor"},
		{"/api/v1/requests?state=submitted&cursor=" + cur, "query.cursor"},
		{"/api/v1/firs?cursor=" + cur, "query.cursor"},
		{"/api/v1/notifications?cursor=" + cur, "query.cursor"},
	} {
		_, err := io.Do(e.ctx, http.MethodGet, tc.path, nil, &client.List[any]{})
		problem(t, "GET "+tc.path, err, http.StatusBadRequest, tc.code)
	}
	// The cursor reads on in its own listing, with the limit changed.
	next, err := client.Page[*nsor.RequestView](e.ctx, io, "/api/v1/requests", "limit=5", cur)
	if err != nil || len(next.Items) != 2 || next.HasMore || next.Items[0].ID >= first.Items[0].ID {
		t.Fatalf("requests?limit=5 after the first = %+v, %v, want the two older", next, err)
	}
	if strings.ContainsAny(cur, "+/=") {
		t.Errorf("cursor %q is not base64url without padding", cur)
	}
}

// ids reads every page of a listing with the given page size and returns
// the items' IDs (or, where an item has none, its position), checking that
// each page but the last is full and that has_more and next_cursor agree.
func listIDs(t *testing.T, e *env, c *client.Client, path, query string, limit int) []string {
	t.Helper()
	var out []string
	q := fmt.Sprintf("limit=%d", limit)
	if query != "" {
		q = query + "&" + q
	}
	for cursor, n := "", 0; ; n++ {
		l, err := client.Page[map[string]any](e.ctx, c, path, q, cursor)
		if err != nil {
			t.Fatalf("%s?%s page %d: %v", path, q, n, err)
		}
		for _, it := range l.Items {
			out = append(out, fmt.Sprint(it["id"], it["record_id"], it["version"]))
		}
		if l.HasMore != (l.NextCursor != "") || (l.HasMore && len(l.Items) != limit) || len(l.Items) > limit {
			t.Fatalf("%s?%s page %d: %d items, has_more %v, next_cursor %q", path, q, n, len(l.Items), l.HasMore, l.NextCursor)
		}
		if !l.HasMore {
			return out
		}
		cursor = l.NextCursor
	}
}

// TestEveryListingPages reads each listing of the API in pages of 1, 2 and
// 200 and finds the same items in the same order, none twice.
func TestEveryListingPages(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	admin, io, reg := e.login(e.users["admin"]), e.login(c.io1), e.login(c.registrar1)
	fileRequests(t, e, io, 3)
	for i := range 3 {
		rec := offenderRecord()
		rec.CNIC = fmt.Sprintf("9%04d-7654321-1", i)
		if _, err := reg.ProposeRecord(e.ctx, rec, "Entered from the conviction file (synthetic)"); err != nil {
			t.Fatal(err)
		}
	}
	aud := e.login(c.auditor)
	for _, l := range []struct {
		c           *client.Client
		path, query string
		atLeast     int
	}{
		{admin, "/api/v1/jurisdictions", "", 3},
		{admin, "/api/v1/users", "", 3},
		{io, "/api/v1/firs", "", 3},
		{io, "/api/v1/requests", "", 3},
		{io, "/api/v1/notifications", "", 0},
		{reg, "/api/v1/register/changes", "", 3},
		{admin, "/api/v1/approvals", "", 0},
		{aud, "/api/v1/audit/cases", "", 0},
		{aud, "/api/v1/audit/records", "action=request.create", 3},
	} {
		whole := listIDs(t, e, l.c, l.path, l.query, 200)
		if len(whole) < l.atLeast {
			t.Errorf("%s = %d items, want at least %d", l.path, len(whole), l.atLeast)
		}
		seen := map[string]bool{}
		for _, id := range whole {
			if seen[id] {
				t.Errorf("%s lists %s twice", l.path, id)
			}
			seen[id] = true
		}
		for _, n := range []int{1, 2} {
			if got := listIDs(t, e, l.c, l.path, l.query, n); !slices.Equal(got, whole) {
				t.Errorf("%s in pages of %d = %v, want %v", l.path, n, got, whole)
			}
		}
	}
}

// TestApprovalListPages puts 205 lapsed proposals after 8 live ones: the
// pending listing holds the 8 over pages, the expired one the 205.
func TestApprovalListPages(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	admin := e.login(e.users["admin"])
	now := e.clock.Now()
	err := e.db.Update(e.ctx, func(tx nsor.Tx) error {
		for i := range 8 + 205 {
			expires := now.Add(nsor.ApprovalTTL)
			if i >= 8 {
				expires = now.Add(-time.Minute)
			}
			p := &nsor.Approval{Kind: nsor.ApproveReset, TargetID: c.io1.ID, Change: []byte("null"), State: nsor.ApprovalPending,
				ProposedBy: e.admin.ID(), ProposedAt: now, ExpiresAt: expires}
			if err := tx.CreateApproval(p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		state string
		want  int
	}{{"state=pending&", 8}, {"state=expired&", 205}, {"", 213}} {
		for _, n := range []int{3, 50} {
			got, err := client.All[*nsor.Approval](e.ctx, admin, "/api/v1/approvals", tc.state+"limit="+fmt.Sprint(n))
			if err != nil || len(got) != tc.want {
				t.Errorf("approvals?state=%s in pages of %d = %d, %v; want %d", tc.state, n, len(got), err, tc.want)
			}
			for _, p := range got {
				if tc.state != "" && "state="+string(p.State)+"&" != tc.state {
					t.Errorf("approvals?state=%s lists one %s", tc.state, p.State)
				}
			}
		}
	}
}
