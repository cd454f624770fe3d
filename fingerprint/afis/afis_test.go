package afis

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"nsor/fingerprint"
	"nsor/fingerprint/fvc"
	"nsor/fingerprint/internal/shareddata"
)

// loadDB loads one FVC database's 80 ISO templates, skipping the test when
// the shared data is absent.
func loadDB(t testing.TB, db string) ([]fingerprint.Template, []*Prepared) {
	t.Helper()
	shareddata.Fingerprints(t)
	dir, err := fvc.Dir()
	if err != nil {
		t.Skip(err)
	}
	var ts []fingerprint.Template
	var ps []*Prepared
	for f := 101; f < 101+fvc.Fingers; f++ {
		for i := 1; i <= fvc.Impressions; i++ {
			tp, err := fvc.Sample{DB: db, Finger: f, Impression: i}.LoadTemplate(dir)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Prepare(tp)
			if err != nil {
				t.Fatalf("Prepare(%s %d_%d) = %v", db, f, i, err)
			}
			ts, ps = append(ts, tp), append(ps, p)
		}
	}
	return ts, ps
}

// impostorScores compares every every-th pair of different fingers in ps.
func impostorScores(ps []*Prepared, every int) []float64 {
	k := NewComparer()
	var out []float64
	n := 0
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			if n++; n%every != 0 {
				continue
			}
			if i/fvc.Impressions != j/fvc.Impressions {
				out = append(out, k.Compare(ps[i], ps[j]))
			}
		}
	}
	return out
}

// rigid moves t by rotation rot (counter-clockwise) about its centre and a
// translation, keeping every minutia inside a frame grown to fit.
func rigid(t fingerprint.Template, rot, tx, ty float64) fingerprint.Template {
	cx, cy := float64(t.Width)/2, float64(t.Height)/2
	c, s := math.Cos(rot), math.Sin(rot)
	out := t
	out.Width, out.Height = 0, 0
	out.Minutiae = nil
	minX, minY := math.Inf(1), math.Inf(1)
	type pt struct{ x, y float64 }
	var pts []pt
	for _, m := range t.Minutiae {
		dx, dy := float64(m.X)-cx, float64(m.Y)-cy
		p := pt{cx + c*dx + s*dy + tx, cy - s*dx + c*dy + ty}
		pts = append(pts, p)
		minX, minY = math.Min(minX, p.x), math.Min(minY, p.y)
	}
	for i, m := range t.Minutiae {
		m.X, m.Y = int(math.Round(pts[i].x-minX)), int(math.Round(pts[i].y-minY))
		m.Angle = math.Mod(m.Angle+rot+2*math.Pi, 2*math.Pi)
		out.Minutiae = append(out.Minutiae, m)
	}
	return out
}

// TestKnownProperties: on one database, a template matches itself and a
// rotated, translated copy of itself above the threshold set at FMR 0.1% on
// that database's impostor pairs; and on another database, unrelated fingers
// cross that threshold about as rarely as the rate says.
func TestKnownProperties(t *testing.T) {
	ts, ps := loadDB(t, "2002-DB1")
	cal := NewCalibration("FVC2002 DB1 B ISO templates", impostorScores(ps, 1))
	thr := cal.Threshold(0.001)
	if math.IsInf(thr, 0) {
		t.Fatalf("Threshold(0.001) = %v on %d impostor scores", thr, cal.Impostors())
	}
	k := NewComparer()
	for i := 0; i < len(ts); i += 9 {
		if s := k.Compare(ps[i], ps[i]); s < thr {
			t.Errorf("Compare(self %d) = %.1f, want >= threshold %.1f", i, s, thr)
		}
		for _, rot := range []float64{0.3, -0.5, 2.5} {
			q, err := Prepare(rigid(ts[i], rot, 40, -25))
			if err != nil {
				t.Fatal(err)
			}
			if s := k.Compare(ps[i], q); s < thr {
				t.Errorf("Compare(template %d, rotated %.1f rad and moved) = %.1f, want >= %.1f", i, rot, s, thr)
			}
		}
	}
	_, other := loadDB(t, "2002-DB2")
	imp := impostorScores(other, 3)
	over := 0
	for _, s := range imp {
		if s >= thr {
			over++
		}
	}
	// The threshold was set on another database: allow ten times the rate.
	if float64(over) > 0.01*float64(len(imp)) {
		t.Errorf("%d of %d unrelated pairs of 2002-DB2 reach the 2002-DB1 threshold %.1f, want at most 1%%", over, len(imp), thr)
	}
}

