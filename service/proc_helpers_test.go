package service_test

import (
	"reflect"
	"slices"
	"testing"

	"nsor"
	"nsor/auditrec"
)

// The helpers of the request procedure's tests at the service (proc_*_test.go).

// procLastAudit is the newest audit record.
func procLastAudit(t *testing.T, w *world) *auditrec.Record {
	t.Helper()
	var es []*nsor.AuditEntry
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { es, err = tx.AuditRecords(nsor.AuditFilter{}); return err }); err != nil {
		t.Fatalf("AuditRecords: %v", err)
	}
	if len(es) == 0 {
		t.Fatal("no audit record")
	}
	return es[len(es)-1].Record
}

// procEvents is a request's history as the store holds it.
func procEvents(t *testing.T, w *world, id int64) []*nsor.Event {
	t.Helper()
	var es []*nsor.Event
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { es, err = tx.Events(id); return err }); err != nil {
		t.Fatalf("Events(%d): %v", id, err)
	}
	return es
}

// procInbox is a user's notifications, newest first.
func procInbox(t *testing.T, w *world, username string) []*nsor.Notification {
	t.Helper()
	var ns []*nsor.Notification
	id := w.as(username).ID()
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { ns, err = tx.Notifications(id, false, 0, 500); return err }); err != nil {
		t.Fatalf("Notifications(%s): %v", username, err)
	}
	return ns
}

// procNoted reports whether username has a notification of kind about request id.
func procNoted(t *testing.T, w *world, username string, kind nsor.NotificationKind, id int64) bool {
	t.Helper()
	return slices.ContainsFunc(procInbox(t, w, username), func(n *nsor.Notification) bool {
		return n.Kind == kind && n.RequestID == id
	})
}

// procRefused runs act, which must be refused with code, and checks that
// the refusal wrote nothing of the request (the request, its history and its
// searches' hits are as they were) and that the refusal alone was recorded
// in the audit trail, with its code, against the request when it names one.
func procRefused(t *testing.T, w *world, id int64, code string, act func() error) {
	t.Helper()
	before, events, hits := w.request(id), len(procEvents(t, w, id)), procHits(t, w, id)
	n := w.auditCount()
	wantCode(t, "the act", act(), code)
	if after := w.request(id); !reflect.DeepEqual(after, before) {
		t.Errorf("the refusal changed request %d:\n got %+v\nwant %+v", id, after, before)
	}
	if got := len(procEvents(t, w, id)); got != events {
		t.Errorf("the refusal added %d events", got-events)
	}
	if got := procHits(t, w, id); got != hits {
		t.Errorf("the refusal added %d search hits", got-hits)
	}
	if got := w.auditCount(); got != n+1 {
		t.Fatalf("audit records %d -> %d, want the refusal alone recorded", n, got)
	}
	rec := procLastAudit(t, w)
	if rec.Outcome != auditrec.OutcomeRefused || rec.Code != code {
		t.Errorf("audit record of the refusal: outcome %q code %q, want refused %s", rec.Outcome, rec.Code, code)
	}
	if rec.RequestID != id {
		t.Errorf("audit record of the refusal names request %d, want %d", rec.RequestID, id)
	}
}

// procHits counts the search hits kept with a request.
func procHits(t *testing.T, w *world, id int64) int {
	t.Helper()
	var hs []nsor.SearchHit
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { hs, err = tx.SearchHits(id); return err }); err != nil {
		t.Fatalf("SearchHits(%d): %v", id, err)
	}
	return len(hs)
}

// procOK fails the test at once on an error.
func procOK(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// procWant checks a view's state and that the store holds the same state
// and version.
func procWant(t *testing.T, w *world, what string, v *nsor.RequestView, st nsor.State) *nsor.Request {
	t.Helper()
	if v == nil {
		t.Fatalf("%s: no view", what)
	}
	r := w.request(v.ID)
	if v.State != st || r.State != st || r.Version != v.Version {
		t.Fatalf("%s: view %s v%d, stored %s v%d; want %s", what, v.State, v.Version, r.State, r.Version, st)
	}
	return r
}

// items is the rows of a listing's page.
func items[T any](p nsor.Paged[T], err error) ([]T, error) { return p.Items, err }
