package afis

import (
	"math"
)

// bitmap is a binary image, row-major, 1 for ridge.
type bitmap struct {
	w, h int
	v    []uint8
}

// the 8 neighbours in cyclic order, starting east, clockwise on screen.
var nb8 = [8][2]int{{1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}, {1, -1}}

func (b *bitmap) at(x, y int) uint8 {
	if x < 0 || y < 0 || x >= b.w || y >= b.h {
		return 0
	}
	return b.v[y*b.w+x]
}

// thin reduces ridges to one-pixel-wide 8-connected lines (Zhang and Suen's
// two-subiteration algorithm, Comm. ACM 27(3), 1984).
func thin(b *bitmap) {
	var del []int
	for changed := true; changed; {
		changed = false
		for sub := 0; sub < 2; sub++ {
			del = del[:0]
			for y := 1; y < b.h-1; y++ {
				for x := 1; x < b.w-1; x++ {
					if b.v[y*b.w+x] == 0 {
						continue
					}
					// P2..P9: north, north-east, ... clockwise.
					p2, p3, p4 := b.at(x, y-1), b.at(x+1, y-1), b.at(x+1, y)
					p5, p6, p7 := b.at(x+1, y+1), b.at(x, y+1), b.at(x-1, y+1)
					p8, p9 := b.at(x-1, y), b.at(x-1, y-1)
					n := p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9
					if n < 2 || n > 6 {
						continue
					}
					seq := [9]uint8{p2, p3, p4, p5, p6, p7, p8, p9, p2}
					trans := 0
					for i := 0; i < 8; i++ {
						if seq[i] == 0 && seq[i+1] == 1 {
							trans++
						}
					}
					if trans != 1 {
						continue
					}
					if sub == 0 && (p2*p4*p6 != 0 || p4*p6*p8 != 0) {
						continue
					}
					if sub == 1 && (p2*p4*p8 != 0 || p2*p6*p8 != 0) {
						continue
					}
					del = append(del, y*b.w+x)
				}
			}
			for _, i := range del {
				b.v[i] = 0
			}
			if len(del) > 0 {
				changed = true
			}
		}
	}
	// Remove staircase pixels: a pixel whose two 4-neighbours on one corner are
	// both set is redundant for 8-connectivity when removing it keeps its
	// neighbours connected; such pixels would otherwise look like branchings.
	for y := 1; y < b.h-1; y++ {
		for x := 1; x < b.w-1; x++ {
			if b.v[y*b.w+x] == 0 {
				continue
			}
			n, e, s, w := b.at(x, y-1), b.at(x+1, y), b.at(x, y+1), b.at(x-1, y)
			ne, se, sw, nw := b.at(x+1, y-1), b.at(x+1, y+1), b.at(x-1, y+1), b.at(x-1, y-1)
			if (n == 1 && e == 1 && sw == 0 && s == 0 && w == 0 && nw+se == 0) ||
				(e == 1 && s == 1 && nw == 0 && n == 0 && w == 0 && ne+sw == 0) ||
				(s == 1 && w == 1 && ne == 0 && n == 0 && e == 0 && nw+se == 0) ||
				(w == 1 && n == 1 && se == 0 && s == 0 && e == 0 && ne+sw == 0) {
				b.v[y*b.w+x] = 0
			}
		}
	}
}

// crossing is the crossing number at (x, y): half the number of 0/1 changes
// around the 8 neighbours. 1 is a ridge ending, 3 a bifurcation.
func (b *bitmap) crossing(x, y int) int {
	c := 0
	for i := 0; i < 8; i++ {
		a := b.at(x+nb8[i][0], y+nb8[i][1])
		n := b.at(x+nb8[(i+1)%8][0], y+nb8[(i+1)%8][1])
		if a != n {
			c++
		}
	}
	return c / 2
}

// branchStarts returns the first pixel of each ridge leaving (x, y): one per
// run of set neighbours in cyclic order, preferring a 4-neighbour in a run.
func (b *bitmap) branchStarts(x, y int) [][2]int {
	var out [][2]int
	start := -1
	for i := 0; i < 8; i++ {
		if b.at(x+nb8[i][0], y+nb8[i][1]) == 0 {
			start = i
			break
		}
	}
	if start < 0 {
		return nil
	}
	inRun := false
	var run [][2]int
	flush := func() {
		if len(run) == 0 {
			return
		}
		pick := run[0]
		for _, p := range run {
			if p[0] == x || p[1] == y {
				pick = p
				break
			}
		}
		out = append(out, pick)
		run = run[:0]
	}
	for k := 1; k <= 8; k++ {
		i := (start + k) % 8
		px, py := x+nb8[i][0], y+nb8[i][1]
		if b.at(px, py) == 1 {
			inRun = true
			run = append(run, [2]int{px, py})
		} else if inRun {
			flush()
			inRun = false
		}
	}
	flush()
	return out
}

// trace follows a ridge from (x0, y0), leaving the minutia at (mx, my), for at
// most steps pixels, never stepping onto avoid (the minutia's other ridges). It stops where the ridge branches or ends, or at a marked
// minutia, which it returns (-1 otherwise), with the last pixel reached and the
// steps taken.
func (b *bitmap) trace(mx, my, x0, y0, steps int, mark []int32, avoid [][2]int) (ex, ey, n int, hit int32) {
	// seen holds the last few pixels, so that the corner pixels a thinned
	// 8-connected line keeps are not taken for branches.
	var seen [4][2]int
	seen[0] = [2]int{mx, my}
	nseen := 1
	x, y := x0, y0
	for n = 1; n < steps; n++ {
		if m := mark[y*b.w+x]; m >= 0 {
			return x, y, n, m
		}
		var cand [8][2]int
		cnt := 0
	next:
		for _, d := range nb8 {
			qx, qy := x+d[0], y+d[1]
			if b.at(qx, qy) == 0 {
				continue
			}
			for k := 0; k < min(nseen, 4); k++ {
				if seen[k] == [2]int{qx, qy} {
					continue next
				}
			}
			// The first pixels of the minutia's other ridges touch this
			// one's first pixels; they are not a way on.
			if n <= 2 {
				for _, a := range avoid {
					if a == [2]int{qx, qy} {
						continue next
					}
				}
			}
			cand[cnt] = [2]int{qx, qy}
			cnt++
		}
		switch {
		case cnt == 0:
			return x, y, n, -1
		case cnt == 2 && abs(cand[0][0]-cand[1][0]) <= 1 && abs(cand[0][1]-cand[1][1]) <= 1:
			// Two touching pixels: one corner of a line; go to the one
			// sharing an edge with this pixel.
			if cand[1][0] == x || cand[1][1] == y {
				cand[0] = cand[1]
			}
		case cnt > 1:
			return x, y, n, -1
		}
		copy(seen[1:], seen[:3])
		seen[0] = [2]int{x, y}
		nseen++
		x, y = cand[0][0], cand[0][1]
	}
	return x, y, n, -1
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

// dirTo is the angle of the vector from (x0, y0) to (x1, y1) in image
// coordinates (y down), in [0, 2π).
func dirTo(x0, y0, x1, y1 int) float64 {
	a := math.Atan2(float64(y1-y0), float64(x1-x0))
	if a < 0 {
		a += 2 * math.Pi
	}
	return a
}
