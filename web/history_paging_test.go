package web_test

import (
	"net/http"
	"strings"
	"testing"

	"nsor"
	"nsor/client"
)

// TestHistoryIsPaged: a request's events and submissions are read a page at
// a time (limit 1..200, default 50), oldest first, and read over all pages
// they give every row once; a cursor of one request's history is refused on
// another's, and a limit out of range is refused.
func TestHistoryIsPaged(t *testing.T) {
	f := newFlow(t)
	f.act(t, f.io1, "submit", map[string]any{})
	// More rows than a page, straight in the store.
	err := f.e.db.Update(f.e.ctx, func(tx nsor.Tx) error {
		subs, err := tx.Submissions(f.id)
		if err != nil || len(subs) == 0 {
			t.Fatalf("submissions: %v %d", err, len(subs))
		}
		at := f.e.clock.Now()
		for range 70 {
			s := *subs[0]
			s.N = 0
			if err := tx.AddSubmission(&s); err != nil {
				return err
			}
			if err := tx.AddEvent(&nsor.Event{RequestID: f.id, Action: "view", From: nsor.StateSubmitted, To: nsor.StateSubmitted,
				ActorID: f.c.io1.ID, ActorRole: nsor.RoleIO, ActorName: "Synthetic Officer", At: at}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var want struct{ events, subs int }
	_ = f.e.db.View(f.e.ctx, func(tx nsor.Tx) error {
		es, _ := tx.Events(f.id)
		ss, _ := tx.Submissions(f.id)
		want.events, want.subs = len(es), len(ss)
		return nil
	})
	base := "/api/v1/requests/" + itoa(f.id)

	first, err := client.Page[*nsor.Event](f.e.ctx, f.io1, base+"/events", "", "")
	if err != nil || len(first.Items) != nsor.DefaultPageSize || !first.HasMore || first.NextCursor == "" {
		t.Fatalf("events first page: %v, %d items, has_more %v", err, len(first.Items), first.HasMore)
	}
	for _, limit := range []string{"limit=7", "", "limit=200"} {
		var seqs []int
		for cursor := ""; ; {
			l, err := client.Page[*nsor.Event](f.e.ctx, f.io1, base+"/events", limit, cursor)
			if err != nil {
				t.Fatalf("events %s: %v", limit, err)
			}
			for _, e := range l.Items {
				seqs = append(seqs, e.Seq)
			}
			if !l.HasMore {
				break
			}
			cursor = l.NextCursor
		}
		if len(seqs) != want.events {
			t.Errorf("events over pages of %q: %d, want %d", limit, len(seqs), want.events)
		}
		for i, s := range seqs {
			if s != i+1 {
				t.Fatalf("events over pages of %q: seq %d at %d, want each once in order", limit, s, i)
			}
		}
	}

	var ns []int
	for cursor := ""; ; {
		var l client.List[struct {
			N int `json:"n"`
		}]
		path := base + "/submissions?limit=9"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		if _, err := f.io1.Do(f.e.ctx, http.MethodGet, path, nil, &l); err != nil {
			t.Fatalf("submissions: %v", err)
		}
		if len(l.Items) > 9 {
			t.Fatalf("submissions page of %d, limit 9", len(l.Items))
		}
		for _, s := range l.Items {
			ns = append(ns, s.N)
		}
		if !l.HasMore {
			break
		}
		cursor = l.NextCursor
	}
	if len(ns) != want.subs {
		t.Errorf("submissions over pages: %d, want %d", len(ns), want.subs)
	}
	for i, n := range ns {
		if n != i+1 {
			t.Fatalf("submissions over pages: n %d at %d, want each once in order", n, i)
		}
	}

	// The cursor of this request's events is not one of another listing.
	for _, path := range []string{"/api/v1/requests/" + itoa(f.id+1) + "/events", base + "/submissions"} {
		_, err := client.Page[*nsor.Event](f.e.ctx, f.io1, path, "", first.NextCursor)
		problem(t, path+" with another listing's cursor", err, http.StatusBadRequest, "query.cursor")
	}
	for _, path := range []string{base + "/events?limit=0", base + "/submissions?limit=201"} {
		_, err := f.io1.Do(f.e.ctx, http.MethodGet, path, nil, nil)
		ce := problem(t, path, err, http.StatusBadRequest, "query.limit")
		if !strings.Contains(ce.Detail, "200") {
			t.Errorf("%s: detail %q", path, ce.Detail)
		}
	}
}
