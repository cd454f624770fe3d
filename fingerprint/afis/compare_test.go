package afis

import (
	"math"
	"math/rand/v2"
	"testing"

	"nsor/fingerprint"
)

// TestCrowdingWeights: a minutia's weight is one over the minutiae within
// crowdRadius pointing within crowdAngle of it, itself included; minutiae as
// close but pointing elsewhere, or as parallel but further away, do not
// crowd it.
func TestCrowdingWeights(t *testing.T) {
	ms := []fingerprint.Minutia{
		// Three parallel minutiae within 20 pixels: each weighs 1/3.
		{X: 100, Y: 100, Angle: 1.0}, {X: 110, Y: 105, Angle: 1.2}, {X: 105, Y: 115, Angle: 0.9},
		// Next to them but pointing the other way: alone.
		{X: 104, Y: 104, Angle: 1.0 + math.Pi},
		// Parallel to the cluster but 60 pixels away: alone.
		{X: 160, Y: 100, Angle: 1.0},
	}
	for i := range ms {
		ms[i].Kind = fingerprint.RidgeEnding
	}
	p, err := Prepare(fingerprint.Template{Width: 300, Height: 300, ResX: refRes, ResY: refRes, Minutiae: ms})
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{1.0 / 3, 1.0 / 3, 1.0 / 3, 1, 1}
	for i, w := range want {
		if math.Abs(float64(p.weight[i]-w)) > 1e-6 {
			t.Errorf("weight[%d] = %v, want %v", i, p.weight[i], w)
		}
	}
	if math.Abs(float64(p.sumW-3)) > 1e-5 {
		t.Errorf("sumW = %v, want 3", p.sumW)
	}
}

// TestClusterIsWeakEvidence: two pairs of templates share eight minutiae
// each, out of twenty on either side. Where the eight are spread over the
// finger, the pairing is evidence of one finger; where they are a cluster of
// parallel minutiae (a crease the extractor read as many endings), any
// other such cluster fits them about as well, and the score must say so: the
// clustered pair scores under 60% of the spread pair, on every seed. (With
// every weight set to one, the clustered pair scored 1.2 to 1.8 times the
// spread pair: its many short edges support each other.)
func TestClusterIsWeakEvidence(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		spreadA := scattered(rng, 20)
		spreadB := append(append([]fingerprint.Minutia(nil), spreadA[:8]...), scattered(rng, 12)...)
		cluster := parallelCluster(rng, 8)
		clusterA := append(append([]fingerprint.Minutia(nil), cluster...), scattered(rng, 12)...)
		clusterB := append(append([]fingerprint.Minutia(nil), cluster...), scattered(rng, 12)...)
		rot := rng.Float64() * 2 * math.Pi
		s := Compare(prepared(t, spreadA), prepared(t, rigid(tpl(spreadB), rot, 30, -20).Minutiae))
		c := Compare(prepared(t, clusterA), prepared(t, rigid(tpl(clusterB), rot, 30, -20).Minutiae))
		if c >= 0.6*s {
			t.Errorf("seed %d: Compare(shared cluster) = %.1f, want under 60%% of Compare(shared spread minutiae) = %.1f", seed, c, s)
		}
	}
}

func tpl(ms []fingerprint.Minutia) fingerprint.Template {
	return fingerprint.Template{Width: 400, Height: 400, ResX: refRes, ResY: refRes, Minutiae: ms}
}

func prepared(t *testing.T, ms []fingerprint.Minutia) *Prepared {
	t.Helper()
	tp := tpl(ms)
	tp.Width, tp.Height = 0, 0 // the frame rigid grew
	p, err := Prepare(tp)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// scattered is n minutiae at least 45 pixels apart in a 400 × 400 frame,
// pointing anywhere.
func scattered(rng *rand.Rand, n int) []fingerprint.Minutia {
	var ms []fingerprint.Minutia
	for len(ms) < n {
		m := fingerprint.Minutia{X: 20 + rng.IntN(360), Y: 20 + rng.IntN(360), Angle: rng.Float64() * 2 * math.Pi,
			Kind: fingerprint.Kind(1 + rng.IntN(2))}
		ok := true
		for _, o := range ms {
			if dx, dy := m.X-o.X, m.Y-o.Y; dx*dx+dy*dy < 45*45 {
				ok = false
			}
		}
		if ok {
			ms = append(ms, m)
		}
	}
	return ms
}

// parallelCluster is n ridge endings within 28 pixels of (200, 200), all
// pointing within 10 degrees of one direction.
func parallelCluster(rng *rand.Rand, n int) []fingerprint.Minutia {
	dir := rng.Float64() * 2 * math.Pi
	ms := make([]fingerprint.Minutia, n)
	for i := range ms {
		ms[i] = fingerprint.Minutia{X: 186 + rng.IntN(28), Y: 186 + rng.IntN(28),
			Angle: math.Mod(dir+(rng.Float64()-0.5)*0.35+2*math.Pi, 2*math.Pi), Kind: fingerprint.RidgeEnding}
	}
	return ms
}
