package afis

import (
	"math"
	"sort"
)

// Ridge periods searched, in pixels at 500 dpi (scaled with resolution):
// fingertip ridges are 0.3-0.6 mm apart.
const (
	minPeriod500 = 5.5
	maxPeriod500 = 15.5
)

// ridgePeriods estimates the ridge period on a grid of step pixels: at each
// grid point inside mask with coherent ridges, the normalised image is sampled
// across the ridges (averaged over a few lines along them) and the period is
// the lag of the strongest autocorrelation peak. Points without an estimate
// take the median of their neighbours, then the image's median. It returns
// the grid and the image's median.
func ridgePeriods(norm, dir, coh *plane, mask []bool, step int, scale float64) (grid []float64, gw, gh int, median float64) {
	lo, hi := int(math.Floor(minPeriod500*scale)), int(math.Ceil(maxPeriod500*scale))
	half := 2*hi + 2
	gw, gh = (norm.w+step-1)/step, (norm.h+step-1)/step
	grid = make([]float64, gw*gh)
	var all []float64
	prof := make([]float64, 2*half+1)
	for gy := 0; gy < gh; gy++ {
		for gx := 0; gx < gw; gx++ {
			x, y := gx*step+step/2, gy*step+step/2
			if x >= norm.w || y >= norm.h || !mask[y*norm.w+x] || coh.v[y*norm.w+x] < 0.4 {
				continue
			}
			t := float64(dir.v[y*norm.w+x])
			tx, ty := math.Cos(t), math.Sin(t) // along the ridge
			nx, ny := -ty, tx                  // across
			ok := true
			for k := -half; k <= half && ok; k++ {
				var s float64
				for a := -3; a <= 3; a++ {
					px := int(math.Round(float64(x) + float64(k)*nx + float64(a)*tx))
					py := int(math.Round(float64(y) + float64(k)*ny + float64(a)*ty))
					if px < 0 || py < 0 || px >= norm.w || py >= norm.h || !mask[py*norm.w+px] {
						ok = false
						break
					}
					s += float64(norm.v[py*norm.w+px])
				}
				prof[k+half] = s
			}
			if !ok {
				continue
			}
			if p := autoPeriod(prof, lo, hi); p > 0 {
				grid[gy*gw+gx] = p
				all = append(all, p)
			}
		}
	}
	median = 9 * scale
	if len(all) > 0 {
		sort.Float64s(all)
		median = all[len(all)/2]
	}
	fill := make([]float64, len(grid))
	var nb []float64
	for gy := 0; gy < gh; gy++ {
		for gx := 0; gx < gw; gx++ {
			nb = nb[:0]
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					xx, yy := gx+dx, gy+dy
					if xx >= 0 && yy >= 0 && xx < gw && yy < gh && grid[yy*gw+xx] > 0 {
						nb = append(nb, grid[yy*gw+xx])
					}
				}
			}
			if len(nb) >= 3 {
				sort.Float64s(nb)
				fill[gy*gw+gx] = nb[len(nb)/2]
			} else {
				fill[gy*gw+gx] = median
			}
		}
	}
	return fill, gw, gh, median
}

// autoPeriod is the lag in [lo, hi] where the profile's autocorrelation peaks,
// refined by a parabola through the peak, or 0 when there is no clear peak.
func autoPeriod(prof []float64, lo, hi int) float64 {
	var mean float64
	for _, v := range prof {
		mean += v
	}
	mean /= float64(len(prof))
	ac := func(lag int) float64 {
		var s, n float64
		for i := 0; i+lag < len(prof); i++ {
			s += (prof[i] - mean) * (prof[i+lag] - mean)
			n++
		}
		return s / n
	}
	var zero float64
	for _, v := range prof {
		zero += (v - mean) * (v - mean)
	}
	zero /= float64(len(prof))
	if zero == 0 {
		return 0
	}
	best, bestLag := math.Inf(-1), 0
	vals := make([]float64, hi+2)
	for lag := lo - 1; lag <= hi+1; lag++ {
		vals[lag] = ac(lag)
	}
	for lag := lo; lag <= hi; lag++ {
		if vals[lag] > vals[lag-1] && vals[lag] >= vals[lag+1] && vals[lag] > best {
			best, bestLag = vals[lag], lag
		}
	}
	if bestLag == 0 || best < 0.2*zero {
		return 0
	}
	a, b, c := vals[bestLag-1], vals[bestLag], vals[bestLag+1]
	d := a - 2*b + c
	off := 0.0
	if d < 0 {
		off = 0.5 * (a - c) / d
	}
	return float64(bestLag) + max(-0.5, min(0.5, off))
}
