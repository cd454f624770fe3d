// Package dna holds forensic DNA STR profiles: their loci and alleles, the
// random match probability of a profile under the National Research
// Council's second report (NRC II, 1996, recommendations 4.1 and 4.10), and
// the search of a profile database at high, moderate and low stringency.
//
// The rules use only the standard library; register.go adapts them to the
// register's nsor.DNASearcher. The register, the commands and the
// benchmarks use one set of rules (docs/dna.md).
package dna

import (
	"regexp"
	"strconv"
	"strings"
)

// Locus is a canonical STR locus name: "vWA", "D3S1358", "Penta D",
// "Amelogenin", "DYS391".
type Locus string

// CODIS20 are the twenty CODIS core loci (FBI, in force since 1 January
// 2017), in the order the FBI lists them.
var CODIS20 = []Locus{
	"CSF1PO", "FGA", "TH01", "TPOX", "vWA", "D3S1358", "D5S818", "D7S820", "D8S1179", "D13S317",
	"D16S539", "D18S51", "D21S11", "D1S1656", "D2S441", "D2S1338", "D10S1248", "D12S391", "D19S433", "D22S1045",
}

// extras are the named non-D-number loci of the common kits (PowerPlex
// Fusion, GlobalFiler, the NIST 1036 panel) beside the CODIS core.
var extras = []Locus{"SE33", "Penta B", "Penta C", "Penta D", "Penta E", "F13A01", "F13B", "FESFPS", "LPL", "Amelogenin"}

var (
	dNumber = regexp.MustCompile(`^D([0-9]{1,2}|X|Y)S([0-9]{1,5})$`)
	yLocus  = regexp.MustCompile(`^DYS([0-9]{2,4})(AB|I|II)?$`)
	known   = map[string]Locus{}
	core    = map[Locus]bool{}
)

func init() {
	for _, l := range append(append([]Locus{}, CODIS20...), extras...) {
		known[squash(string(l))] = l
	}
	known["AMEL"] = "Amelogenin"
	for _, l := range CODIS20 {
		core[l] = true
	}
}

// squash reduces a locus name to its letters and digits, upper-case: "vWA",
// "VWA", "Penta_D", "PENTA D" and "penta-d" become "VWA" and "PENTAD".
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParseLocus reads a locus name as kits and laboratories write it and returns
// its canonical name; a name that is neither a known kit locus nor a D-number
// (D3S1358) nor a Y-STR (DYS391) is refused.
func ParseLocus(s string) (Locus, error) {
	q := squash(s)
	if l, ok := known[q]; ok {
		return l, nil
	}
	if m := dNumber.FindStringSubmatch(q); m != nil && m[1] != "Y" {
		if c := strings.TrimLeft(m[1], "0"); c != "" && c != "X" {
			n, _ := strconv.Atoi(c)
			if n <= 22 {
				return Locus("D" + c + "S" + strings.TrimLeft(m[2], "0")), nil
			}
		}
	}
	if yLocus.MatchString(q) {
		return Locus(q), nil
	}
	return "", errorf("dna.locus_unknown", "locus", "%q is not an STR locus nsor knows: write a CODIS locus, a D-number such as D6S1043, a kit locus such as Penta D or SE33, or a Y-STR such as DYS391", s)
}

// Core reports whether l is one of the CODIS 20.
func (l Locus) Core() bool { return core[l] }

// Autosomal reports whether l is an autosomal STR, the only kind that enters
// a random match probability and a search; Amelogenin (sex) and the Y-STRs
// (inherited whole down the male line) are kept apart.
func (l Locus) Autosomal() bool {
	return l != "Amelogenin" && !strings.HasPrefix(string(l), "DY") && !strings.HasPrefix(string(l), "DX")
}
