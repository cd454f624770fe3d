package ansinist

import (
	"fmt"
	"strconv"
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
