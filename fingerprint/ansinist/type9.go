package ansinist

import (
	"fmt"
	"math"
	"strconv"

	"nsor/fingerprint"
)

// Minutia is one minutia of a Type-9 record, in the units of the block it
// came from (see Minutiae).
type Minutia struct {
	Index   int
	X, Y    int
	Theta   int
	Quality int
	Type    string // M1: "0" other, "1" ending, "2" bifurcation; standard: A, B, C, D
}

// Minutiae reads a Type-9 record's minutiae: from the INCITS 378 (M1) block
// when present (9.137: index, x, y in pixels, theta in units of 2 degrees,
// type, quality), else from the standard format field 9.012 (index,
// XXXXYYYYTTT with x and y in units of 0.01 mm and theta in degrees,
// quality, type). block says which ("M1", "standard" or "" when the record
// has neither, e.g. only FBI/IAFIS fields, whose minutiae are in 9.023 in
// the same layout as 9.012 and are read as "IAFIS").
func (r *Record) Minutiae() (ms []Minutia, block string, err error) {
	if r.Type != 9 {
		return nil, "", fmt.Errorf("Type-%d record has no minutiae", r.Type)
	}
	if f, ok := r.Field(137); ok {
		for i, s := range f.Subfields() {
			if len(s) < 6 {
				return nil, "", fmt.Errorf("9.137 subfield %d has %d items, want 6", i+1, len(s))
			}
			var v [6]int
			for j := range 6 {
				if j == 4 {
					continue
				}
				if v[j], err = strconv.Atoi(s[j]); err != nil {
					return nil, "", fmt.Errorf("9.137 subfield %d item %d %q: %v", i+1, j+1, s[j], err)
				}
			}
			ms = append(ms, Minutia{Index: v[0], X: v[1], Y: v[2], Theta: v[3], Type: s[4], Quality: v[5]})
		}
		return ms, "M1", nil
	}
	for _, c := range []struct {
		n     int
		block string
	}{{12, "standard"}, {23, "IAFIS"}} {
		f, ok := r.Field(c.n)
		if !ok {
			continue
		}
		for i, s := range f.Subfields() {
			if len(s) < 4 || len(s[1]) != 11 {
				return nil, "", fmt.Errorf("9.%03d subfield %d: want index, XXXXYYYYTTT, quality, type", c.n, i+1)
			}
			idx, e1 := strconv.Atoi(s[0])
			x, e2 := strconv.Atoi(s[1][0:4])
			y, e3 := strconv.Atoi(s[1][4:8])
			th, e4 := strconv.Atoi(s[1][8:11])
			q, e5 := strconv.Atoi(s[2])
			for _, e := range []error{e1, e2, e3, e4, e5} {
				if e != nil {
					return nil, "", fmt.Errorf("9.%03d subfield %d: %v", c.n, i+1, e)
				}
			}
			ms = append(ms, Minutia{Index: idx, X: x, Y: y, Theta: th, Quality: q, Type: s[3]})
		}
		return ms, c.block, nil
	}
	return nil, "", nil
}

// M1Template gives a Type-9 record's INCITS 378 (M1) block as a
// fingerprint.Template: image size from 9.128/9.129, resolution from
// 9.130-9.132 (scale units 1: pixels per inch, 2: per centimetre), finger
// position from 9.134, quality from 9.135 and the minutiae of 9.137, each
// checked (inside the image, θ below 180 in units of 2 degrees, type 0-2,
// quality 0-100).
func (r *Record) M1Template() (fingerprint.Template, error) {
	var t fingerprint.Template
	if r.Type != 9 {
		return t, fmt.Errorf("Type-%d record has no M1 block", r.Type)
	}
	if _, ok := r.Field(137); !ok {
		return t, fmt.Errorf("Type-9 record IDC %d has no M1 minutiae (9.137)", r.IDC)
	}
	num := func(n int) (int, error) {
		f, ok := r.Field(n)
		if !ok {
			return 0, fmt.Errorf("M1 field 9.%03d is missing", n)
		}
		v, err := strconv.Atoi(f.Subfields()[0][0])
		if err != nil {
			return 0, fmt.Errorf("M1 field 9.%03d %q: %v", n, f.Value, err)
		}
		return v, nil
	}
	var err error
	var slc, hps, vps, fgp int
	for _, p := range []struct {
		n int
		v *int
	}{{128, &t.Width}, {129, &t.Height}, {130, &slc}, {131, &hps}, {132, &vps}, {134, &fgp}} {
		if *p.v, err = num(p.n); err != nil {
			return t, err
		}
	}
	switch slc {
	case 1:
		t.ResX, t.ResY = int(float64(hps)/2.54+0.5), int(float64(vps)/2.54+0.5)
	case 2:
		t.ResX, t.ResY = hps, vps
	default:
		return t, fmt.Errorf("M1 scale units 9.130 %d is neither 1 (inch) nor 2 (centimetre)", slc)
	}
	if t.Width <= 0 || t.Height <= 0 || t.ResX <= 0 || t.ResY <= 0 {
		return t, fmt.Errorf("M1 image %dx%d at %dx%d px/cm is out of range", t.Width, t.Height, t.ResX, t.ResY)
	}
	if fgp < 0 || fgp > 10 {
		return t, fmt.Errorf("M1 finger position 9.134 %d is not 0-10", fgp)
	}
	t.Position = fingerprint.Position(fgp)
	if q, err := num(135); err == nil && q >= 0 && q <= 100 {
		t.Quality = uint8(q)
	}
	ms, _, err := r.Minutiae()
	if err != nil {
		return t, err
	}
	for _, m := range ms {
		kind, err := strconv.Atoi(m.Type)
		switch {
		case err != nil || kind < 0 || kind > 2:
			return t, fmt.Errorf("M1 minutia %d: type %q is not 0-2", m.Index, m.Type)
		case m.X < 0 || m.X >= t.Width || m.Y < 0 || m.Y >= t.Height:
			return t, fmt.Errorf("M1 minutia %d at (%d, %d) is outside the %dx%d image", m.Index, m.X, m.Y, t.Width, t.Height)
		case m.Theta < 0 || m.Theta >= 180:
			return t, fmt.Errorf("M1 minutia %d: θ %d is not 0-179 (units of 2 degrees)", m.Index, m.Theta)
		case m.Quality < 0 || m.Quality > 100:
			return t, fmt.Errorf("M1 minutia %d: quality %d is not 0-100", m.Index, m.Quality)
		}
		t.Minutiae = append(t.Minutiae, fingerprint.Minutia{X: m.X, Y: m.Y, Angle: float64(m.Theta) * math.Pi / 90,
			Kind: fingerprint.Kind(kind), Quality: uint8(m.Quality)})
	}
	return t, nil
}
