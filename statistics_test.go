package nsor

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	xs := []int64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}
	if m, p := Percentile(xs, 50), Percentile(xs, 90); m != 5 || p != 9 {
		t.Errorf("median %d, p90 %d; want 5 and 9 (nearest rank)", m, p)
	}
	if Percentile(nil, 50) != 0 || Percentile([]int64{7}, 90) != 7 {
		t.Error("empty or single")
	}
}

func TestWeekStart(t *testing.T) {
	for _, c := range []struct{ at, want string }{
		{"2026-11-02T09:00:00Z", "2026-11-02T00:00:00Z"}, // a Monday
		{"2026-11-08T23:59:00Z", "2026-11-02T00:00:00Z"}, // the Sunday after
		{"2026-11-01T00:00:00Z", "2026-10-26T00:00:00Z"},
	} {
		at, _ := time.Parse(time.RFC3339, c.at)
		if got := WeekStart(at).Format(time.RFC3339); got != c.want {
			t.Errorf("WeekStart(%s) = %s, want %s", c.at, got, c.want)
		}
	}
}

// TestStageDurations: a return and resubmission restarts the prosecutor's
// stage; a reopening the bureau's; a release after confirmation runs from
// the confirmation.
func TestStageDurations(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	es := []*Event{{Action: ActCreate, At: h(0)}, {Action: ActSubmit, At: h(1)}, {Action: ActReturn, At: h(5)},
		{Action: ActResubmit, At: h(20)}, {Action: ActForward, At: h(70)}, {Action: ActAssign, At: h(71)},
		{Action: ActAnswer, At: h(80)}, {Action: ActReopen, At: h(81)}, {Action: ActAnswer, At: h(84)},
		{Action: ActConfirm, At: h(90)}, {Action: ActRelease, At: h(93)}, {Action: ActAcknowledge, At: h(94)}}
	got, in48 := StageDurations(es, 48*time.Hour)
	want := map[Stage][]time.Duration{StageForward: {50 * time.Hour}, StageAnswer: {10 * time.Hour, 3 * time.Hour},
		StageConfirm: {6 * time.Hour}, StageRelease: {3 * time.Hour}, StageAcknowledge: {time.Hour}}
	for st, ds := range want {
		if len(got[st]) != len(ds) {
			t.Errorf("%s: %v, want %v", st, got[st], ds)
			continue
		}
		for i := range ds {
			if got[st][i] != ds[i] {
				t.Errorf("%s: %v, want %v", st, got[st], ds)
			}
		}
	}
	if len(in48) != 1 || in48[0] {
		t.Errorf("within 48h: %v, want one forward, late", in48)
	}
}

func TestSexualViolence(t *testing.T) {
	if !SexualViolence([]string{"PPC-506", "PPC-376/511"}) || SexualViolence([]string{"PECA-21", "PPC-292A"}) {
		t.Error("SexualViolence")
	}
}