// TestGenuineBeatsImpostor: each finger's own impressions score above the
// other fingers' on average (a matcher that returned noise would fail).
func TestGenuineBeatsImpostor(t *testing.T) {
	_, ps := loadDB(t, "2004-DB2")
	k := NewComparer()
	var g, im []float64
	for i := 0; i < len(ps); i += 5 {
		for j := range ps {
			if i == j {
				continue
			}
			s := k.Compare(ps[i], ps[j])
			if i/fvc.Impressions == j/fvc.Impressions {
				g = append(g, s)
			} else {
				im = append(im, s)
			}
		}
	}
	r := ComputeRates(g, im)
	if r.EER > 0.2 {
		t.Errorf("EER on 2004-DB2 (subset) = %.3f, want below 0.2", r.EER)
	}
}

func TestPrepareRefuses(t *testing.T) {
	good := fingerprint.Template{Width: 300, Height: 400, ResX: 197, ResY: 197,
		Minutiae: []fingerprint.Minutia{{X: 10, Y: 10, Angle: 1, Kind: fingerprint.RidgeEnding}}}
	tests := []struct {
		name string
		edit func(*fingerprint.Template)
		code string
	}{
		{"empty", func(t *fingerprint.Template) { t.Minutiae = nil }, CodeBadTemplate},
		{"zero resolution", func(t *fingerprint.Template) { t.ResX = 0 }, CodeBadResolution},
		{"dpi given as px/cm", func(t *fingerprint.Template) { t.ResY = 5000 }, CodeBadResolution},
		{"outside the image", func(t *fingerprint.Template) { t.Minutiae[0].X = 300 }, CodeBadTemplate},
		{"negative position", func(t *fingerprint.Template) { t.Minutiae[0].Y = -1 }, CodeBadTemplate},
		{"NaN angle", func(t *fingerprint.Template) { t.Minutiae[0].Angle = math.NaN() }, CodeBadTemplate},
		{"angle past a turn", func(t *fingerprint.Template) { t.Minutiae[0].Angle = 7 }, CodeBadTemplate},
	}
	if _, err := Prepare(good); err != nil {
		t.Fatalf("Prepare(good) = %v", err)
	}
	for _, tt := range tests {
		bad := good
		bad.Minutiae = append([]fingerprint.Minutia(nil), good.Minutiae...)
		tt.edit(&bad)
		if _, err := Prepare(bad); CodeOf(err) != tt.code {
			t.Errorf("Prepare(%s) = %v, want code %s", tt.name, err, tt.code)
		}
	}
}

func TestExtractRefuses(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 300, 300))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	tests := []struct {
		name string
		img  *image.Gray
		dpi  int
		code string
	}{
		{"nil", nil, 500, CodeBadImage},
		{"tiny", image.NewGray(image.Rect(0, 0, 40, 300)), 500, CodeBadImage},
		{"huge", &image.Gray{Rect: image.Rect(0, 0, 9000, 200)}, 500, CodeBadImage},
		{"no resolution", blank, 0, CodeBadResolution},
		{"absurd resolution", blank, 50000, CodeBadResolution},
		{"blank", blank, 500, CodeBadImage},
	}
	for _, tt := range tests {
		if _, err := Extract(tt.img, tt.dpi); CodeOf(err) != tt.code {
			t.Errorf("Extract(%s) = %v, want code %s", tt.name, err, tt.code)
		}
	}
}

