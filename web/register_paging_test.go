package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"nsor/client"
)

// TestRegisterSearchIsPaged: a registrar's search with more matches than a
// page is read a page at a time, every record once, in the order of their
// IDs; the cursor is bound to the search's body, so that it is refused with
// other terms or another purpose.
func TestRegisterSearchIsPaged(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	maker := e.login(c.registrar1)
	const n = 12
	for i := range n {
		rec := offenderRecord()
		rec.CNIC = fmt.Sprintf("9%04d-7654321-1", i)
		if _, err := maker.ProposeRecord(e.ctx, rec, "Entered from the conviction file (synthetic)"); err != nil {
			t.Fatal(err)
		}
	}
	body := map[string]any{"name": offenderRecord().Name, "purpose": "Checking for a duplicate entry"}
	type item struct {
		ID int64 `json:"id"`
	}
	search := func(body map[string]any, query string) (*client.List[item], error) {
		var l client.List[item]
		_, err := maker.Do(e.ctx, http.MethodPost, "/api/v1/register/search?"+query, body, &l)
		return &l, err
	}
	var ids []int64
	pages, cursor := 0, ""
	for {
		q := "limit=5"
		if cursor != "" {
			q += "&cursor=" + url.QueryEscape(cursor)
		}
		l, err := search(body, q)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		pages++
		if len(l.Items) > 5 {
			t.Fatalf("page of %d, limit 5", len(l.Items))
		}
		for _, x := range l.Items {
			ids = append(ids, x.ID)
		}
		if !l.HasMore {
			break
		}
		cursor = l.NextCursor
	}
	if len(ids) != n || pages != 3 {
		t.Fatalf("read %d records over %d pages, want %d over 3", len(ids), pages, n)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Fatalf("ids %v: want each once, ascending", ids)
		}
	}
	first, err := search(body, "limit=5")
	if err != nil || first.NextCursor == "" {
		t.Fatalf("first page: %v", err)
	}
	for _, other := range []map[string]any{
		{"name": "Someone Else", "purpose": "Checking for a duplicate entry"},
		{"name": offenderRecord().Name, "purpose": "Another purpose"},
	} {
		_, err := search(other, "limit=5&cursor="+url.QueryEscape(first.NextCursor))
		problem(t, "cursor with another body", err, http.StatusBadRequest, "query.cursor")
	}
	_, err = search(body, "limit=201")
	problem(t, "limit 201", err, http.StatusBadRequest, "query.limit")
}
