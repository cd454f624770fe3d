package service_test

import (
	"slices"
	"testing"
	"time"

	"nsor"
)

func webbStats(t *testing.T, w *world, user, district string) (*nsor.Statistics, *nsor.DistrictStatistics) {
	t.Helper()
	st, err := w.svc.Statistics(w.ctx, w.as(user))
	if err != nil {
		t.Fatal(err)
	}
	for i := range st.Districts {
		if st.Districts[i].District == district {
			return st, &st.Districts[i]
		}
	}
	t.Fatalf("no district %s in %+v", district, st.Districts)
	return nil, nil
}

var webbAllTicked = nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, SuspectsNamedInFIR: true, GroundsSubstantiated: true}

// TestStatistics: oversight's figures come from the events: a forward 10
// hours after submission counts within 48 hours and one after 50 hours does
// not; a return counts in its week's series even once the request was
// resubmitted; the prosecutor stage's turnaround reflects both forwards;
// the districts with no female officer are named; a DPO sees their district
// alone, and an officer nothing.
func TestStatistics(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newWorld(t, dsn)
		dpp := w.as("dpp.lahore2")
		w.clock.Advance(24 * time.Hour)
		_, before := webbStats(t, w, "oversight.punjab", "Lahore")
		last := len(before.Weeks) - 1

		fast := webbFile(t, w, "7301", nsor.AccusedInput{Name: "Fast Synthetic", CNIC: "91234-7300001-1"})
		slow := webbFile(t, w, "7302", nsor.AccusedInput{Name: "Slow Synthetic", CNIC: "91234-7300003-1"})
		back := webbFile(t, w, "7303", nsor.AccusedInput{Name: "Back Synthetic", CNIC: "91234-7300005-1"})
		w.clock.Advance(10 * time.Hour)
		if _, err := w.svc.Forward(w.ctx, dpp, fast.ID, fast.Version, webbAllTicked); err != nil {
			t.Fatal(err)
		}
		rv, err := w.svc.Return(w.ctx, dpp, back.ID, back.Version, nil, []string{"grounds_substantiated"}, "The grounds do not say why the record is needed.")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Resubmit(w.ctx, w.as("io.lahore1"), back.ID, rv.Version, "The grounds now say why the record is needed."); err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(40 * time.Hour)
		if _, err := w.svc.Forward(w.ctx, dpp, slow.ID, slow.Version, webbAllTicked); err != nil {
			t.Fatal(err)
		}
		st, after := webbStats(t, w, "oversight.punjab", "Lahore")
		if after.Forwarded != before.Forwarded+2 || after.In48h != before.In48h+1 {
			t.Errorf("forwards %d→%d, within 48h %d→%d; want +2 and +1", before.Forwarded, after.Forwarded, before.In48h, after.In48h)
		}
		if after.Submitted != before.Submitted+4 || after.Requests != before.Requests+3 || after.Returns != before.Returns+1 {
			t.Errorf("submitted %d→%d (want +4), requests %d→%d (want +3), returns %d→%d (want +1)",
				before.Submitted, after.Submitted, before.Requests, after.Requests, before.Returns, after.Returns)
		}
		// The weeks are Monday to Monday; the acts fell in the last one or the one before.
		wk := func(d *nsor.DistrictStatistics, f func(nsor.Week) int) int {
			return f(d.Weeks[last]) + f(d.Weeks[last-1])
		}
		returns := func(x nsor.Week) int { return x.Returns }
		forwards := func(x nsor.Week) int { return x.Forwarded }
		if wk(after, returns) != wk(before, returns)+1 || wk(after, forwards) != wk(before, forwards)+2 {
			t.Errorf("weekly series: returns %d→%d, forwards %d→%d", wk(before, returns), wk(after, returns), wk(before, forwards), wk(after, forwards))
		}
		if got := after.Stages[0]; got.Stage != nsor.StageForward || got.Count != before.Stages[0].Count+2 || got.P90 < got.Median {
			t.Errorf("prosecutor stage: %+v (before %+v)", got, before.Stages[0])
		}
		if st.Total.Forwarded < after.Forwarded || len(st.Districts) < 2 {
			t.Errorf("total %+v over %d districts", st.Total, len(st.Districts))
		}
		if !slices.Contains(st.NoFemaleOfficer, "Rawalpindi") || slices.Contains(st.NoFemaleOfficer, "Lahore") {
			t.Errorf("districts with no female officer: %v", st.NoFemaleOfficer)
		}
		if d, err := w.svc.Statistics(w.ctx, w.as("dpo.lahore")); err != nil || len(d.Districts) != 1 || d.Districts[0].District != "Lahore" {
			t.Errorf("the DPO's statistics: %+v, %v", d, err)
		}
		_, err = w.svc.Statistics(w.ctx, w.as("io.lahore1"))
		wantCode(t, "an officer's statistics", err, "auth.forbidden")
	})
}
