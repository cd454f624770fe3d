package afis

import (
	"math"
	"sort"

	"nsor/fingerprint"
)

// Calibration is an impostor score distribution: the scores of comparisons
// between different fingers, from which a score's false-match rate is read.
// It keeps scores with weights, so that a large distribution can be shipped
// compactly (every score of the tail that sets low rates, coarse quantiles
// below it).
type Calibration struct {
	Source string // where the scores come from, said in every result
	n      int
	scores []float64 // ascending
	counts []int     // impostor scores each stands for
}

// NewCalibration makes a Calibration from impostor scores.
func NewCalibration(source string, impostor []float64) *Calibration {
	s := append([]float64(nil), impostor...)
	sort.Float64s(s)
	c := &Calibration{Source: source, n: len(s), scores: s, counts: make([]int, len(s))}
	for i := range c.counts {
		c.counts[i] = 1
	}
	return c
}

// Compact keeps the highest tail scores as they are and replaces the rest by
// one score per percentile of the whole, each weighted by how many it
// stands for. False-match rates below tail/n stay exact.
func (c *Calibration) Compact(tail int) *Calibration {
	if tail >= c.n {
		return c
	}
	out := &Calibration{Source: c.Source, n: c.n}
	cut := c.n - tail
	step := max(1, c.n/100)
	for lo := 0; lo < cut; lo += step {
		hi := min(cut, lo+step)
		out.scores = append(out.scores, c.scores[lo])
		out.counts = append(out.counts, hi-lo)
	}
	out.scores = append(out.scores, c.scores[cut:]...)
	for range c.scores[cut:] {
		out.counts = append(out.counts, 1)
	}
	return out
}

// calibrationFromTable rebuilds a compact Calibration from its weighted
// scores (as generated into calibration_fvc.go).
func calibrationFromTable(source string, scores []float64, counts []int) *Calibration {
	n := 0
	for _, k := range counts {
		n += k
	}
	return &Calibration{Source: source, n: n, scores: scores, counts: counts}
}

// Table returns the weighted scores, for generating a shipped calibration.
func (c *Calibration) Table() (scores []float64, counts []int) {
	return append([]float64(nil), c.scores...), append([]int(nil), c.counts...)
}

// Impostors is the number of impostor comparisons behind the calibration.
func (c *Calibration) Impostors() int { return c.n }

// FMR is the share of impostor comparisons that score s or more, counted as
// (k+1)/(n+1) so that a score above every impostor is not given a false-match
// rate of zero: with n impostor scores no rate below 1/(n+1) can be claimed.
func (c *Calibration) FMR(s float64) float64 {
	k := 0
	for i := len(c.scores) - 1; i >= 0 && c.scores[i] >= s; i-- {
		k += c.counts[i]
	}
	return float64(k+1) / float64(c.n+1)
}

// Threshold is the lowest score whose FMR is at most fmr, or +Inf when the
// calibration has too few impostor scores to show so low a rate.
func (c *Calibration) Threshold(fmr float64) float64 {
	// FMR(s) = (k+1)/(n+1) <= fmr needs k <= fmr(n+1)-1 impostors at or above s.
	allowed := int(math.Floor(fmr*float64(c.n+1))) - 1
	if allowed < 0 {
		return math.Inf(1)
	}
	k := 0
	for i := len(c.scores) - 1; i >= 0; i-- {
		if k+c.counts[i] > allowed {
			return math.Nextafter(c.scores[i], math.Inf(1))
		}
		k += c.counts[i]
	}
	return math.Inf(-1)
}

// FingerScore is one finger position's comparison in a verification.
type FingerScore struct {
	Position fingerprint.Position
	Score    float64
	FMR      float64 // this score's false-match rate on the calibration
}

// Verification is the result of comparing a suspect's fingers with a
// record's. It is evidence for an examiner, never an identification:
// MeetsThreshold says only that the fused false-match rate is at or below the
// stated rate, so that an examiner should compare the prints.
type Verification struct {
	Fingers        []FingerScore // ranked, strongest first
	FusedFMR       float64       // chance that an unrelated person's fingers score this well together
	TargetFMR      float64
	MeetsThreshold bool
	Calibration    string
}

// Verify compares each finger position present in both probe and record and
// fuses the fingers by Fisher's method: each finger's false-match rate p_i is
// read from cal, and under the hypothesis that the fingers are an unrelated
// person's (independent fingers) -2 Σ ln p_i follows a chi-square
// distribution with 2k degrees of freedom, whose tail is the fused
// false-match rate. targetFMR is the rate at or below which the result is
// passed to an examiner. Positions must be 1-10 and distinct on each side.
func Verify(probe, record []fingerprint.Template, cal *Calibration, targetFMR float64) (Verification, error) {
	if !(targetFMR > 0 && targetFMR < 1) {
		return Verification{}, refuse(CodeBadTemplate, "the target false-match rate %v is not in (0, 1)", targetFMR)
	}
	pp, err := byPosition(probe, "probe")
	if err != nil {
		return Verification{}, err
	}
	rp, err := byPosition(record, "record")
	if err != nil {
		return Verification{}, err
	}
	v := Verification{TargetFMR: targetFMR, Calibration: cal.Source}
	k := NewComparer()
	chi := 0.0
	for pos := fingerprint.Position(1); pos <= 10; pos++ {
		a, b := pp[pos], rp[pos]
		if a == nil || b == nil {
			continue
		}
		s := k.Compare(a, b)
		f := FingerScore{Position: pos, Score: s, FMR: cal.FMR(s)}
		chi += -2 * math.Log(f.FMR)
		v.Fingers = append(v.Fingers, f)
	}
	if len(v.Fingers) == 0 {
		return Verification{}, refuse(CodeBadTemplate, "the probe and the record have no finger position in common")
	}
	sort.SliceStable(v.Fingers, func(i, j int) bool { return v.Fingers[i].FMR < v.Fingers[j].FMR })
	v.FusedFMR = chiSquareTail(chi, len(v.Fingers))
	v.MeetsThreshold = v.FusedFMR <= targetFMR
	return v, nil
}

// chiSquareTail is P(X >= x) for X chi-square with 2k degrees of freedom:
// e^{-x/2} Σ_{j<k} (x/2)^j / j!.
func chiSquareTail(x float64, k int) float64 {
	h := x / 2
	term, sum := 1.0, 1.0
	for j := 1; j < k; j++ {
		term *= h / float64(j)
		sum += term
	}
	return math.Min(1, math.Exp(-h)*sum)
}

func byPosition(ts []fingerprint.Template, side string) (map[fingerprint.Position]*Prepared, error) {
	out := make(map[fingerprint.Position]*Prepared, len(ts))
	for i, t := range ts {
		if t.Position < 1 || t.Position > 10 {
			return nil, refuse(CodeBadTemplate, "%s finger %d has position %d; verification needs positions 1-10", side, i, t.Position)
		}
		if out[t.Position] != nil {
			return nil, refuse(CodeBadTemplate, "%s has two fingers at position %d", side, t.Position)
		}
		p, err := Prepare(t)
		if err != nil {
			return nil, err
		}
		out[t.Position] = p
	}
	return out, nil
}
