package service_test

import (
	"slices"
	"testing"
	"time"

	"nsor"
)

// procCount counts username's notifications of kind about request id.
func procCount(t *testing.T, w *world, username string, kind nsor.NotificationKind, id int64) int {
	t.Helper()
	n := 0
	for _, x := range procInbox(t, w, username) {
		if x.Kind == kind && x.RequestID == id {
			n++
		}
	}
	return n
}

// TestProcDeadlines: the clock reminds the prosecutors at 24 and 36 hours,
// escalates a missed deadline (the prosecutor's to the DPO, the prosecutors
// and oversight; the bureau's to its supervisor), runs each job once, spends
// the jobs of a request that moved on without effect, and never decides.
func TestProcDeadlines(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	s := w.inState(nsor.StateSubmitted)
	f := w.inState(nsor.StateForwarded)
	n := w.inState(nsor.StateAnswered) // a record found: the confirmation's clock runs

	// A request resubmitted and forwarded at once: its prosecutor's jobs are spent.
	ret := w.inState(nsor.StateReturned)
	v, err := svc.Resubmit(ctx, w.as("io.rawalpindi1"), ret.ID, ret.Version, "The full FIR copy is attached now.")
	procOK(t, "resubmit", err)
	full := nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, SuspectsNamedInFIR: true, GroundsSubstantiated: true}
	_, err = svc.Forward(ctx, w.as("dpp.rawalpindi1"), ret.ID, v.Version, full)
	procOK(t, "forward", err)

	ran, err := svc.RunDueJobs(ctx)
	procOK(t, "run at once", err)
	if ran != 0 {
		t.Errorf("%d jobs ran before any was due", ran)
	}

	w.clock.Advance(24*time.Hour + time.Minute)
	ran, err = svc.RunDueJobs(ctx)
	procOK(t, "run at 24 hours", err)
	if ran == 0 {
		t.Fatal("no job ran at 24 hours")
	}
	if got := procCount(t, w, "dpp.lahore1", nsor.NoteReminder, s.ID); got != 1 {
		t.Errorf("prosecutor reminded %d times at 24 hours", got)
	}
	if procCount(t, w, "dpo.lahore", nsor.NoteOverdue, s.ID) != 0 {
		t.Error("escalated before the deadline")
	}
	if procCount(t, w, "supervisor1", nsor.NoteOverdue, n.ID) != 1 {
		t.Error("the missed confirmation was not escalated to the supervisor")
	}
	if again, _ := svc.RunDueJobs(ctx); again != 0 {
		t.Errorf("%d jobs ran twice", again)
	}

	w.clock.Advance(24 * time.Hour) // 48 hours and a minute
	_, err = svc.RunDueJobs(ctx)
	procOK(t, "run at 48 hours", err)
	if got := procCount(t, w, "dpp.lahore1", nsor.NoteReminder, s.ID); got != 2 {
		t.Errorf("prosecutor reminded %d times by 48 hours, want 2", got)
	}
	for _, u := range []string{"dpo.lahore", "dpp.lahore1", "dpp.lahore2", "oversight.lahore", "oversight.punjab"} {
		if procCount(t, w, u, nsor.NoteOverdue, s.ID) != 1 {
			t.Errorf("%s was not told once that the prosecutor's deadline passed", u)
		}
	}
	if procCount(t, w, "dpo.rawalpindi", nsor.NoteOverdue, s.ID) != 0 {
		t.Error("another district's DPO was told")
	}
	if procCount(t, w, "dpp.rawalpindi1", nsor.NoteReminder, ret.ID)+procCount(t, w, "dpp.rawalpindi1", nsor.NoteOverdue, ret.ID) != 0 {
		t.Error("the jobs of a request that moved on reminded its prosecutor")
	}
	if got := w.request(s.ID); got.State != nsor.StateSubmitted || got.Version != s.Version {
		t.Errorf("the clock changed the request: %s v%d", got.State, got.Version)
	}
	if acts := procActs(t, w, s.ID); acts[len(acts)-1] != "escalate" {
		t.Errorf("the escalation is not in the history: %v", acts)
	}
	if rec := procLastAudit(t, w); rec.ActorID != 0 || rec.Source != "system" || rec.Action[:9] != "deadline." {
		t.Errorf("the job's audit record: %+v", rec)
	}

	// The prosecutor's overdue list.
	vs, err := items(svc.Requests(ctx, w.as("dpp.lahore1"), nsor.RequestQuery{Overdue: true}))
	procOK(t, "overdue list", err)
	var overdue []int64
	for _, v := range vs {
		if v.Deadline == nil || !v.Deadline.Overdue {
			t.Errorf("request %d listed as overdue with deadline %+v", v.ID, v.Deadline)
		}
		overdue = append(overdue, v.ID)
	}
	slices.Sort(overdue)
	if want := []int64{s.ID, n.ID}; !slices.Equal(overdue, want) { // the prosecutor's own, and the bureau's confirmation
		t.Errorf("overdue list %v, want %v", overdue, want)
	}

	w.clock.Advance(24 * time.Hour) // past the bureau's 72 hours
	_, err = svc.RunDueJobs(ctx)
	procOK(t, "run at 72 hours", err)
	if procCount(t, w, "supervisor1", nsor.NoteOverdue, f.ID) != 1 {
		t.Error("the bureau's missed answer was not escalated to the supervisor")
	}
}

