package service_test

import (
	"slices"
	"testing"
	"time"

	"nsor"
)

// webbSubmitted is every submitted request of a district, as the store holds
// them.
func webbSubmitted(t *testing.T, w *world, districtCode string) []*nsor.Request {
	t.Helper()
	var rs []*nsor.Request
	err := w.db.View(w.ctx, func(tx nsor.Tx) error {
		d, err := tx.JurisdictionByCode(districtCode)
		if err != nil {
			return err
		}
		rs, err = tx.Requests(nsor.RequestFilter{DistrictID: d.ID, States: []nsor.State{nsor.StateSubmitted}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// webbFile enters an FIR of a Lahore station with one accused, attaches its
// copy, files a request for the accused and submits it, as io.lahore1.
func webbFile(t *testing.T, w *world, number string, accused nsor.AccusedInput) *nsor.RequestView {
	t.Helper()
	io := w.as("io.lahore1")
	in := caseFIRInput(w, number)
	accused.Parentage = &nsor.Parentage{Relation: "S/O", Name: "Aslam Synthetic"}
	accused.Address, accused.Age, accused.Gender = "House 1, Street 2, Lahore", 30, "male"
	in.Accused = []nsor.AccusedInput{accused}
	f, _, err := w.svc.CreateFIR(w.ctx, io, in, nsor.Idempotency{})
	if err != nil {
		t.Fatalf("CreateFIR: %v", err)
	}
	if _, err := w.svc.PutFIRCopy(w.ctx, io, f.ID, f.Version, []byte("%PDF-1.4\n% synthetic FIR copy\n%%EOF\n")); err != nil {
		t.Fatalf("PutFIRCopy: %v", err)
	}
	r, err := w.svc.CreateRequest(w.ctx, io, nsor.RequestInput{FIRID: f.ID, Suspects: []int64{f.Accused[0].ID}, Declaration: true,
		Grounds: "The accused is named by the victim; his prior convictions bear on the investigation."}, nsor.Idempotency{})
	if err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	v, err := w.svc.Submit(w.ctx, io, r.ID, r.Version)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	return v
}

// TestProsecutorQueue: the district's prosecutor sees exactly the district's
// submitted requests, the nearest to the 48-hour limit first, with totals
// of the whole queue that follow the clock; the pages of a walk hold each
// request once, in order; other roles and districts see none of it.
func TestProsecutorQueue(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newWorld(t, dsn)
		dpp := w.as("dpp.lahore1")
		// Two more, an hour apart, so that the order is the clock's and not the IDs'.
		w.clock.Advance(time.Hour)
		a := webbFile(t, w, "7001", nsor.AccusedInput{Name: "Queue First Synthetic", CNIC: "91234-7000001-1"})
		w.clock.Advance(time.Hour)
		b := webbFile(t, w, "7002", nsor.AccusedInput{Name: "Queue Second Synthetic", CNIC: "91234-7000003-1"})
		want := webbSubmitted(t, w, "PB-LHR-LHR")
		if len(want) < 3 {
			t.Fatalf("%d submitted requests in Lahore, want 3 or more", len(want))
		}
		q, err := w.svc.ProsecutorQueue(w.ctx, dpp, nsor.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if q.Waiting != len(want) || len(q.Items) != len(want) || q.Next != nil {
			t.Fatalf("queue: %d waiting, %d items, next %v; want %d and no next page", q.Waiting, len(q.Items), q.Next, len(want))
		}
		if !slices.IsSortedFunc(q.Items, func(x, y *nsor.QueueItem) int { return x.Deadline.DueAt.Compare(y.Deadline.DueAt) }) {
			t.Error("the queue is not in the order of time left")
		}
		ia := slices.IndexFunc(q.Items, func(it *nsor.QueueItem) bool { return it.RequestID == a.ID })
		ib := slices.IndexFunc(q.Items, func(it *nsor.QueueItem) bool { return it.RequestID == b.ID })
		if ia < 0 || ib < 0 || ia > ib {
			t.Errorf("the request submitted first is at %d, the later one at %d", ia, ib)
		}
		if it := q.Items[ib]; it.Deadline.Kind != nsor.DeadlineForward || it.Deadline.DueAt != b.SubmittedAt.Add(48*time.Hour) ||
			len(it.Suspects) != 1 || it.Suspects[0] != "Queue Second Synthetic" || it.FIR != "7002/2026" {
			t.Errorf("item: %+v", it)
		}

		// b's clock has half an hour left: due soon; a is half an hour past its limit.
		w.clock.Set(b.SubmittedAt.Add(47*time.Hour + 30*time.Minute))
		q, _ = w.svc.ProsecutorQueue(w.ctx, dpp, nsor.Page{})
		overdue, soon := 0, 0
		for _, it := range q.Items {
			if it.Deadline.Overdue {
				overdue++
			} else if it.DueSoon {
				soon++
			}
		}
		if q.Overdue != overdue || q.DueSoon != soon || soon == 0 || overdue == 0 {
			t.Errorf("totals %d overdue, %d due soon; the items say %d and %d (both must be some)", q.Overdue, q.DueSoon, overdue, soon)
		}
		if !q.Items[0].Deadline.Overdue {
			t.Error("an overdue request is not first")
		}

		// A walk one at a time meets each request once, in the same order.
		var walked []int64
		p := nsor.Page{Limit: 1}
		for i := 0; ; i++ {
			page, err := w.svc.ProsecutorQueue(w.ctx, dpp, p)
			if err != nil || i > len(want) {
				t.Fatalf("page %d: %v", i, err)
			}
			if page.Waiting != len(want) {
				t.Errorf("page %d: totals of the page, not the queue: %d", i, page.Waiting)
			}
			for _, it := range page.Items {
				walked = append(walked, it.RequestID)
			}
			if page.Next == nil {
				break
			}
			p.After = page.Next
		}
		var all []int64
		for _, it := range q.Items {
			all = append(all, it.RequestID)
		}
		if !slices.Equal(walked, all) {
			t.Errorf("walked %v, want %v", walked, all)
		}

		for _, c := range []struct {
			user, code string
		}{{"io.lahore1", "auth.forbidden"}, {"analyst1", "auth.forbidden"}, {"oversight.punjab", "auth.forbidden"}} {
			_, err := w.svc.ProsecutorQueue(w.ctx, w.as(c.user), nsor.Page{})
			wantCode(t, c.user, err, c.code)
		}
		_, err = w.svc.ProsecutorQueue(w.ctx, dpp, nsor.Page{After: []int64{1}})
		wantCode(t, "a cursor of one column", err, "query.cursor")
		other, err := w.svc.ProsecutorQueue(w.ctx, w.as("dpp.rawalpindi1"), nsor.Page{})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range other.Items {
			if it.RequestID == a.ID || it.RequestID == b.ID {
				t.Error("Rawalpindi's prosecutor sees a Lahore request")
			}
		}
		if dpo, err := w.svc.ProsecutorQueue(w.ctx, w.as("dpo.lahore"), nsor.Page{}); err != nil || dpo.Waiting != len(want) {
			t.Errorf("the DPO's queue: %v", err)
		}
	})
}

// TestProsecutorQueueEarlier: beside a request, the prosecutor sees the
// district's earlier returns and rejections of requests that named the
// same person: by CNIC across FIRs, by name key where a CNIC is missing;
// a person of the same name with another CNIC is not them.
func TestProsecutorQueueEarlier(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	dpp := w.as("dpp.lahore2")
	first := webbFile(t, w, "7101", nsor.AccusedInput{Name: "Imran Earlier Synthetic", CNIC: "91234-7100001-1"})
	reason := "The grounds seek the suspect's whole history, unrelated to this case."
	if _, err := w.svc.Reject(w.ctx, dpp, first.ID, first.Version, reason); err != nil {
		t.Fatal(err)
	}
	sameCNIC := webbFile(t, w, "7102", nsor.AccusedInput{Name: "Imran Ali Earlier Synthetic", CNIC: "91234-7100001-1"})
	noCNIC := webbFile(t, w, "7103", nsor.AccusedInput{Name: "imran  earlier synthetic"})
	otherCNIC := webbFile(t, w, "7104", nsor.AccusedInput{Name: "Imran Earlier Synthetic", CNIC: "91234-7100003-1"})
	q, err := w.svc.ProsecutorQueue(w.ctx, dpp, nsor.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	by := map[int64]*nsor.QueueItem{}
	for _, it := range q.Items {
		by[it.RequestID] = it
	}
	check := func(id int64, want string) {
		t.Helper()
		it := by[id]
		switch {
		case it == nil:
			t.Errorf("request %d is not in the queue", id)
		case want == "" && len(it.Earlier) != 0:
			t.Errorf("request %d shows %+v, a different person's", id, it.Earlier)
		case want != "" && (len(it.Earlier) != 1 || it.Earlier[0].RequestID != first.ID || it.Earlier[0].Action != nsor.ActReject ||
			it.Earlier[0].Reason != reason || it.Earlier[0].By != want):
			t.Errorf("request %d: earlier %+v, want the rejection of %d matched by %s", id, it.Earlier, first.ID, want)
		}
	}
	check(sameCNIC.ID, "cnic")
	check(noCNIC.ID, "name")
	check(otherCNIC.ID, "")
}

// TestUnreadCount: forwarding tells the bureau's analysts; the count of
// unread notices follows, and reading one lowers it.
func TestUnreadCount(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	an := w.as("analyst1")
	before, err := w.svc.UnreadCount(w.ctx, an)
	if err != nil {
		t.Fatal(err)
	}
	r := w.inState(nsor.StateSubmitted)
	if _, err := w.svc.Forward(w.ctx, w.as("dpp.lahore2"), r.ID, r.Version, nsor.Checklist{FIRCopyMatches: true, EligibleSection: true,
		SuspectsNamedInFIR: true, GroundsSubstantiated: true}); err != nil {
		t.Fatal(err)
	}
	after, _ := w.svc.UnreadCount(w.ctx, an)
	if after != before+1 {
		t.Fatalf("unread %d after a forward, want %d", after, before+1)
	}
	ns, err := w.svc.Notifications(w.ctx, an, true, nsor.Page{Limit: 1})
	if err != nil || len(ns.Items) != 1 || ns.Items[0].Kind != nsor.NoteForwarded {
		t.Fatalf("newest unread: %+v, %v", ns.Items, err)
	}
	if err := w.svc.MarkRead(w.ctx, an, ns.Items[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := w.svc.UnreadCount(w.ctx, an); n != before {
		t.Errorf("unread %d after reading one, want %d", n, before)
	}
}