// TestExtractFindsMatchingMinutiae: templates extracted from two impressions
// of one finger score higher than from two different fingers, and a template
// is valid for Prepare.
func TestExtractFindsMatchingMinutiae(t *testing.T) {
	shareddata.Fingerprints(t)
	dir, err := fvc.Dir()
	if err != nil {
		t.Skip(err)
	}
	get := func(f, i int) *Prepared {
		s := fvc.Sample{DB: "2002-DB1", Finger: f, Impression: i}
		img, err := s.LoadImage(dir)
		if err != nil {
			t.Fatal(err)
		}
		tp, err := Extract(img, s.Resolution())
		if err != nil {
			t.Fatalf("Extract(%s) = %v", s, err)
		}
		if len(tp.Minutiae) < 10 || tp.ResX != 197 {
			t.Fatalf("Extract(%s) = %d minutiae at %d px/cm, want >= 10 at 197", s, len(tp.Minutiae), tp.ResX)
		}
		p, err := Prepare(tp)
		if err != nil {
			t.Fatalf("Prepare(Extract(%s)) = %v", s, err)
		}
		return p
	}
	a, b, c, d := get(101, 1), get(101, 2), get(104, 1), get(107, 3)
	k := NewComparer()
	g := k.Compare(a, b)
	if i1, i2 := k.Compare(a, c), k.Compare(a, d); g <= i1 || g <= i2 {
		t.Errorf("genuine %.1f, impostors %.1f and %.1f: want genuine highest", g, i1, i2)
	}
}