// TestProcInboxAndLists: each user's inbox, marking a notification read,
// and the requests each role lists.
func TestProcInboxAndLists(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	dpp := w.as("dpp.lahore1")
	unread, err := items(svc.Notifications(ctx, dpp, true, nsor.Page{Limit: nsor.MaxPageSize}))
	procOK(t, "inbox", err)
	if len(unread) == 0 {
		t.Fatal("the prosecutor has no notification")
	}
	procOK(t, "mark read", svc.MarkRead(ctx, dpp, unread[0].ID))
	after, _ := items(svc.Notifications(ctx, dpp, true, nsor.Page{Limit: nsor.MaxPageSize}))
	all, _ := items(svc.Notifications(ctx, dpp, false, nsor.Page{Limit: nsor.MaxPageSize}))
	if len(after) != len(unread)-1 || len(all) != len(unread) || slices.ContainsFunc(after, func(n *nsor.Notification) bool { return n.ID == unread[0].ID }) {
		t.Errorf("after marking one read: %d unread of %d, was %d", len(after), len(all), len(unread))
	}
	wantCode(t, "mark another's notification", svc.MarkRead(ctx, w.as("dpp.lahore2"), after[0].ID), "notification.not_found")
	if again, _ := items(svc.Notifications(ctx, dpp, true, nsor.Page{Limit: nsor.MaxPageSize})); len(again) != len(after) {
		t.Error("another user marked the prosecutor's notification read")
	}

	ids := func(vs []*nsor.RequestView) []int64 {
		var out []int64
		for _, v := range vs {
			out = append(out, v.ID)
		}
		slices.Sort(out)
		return out
	}
	st := func(sts ...nsor.State) []int64 {
		var out []int64
		for _, s := range sts {
			out = append(out, w.inState(s).ID)
		}
		slices.Sort(out)
		return out
	}
	for _, c := range []struct {
		who  string
		q    nsor.RequestQuery
		want []int64
	}{
		{"io.lahore1", nsor.RequestQuery{}, st(nsor.StateAcknowledged, nsor.StateSubmitted)},
		{"io.lahore2", nsor.RequestQuery{}, st(nsor.StateAnswered, nsor.StateForwarded, nsor.StateDraft)},
		{"dpo.lahore", nsor.RequestQuery{}, st(nsor.StateAcknowledged, nsor.StateSubmitted, nsor.StateAnswered, nsor.StateForwarded, nsor.StateDraft)},
		{"dpp.lahore1", nsor.RequestQuery{}, st(nsor.StateAcknowledged, nsor.StateSubmitted, nsor.StateAnswered, nsor.StateForwarded)},
		{"dpp.lahore1", nsor.RequestQuery{States: []nsor.State{nsor.StateSubmitted}}, st(nsor.StateSubmitted)},
		{"dpp.rawalpindi1", nsor.RequestQuery{}, st(nsor.StateReleased, nsor.StateReturned)},
		{"analyst1", nsor.RequestQuery{}, st(nsor.StateAcknowledged, nsor.StateAnswered, nsor.StateForwarded, nsor.StateReleased)},
		{"supervisor1", nsor.RequestQuery{Page: nsor.Page{Limit: nsor.MaxPageSize}}, st(nsor.StateAcknowledged, nsor.StateAnswered, nsor.StateForwarded, nsor.StateReleased)},
	} {
		vs, err := items(svc.Requests(ctx, w.as(c.who), c.q))
		if err != nil {
			t.Errorf("%s lists: %v", c.who, err)
			continue
		}
		if got := ids(vs); !slices.Equal(got, c.want) {
			t.Errorf("%s lists %v, want %v", c.who, got, c.want)
		}
	}
	n := w.auditCount()
	_, err = svc.Requests(ctx, w.as("auditor1"), nsor.RequestQuery{})
	wantCode(t, "auditor lists requests", err, "auth.forbidden")
	if rec := procLastAudit(t, w); w.auditCount() != n+1 || rec.Action != "request.list" || rec.Code != "auth.forbidden" {
		t.Errorf("the refused listing is not recorded: %+v", rec)
	}
}
