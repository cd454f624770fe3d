package afis

import (
	"math"
	"sort"
)

// Rates are the error rates of a set of genuine and impostor scores, as FVC
// reports them: EER is where the false non-match rate equals the false-match
// rate; FMR100 and FMR1000 are the lowest false non-match rates at a
// false-match rate of at most 1% and 0.1%.
type Rates struct {
	Genuine, Impostor int
	EER               float64
	EERThreshold      float64
	FMR100, FMR1000   float64
}

// ComputeRates computes Rates. A score s is accepted at threshold t when
// s >= t.
func ComputeRates(genuine, impostor []float64) Rates {
	g := append([]float64(nil), genuine...)
	im := append([]float64(nil), impostor...)
	sort.Float64s(g)
	sort.Float64s(im)
	r := Rates{Genuine: len(g), Impostor: len(im), EER: math.NaN(), FMR100: 1, FMR1000: 1}
	if len(g) == 0 || len(im) == 0 {
		return r
	}
	// Candidate thresholds: every score, and one above them all.
	ts := append(append([]float64(nil), g...), im...)
	sort.Float64s(ts)
	ts = append(ts, math.Inf(1))
	best := math.Inf(1)
	for _, t := range ts {
		fnmr := float64(sort.SearchFloat64s(g, t)) / float64(len(g))
		fmr := float64(len(im)-sort.SearchFloat64s(im, t)) / float64(len(im))
		if d := math.Abs(fmr - fnmr); d < best {
			best, r.EER, r.EERThreshold = d, (fmr+fnmr)/2, t
		}
		if fmr <= 0.01 && fnmr < r.FMR100 {
			r.FMR100 = fnmr
		}
		if fmr <= 0.001 && fnmr < r.FMR1000 {
			r.FMR1000 = fnmr
		}
	}
	return r
}

// ThresholdAtFMR is the lowest threshold at which at most fmr of the impostor
// scores are accepted.
func ThresholdAtFMR(impostor []float64, fmr float64) float64 {
	im := append([]float64(nil), impostor...)
	sort.Float64s(im)
	allowed := int(math.Floor(fmr * float64(len(im))))
	if allowed >= len(im) {
		return math.Inf(-1)
	}
	// Accepting s >= t admits every impostor score at or above t; t just above
	// the (allowed+1)-th highest admits at most allowed.
	return math.Nextafter(im[len(im)-1-allowed], math.Inf(1))
}
