package service_test

import (
	"testing"

	"nsor"
)

// TestProsecutorQueueEarlierByCNICs: a page whose suspects all have a CNIC
// reads only the decisions on people of those CNICs or of none, and still
// finds both kinds: a rejected person without a CNIC of the same name (by
// name), a rejected person of the same CNIC (by CNIC); and not one of the
// same name with another CNIC.
func TestProsecutorQueueEarlierByCNICs(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	dpp := w.as("dpp.lahore2")
	reject := func(r *nsor.RequestView) {
		t.Helper()
		if _, err := w.svc.Reject(w.ctx, dpp, r.ID, r.Version, "The grounds seek the suspect's whole history, unrelated to this case."); err != nil {
			t.Fatal(err)
		}
	}
	noCNIC := webbFile(t, w, "7201", nsor.AccusedInput{Name: "Bilal Narrow Synthetic"})
	reject(noCNIC)
	withCNIC := webbFile(t, w, "7202", nsor.AccusedInput{Name: "Kashif Narrow Synthetic", CNIC: "91234-7200001-1"})
	reject(withCNIC)
	otherCNIC := webbFile(t, w, "7203", nsor.AccusedInput{Name: "Kamran Narrow Synthetic", CNIC: "91234-7200005-1"})
	reject(otherCNIC)
	byName := webbFile(t, w, "7204", nsor.AccusedInput{Name: "bilal narrow synthetic", CNIC: "91234-7200003-1"})
	byCNIC := webbFile(t, w, "7205", nsor.AccusedInput{Name: "Kashif Ali Narrow Synthetic", CNIC: "91234-7200001-1"})
	sameNameOtherCNIC := webbFile(t, w, "7206", nsor.AccusedInput{Name: "Kamran Narrow Synthetic", CNIC: "91234-7200007-1"})

	// The page of these three alone: the queue up to the one before them,
	// then the page after it.
	all, err := w.svc.ProsecutorQueue(w.ctx, dpp, nsor.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	at := -1
	for i, it := range all.Items {
		if it.RequestID == byName.ID {
			at = i
		}
	}
	if at < 0 || at+3 > len(all.Items) || all.Items[at+2].RequestID != sameNameOtherCNIC.ID {
		t.Fatalf("the queue %+v does not end with requests %d, %d, %d", all.Items, byName.ID, byCNIC.ID, sameNameOtherCNIC.ID)
	}
	p := nsor.Page{Limit: 3}
	if at > 0 {
		before, err := w.svc.ProsecutorQueue(w.ctx, dpp, nsor.Page{Limit: at})
		if err != nil {
			t.Fatal(err)
		}
		p.After = before.Next
	}
	q, err := w.svc.ProsecutorQueue(w.ctx, dpp, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Items) != 3 {
		t.Fatalf("page = %+v, want the three requests", q.Items)
	}
	for _, c := range []struct {
		it   *nsor.QueueItem
		want *nsor.RequestView
		by   string
	}{{q.Items[0], noCNIC, "name"}, {q.Items[1], withCNIC, "cnic"}, {q.Items[2], nil, ""}} {
		switch {
		case c.want == nil && len(c.it.Earlier) != 0:
			t.Errorf("request %d shows %+v, a different person's", c.it.RequestID, c.it.Earlier)
		case c.want != nil && (len(c.it.Earlier) != 1 || c.it.Earlier[0].RequestID != c.want.ID || c.it.Earlier[0].By != c.by):
			t.Errorf("request %d: earlier %+v, want the rejection of %d by %s", c.it.RequestID, c.it.Earlier, c.want.ID, c.by)
		}
	}
}
