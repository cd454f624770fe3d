package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"nsor/client"
)

// TestWhoSoughtIsPaged: who sought a person is answered a page at a time,
// oldest first, limit and cursor in the query, the identifier in the body;
// read over pages it gives every record once, and a cursor is refused with
// another identifier.
func TestWhoSoughtIsPaged(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	reg := e.login(c.registrar1)
	for range 12 {
		if _, err := reg.Do(e.ctx, http.MethodPost, "/api/v1/register/search",
			map[string]any{"cnic": cnicOffender, "purpose": "Checking for a duplicate entry"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	aud := e.login(c.auditor)
	body := map[string]any{"cnic": cnicOffender}
	type item struct {
		ID int64 `json:"id"`
	}
	who := func(body map[string]any, query string) (*client.List[item], error) {
		var l client.List[item]
		_, err := aud.Do(e.ctx, http.MethodPost, "/api/v1/audit/who?"+query, body, &l)
		return &l, err
	}
	all, err := who(body, "limit=200")
	if err != nil || len(all.Items) < 12 || all.HasMore {
		t.Fatalf("who at limit 200 = %d records, has_more %v, %v; want at least 12, all", len(all.Items), all.HasMore, err)
	}
	seen := map[int64]bool{}
	var last int64
	first := ""
	for cursor := ""; ; {
		q := "limit=5"
		if cursor != "" {
			q += "&cursor=" + url.QueryEscape(cursor)
		}
		l, err := who(body, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Items) > 5 {
			t.Fatalf("page of %d, limit 5", len(l.Items))
		}
		for _, x := range l.Items {
			if x.ID <= last {
				t.Fatalf("record %d after %d: want each once, oldest first", x.ID, last)
			}
			last, seen[x.ID] = x.ID, true
		}
		if !l.HasMore {
			break
		}
		if first == "" {
			first = l.NextCursor
		}
		cursor = l.NextCursor
	}
	for _, x := range all.Items {
		if !seen[x.ID] {
			t.Errorf("record %d not read over the pages", x.ID)
		}
	}
	_, err = who(map[string]any{"cnic": "9000000000001"}, "limit=5&cursor="+url.QueryEscape(first))
	problem(t, "cursor with another identifier", err, http.StatusBadRequest, "query.cursor")
	_, err = who(body, "limit=0")
	problem(t, "limit 0", err, http.StatusBadRequest, "query.limit")
}
