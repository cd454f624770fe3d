package dna

import (
	"strconv"
	"strings"
)

// Allele is a normalised allele designation: the repeat number ("9", "12"), a
// microvariant with its extra bases ("9.3", "31.2"), an off-ladder allele
// below or above the kit's ladder ("<8", ">30"), or X and Y at Amelogenin.
type Allele string

// maxRepeat bounds repeat numbers: the longest CODIS alleles (FGA, SE33,
// D21S11) stay below 60 repeats; anything at 100 or more is a typing error.
const maxRepeat = 99

// ParseAllele normalises an allele as a laboratory writes it: "08" is 8,
// "9.30" is 9.3, "10.0" is 10, "< 8" is "<8". Anything else is refused.
func ParseAllele(s string) (Allele, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	switch up := strings.ToUpper(s); up {
	case "X", "Y":
		return Allele(up), nil
	}
	prefix := ""
	if s != "" && (s[0] == '<' || s[0] == '>') {
		prefix, s = s[:1], s[1:]
	}
	whole, frac, dotted := strings.Cut(s, ".")
	n, err := strconv.Atoi(whole)
	if err != nil || whole == "" || whole[0] == '+' || whole[0] == '-' || n < 1 || n > maxRepeat {
		return "", errorf("dna.allele_invalid", "allele", "%q is not an allele: write the repeat number (9), a microvariant (9.3) or an off-ladder allele (<8, >30)", prefix+s)
	}
	out := strconv.Itoa(n)
	if dotted {
		if frac == "" {
			return "", errorf("dna.allele_invalid", "allele", "%q: a point with nothing after it", prefix+s)
		}
		frac = strings.TrimRight(frac, "0")
		switch {
		case prefix != "" && frac != "":
			return "", errorf("dna.allele_invalid", "allele", "%q: an off-ladder allele is written with its bound alone (<8, >30)", prefix+s)
		case len(frac) > 1 || (frac != "" && (frac[0] < '1' || frac[0] > '9')):
			return "", errorf("dna.allele_invalid", "allele", "%q: a microvariant has one to nine extra bases after the point (9.3)", prefix+s)
		case frac != "":
			out += "." + frac
		}
	}
	return Allele(prefix + out), nil
}

// value orders alleles by length: "<8" just below 8, ">30" just above 30,
// X before Y.
func (a Allele) value() float64 {
	s := string(a)
	switch {
	case s == "X":
		return -2
	case s == "Y":
		return -1
	case strings.HasPrefix(s, "<"):
		v, _ := strconv.ParseFloat(s[1:], 64)
		return v - 0.5
	case strings.HasPrefix(s, ">"):
		v, _ := strconv.ParseFloat(s[1:], 64)
		return v + 0.95
	}
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

// OffLadder reports whether a is outside the kit's ladder ("<8", ">30"): its
// length is not known, so no frequency table lists it.
func (a Allele) OffLadder() bool {
	return strings.HasPrefix(string(a), "<") || strings.HasPrefix(string(a), ">")
}

// compareAlleles orders alleles by length, for sorting.
func compareAlleles(a, b Allele) int {
	va, vb := a.value(), b.value()
	switch {
	case va < vb:
		return -1
	case va > vb:
		return 1
	}
	return strings.Compare(string(a), string(b))
}