func TestSearchRanksMates(t *testing.T) {
	ts, ps := loadDB(t, "2002-DB3")
	ix := NewIndex()
	for _, p := range ps {
		ix.AddPrepared(p)
	}
	if ix.Len() != len(ps) {
		t.Fatalf("Len() = %d, want %d", ix.Len(), len(ps))
	}
	hits, n := 0, 0
	for i := 0; i < len(ts); i += fvc.Impressions {
		cs, err := ix.Search(ts[i], SearchOptions{Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if cs[0].Entry != i {
			t.Errorf("Search(template %d) ranks %d first, want itself", i, cs[0].Entry)
		}
		for q := 1; q < len(cs); q++ {
			if cs[q].Score > cs[q-1].Score {
				t.Fatalf("Search(template %d) not ranked: %v", i, cs)
			}
		}
		n++
		if cs[1].Entry/fvc.Impressions == i/fvc.Impressions {
			hits++
		}
	}
	if hits < n*7/10 {
		t.Errorf("a mate ranks second (after the probe itself) for %d of %d probes, want at least 70%%", hits, n)
	}
	if _, err := ix.Search(fingerprint.Template{ResX: 197, ResY: 197}, SearchOptions{}); CodeOf(err) != CodeBadTemplate {
		t.Errorf("Search(empty) = %v, want %s", err, CodeBadTemplate)
	}
}

// TestVerifyFuses treats the eight databases' finger 101 as one person's
// eight fingers (positions 1-8): the person's second impressions verify, and
// another "person" (finger 102 everywhere) does not.
func TestVerifyFuses(t *testing.T) {
	shareddata.Fingerprints(t)
	dir, err := fvc.Dir()
	if err != nil {
		t.Skip(err)
	}
	person := func(finger, imp int) []fingerprint.Template {
		var out []fingerprint.Template
		for i, db := range fvc.Databases {
			tp, err := fvc.Sample{DB: db, Finger: finger, Impression: imp}.LoadTemplate(dir)
			if err != nil {
				t.Fatal(err)
			}
			tp.Position = fingerprint.Position(i + 1)
			out = append(out, tp)
		}
		return out
	}
	cal := CalibrationISO()
	if cal.Impostors() != 23040 {
		t.Fatalf("CalibrationISO().Impostors() = %d, want 23040 (regenerate calibration_fvc.go)", cal.Impostors())
	}
	probe := person(101, 1)
	v, err := Verify(probe, person(101, 2), cal, 1e-4)
	if err != nil {
		t.Fatal(err)
	}
	if !v.MeetsThreshold || len(v.Fingers) != 8 {
		t.Errorf("Verify(same person) = %+v, want 8 fingers meeting 1e-4", v)
	}
	v, err = Verify(probe, person(102, 1), cal, 1e-4)
	if err != nil {
		t.Fatal(err)
	}
	if v.MeetsThreshold {
		t.Errorf("Verify(another person) = %+v, want below the threshold", v)
	}
	// Refusals.
	dup := append(person(101, 1)[:1], person(101, 1)[0])
	if _, err := Verify(dup, person(101, 2), cal, 1e-4); CodeOf(err) != CodeBadTemplate {
		t.Errorf("Verify(two fingers at one position) = %v, want %s", err, CodeBadTemplate)
	}
	unknown := person(101, 1)[:1]
	unknown[0].Position = 0
	if _, err := Verify(unknown, person(101, 2), cal, 1e-4); CodeOf(err) != CodeBadTemplate {
		t.Errorf("Verify(position 0) = %v, want %s", err, CodeBadTemplate)
	}
	left, right := person(101, 1)[:2], person(101, 2)[2:4]
	if _, err := Verify(left, right, cal, 1e-4); CodeOf(err) != CodeBadTemplate {
		t.Errorf("Verify(no common position) = %v, want %s", err, CodeBadTemplate)
	}
	if _, err := Verify(probe, probe, cal, 0); CodeOf(err) != CodeBadTemplate {
		t.Errorf("Verify(target 0) = %v, want %s", err, CodeBadTemplate)
	}
}

func TestChiSquareTail(t *testing.T) {
	tests := []struct {
		x    float64
		k    int
		want float64
	}{
		{2, 1, math.Exp(-1)},
		{2, 2, 2 * math.Exp(-1)},
		{0, 3, 1},
		{10, 3, math.Exp(-5) * (1 + 5 + 12.5)},
	}
	for _, tt := range tests {
		if got := chiSquareTail(tt.x, tt.k); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("chiSquareTail(%v, %d) = %v, want %v", tt.x, tt.k, got, tt.want)
		}
	}
	// Fisher's fused rate is a valid p-value: for independent uniform
	// p-values it falls at or below a level about that often.
	rng := rand.New(rand.NewPCG(1, 2))
	below := 0
	const n = 20000
	for i := 0; i < n; i++ {
		x := 0.0
		for j := 0; j < 4; j++ {
			x += -2 * math.Log(1-rng.Float64())
		}
		if chiSquareTail(x, 4) <= 0.05 {
			below++
		}
	}
	if f := float64(below) / n; math.Abs(f-0.05) > 0.006 {
		t.Errorf("fused rate <= 0.05 for %.4f of null cases, want 0.05", f)
	}
}

func TestRatesKnownAnswers(t *testing.T) {
	g := []float64{5, 6, 7, 8, 9, 10, 11, 12, 13, 14}
	im := []float64{0, 1, 2, 3, 4, 5, 6, 1, 2, 3}
	r := ComputeRates(g, im)
	// At t=6: FNMR 1/10 (the 5), FMR 1/10 (the 6): EER 10%.
	if math.Abs(r.EER-0.1) > 1e-9 || r.EERThreshold != 6 {
		t.Errorf("ComputeRates EER = %v at %v, want 0.1 at 6", r.EER, r.EERThreshold)
	}
	if r.FMR100 != 0.2 {
		t.Errorf("FMR100 = %v, want 0.2 (no impostor accepted needs t > 6)", r.FMR100)
	}
	cal := NewCalibration("test", im)
	if got := cal.FMR(6); math.Abs(got-2.0/11) > 1e-12 {
		t.Errorf("FMR(6) = %v, want 2/11", got)
	}
	if got := cal.FMR(100); math.Abs(got-1.0/11) > 1e-12 {
		t.Errorf("FMR(100) = %v, want 1/11 (never zero)", got)
	}
	if got := cal.Threshold(2.0 / 11); got <= 5 || got > 6 {
		t.Errorf("Threshold(2/11) = %v, want in (5, 6]", got)
	}
	// Compacting keeps the tail exact.
	big := make([]float64, 1000)
	for i := range big {
		big[i] = float64(i)
	}
	full, compact := NewCalibration("x", big), NewCalibration("x", big).Compact(50)
	for _, s := range []float64{0, 10.5, 500, 949, 950, 990, 999, 1000} {
		if a, b := full.FMR(s), compact.FMR(s); s >= 950 && a != b || math.Abs(a-b) > 0.011 {
			t.Errorf("FMR(%v) = %v compacted, %v in full", s, b, a)
		}
	}
	if a, b := full.Threshold(0.01), compact.Threshold(0.01); a != b {
		t.Errorf("Threshold(0.01) = %v compacted, %v in full", b, a)
	}
	if got := cal.Threshold(0.01); !math.IsInf(got, 1) {
		t.Errorf("Threshold(0.01) with 10 impostors = %v, want +Inf", got)
	}
}
