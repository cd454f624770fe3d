package dna

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// maxRoundingExcess is how far above 1 a locus's frequencies may add up:
// published tables round each frequency (pop.STR to three decimals), so a
// locus of twenty alleles may add up to 1.01; more is a wrong table.
const maxRoundingExcess = 0.02

// Table is one population's allele frequencies.
type Table struct {
	Population string
	loci       map[Locus]*locusFreqs
}

// locusFreqs is one locus of a table: the frequency of each allele seen and
// N, the number of people typed there (half the alleles counted), which sets
// the 5/2N floor.
type locusFreqs struct {
	freq map[Allele]float64
	n    float64
}

// Freq returns the frequency of allele a at locus l and the number of people
// typed there; ok is false when the table does not have the locus at all.
func (t *Table) Freq(l Locus, a Allele) (p, n float64, ok bool) {
	lf := t.loci[l]
	if lf == nil {
		return 0, 0, false
	}
	return lf.freq[a], lf.n, true
}

// Loci lists the loci of the table.
func (t *Table) Loci() []Locus {
	out := make([]Locus, 0, len(t.loci))
	for l := range t.loci {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// ReadFrequencies reads allele frequencies in the long format, one row per
// population, locus and allele, with a header naming the columns: pop (or
// population), locus, allele, and freq or count, with n_alleles or
// n_individuals giving N. The NIST 1036 (pop,locus,allele,count,n_alleles,
// freq), pop.STR (population,locus,allele,freq,n_individuals) and UK DNA-17
// tables are all this shape. When freq is given it is used as written.
// Every bad row is refused with its line number; nothing is half-read.
func ReadFrequencies(r io.Reader) (map[string]*Table, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("frequencies: reading the header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	if _, ok := col["population"]; ok {
		col["pop"] = col["population"]
	}
	for _, need := range []string{"pop", "locus", "allele"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("frequencies: the header has no %q column (pop, locus, allele, freq or count, n_alleles or n_individuals)", need)
		}
	}
	_, hasFreq := col["freq"]
	_, hasCount := col["count"]
	_, hasNA := col["n_alleles"]
	_, hasNI := col["n_individuals"]
	if !hasFreq && !(hasCount && hasNA) || !hasNA && !hasNI {
		return nil, errors.New("frequencies: the header needs freq (or count with n_alleles) and n_alleles or n_individuals")
	}
	tables := map[string]*Table{}
	var errs []string
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("frequencies: %w", err)
		}
		if e := addFreqRow(tables, rec, col); e != "" {
			errs = append(errs, fmt.Sprintf("line %d: %s", line, e))
			if len(errs) == 20 {
				break
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("frequencies: %s", strings.Join(errs, "; "))
	}
	if len(tables) == 0 {
		return nil, errors.New("frequencies: no rows")
	}
	for _, t := range tables {
		for l, lf := range t.loci {
			sum := 0.0
			for _, f := range lf.freq {
				sum += f
			}
			if sum > 1+maxRoundingExcess {
				errs = append(errs, fmt.Sprintf("%s %s: the frequencies add up to %.4f, more than 1", t.Population, l, sum))
			}
		}
	}
	if len(errs) > 0 {
		slices.Sort(errs)
		return nil, fmt.Errorf("frequencies: %s", strings.Join(errs, "; "))
	}
	return tables, nil
}

// addFreqRow adds one row, or says why it cannot.
func addFreqRow(tables map[string]*Table, rec []string, col map[string]int) string {
	get := func(name string) (string, bool) {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return "", false
		}
		return strings.TrimSpace(rec[i]), true
	}
	num := func(name string) (float64, bool, string) {
		s, ok := get(name)
		if !ok || s == "" {
			return 0, false, ""
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return 0, false, fmt.Sprintf("%s %q is not a non-negative number", name, s)
		}
		return v, true, ""
	}
	pop, _ := get("pop")
	ls, _ := get("locus")
	as, _ := get("allele")
	if pop == "" {
		return "no population"
	}
	l, err := ParseLocus(ls)
	if err != nil {
		return err.Error()
	}
	a, err := ParseAllele(as)
	if err != nil {
		return err.Error()
	}
	freq, hasFreq, e1 := num("freq")
	count, hasCount, e2 := num("count")
	nAlleles, hasNA, e3 := num("n_alleles")
	nInd, hasNI, e4 := num("n_individuals")
	if e := e1 + e2 + e3 + e4; e != "" {
		return e
	}
	n := nInd
	if hasNA {
		n = nAlleles / 2
	}
	switch {
	case !hasNA && !hasNI || n <= 0:
		return "no number of people (n_alleles or n_individuals)"
	case hasCount && hasNA && count > nAlleles:
		return fmt.Sprintf("count %v is more than n_alleles %v", count, nAlleles)
	case !hasFreq && !(hasCount && hasNA):
		return "no frequency (freq, or count with n_alleles)"
	case !hasFreq:
		freq = count / nAlleles
	}
	if freq <= 0 || freq > 1 {
		return fmt.Sprintf("frequency %v is not in (0, 1]", freq)
	}
	t := tables[pop]
	if t == nil {
		t = &Table{Population: pop, loci: map[Locus]*locusFreqs{}}
		tables[pop] = t
	}
	lf := t.loci[l]
	if lf == nil {
		lf = &locusFreqs{freq: map[Allele]float64{}, n: n}
		t.loci[l] = lf
	}
	switch {
	case lf.n != n:
		return fmt.Sprintf("%s %s: N is %v here and %v on an earlier row", pop, l, n, lf.n)
	case lf.freq[a] != 0:
		return fmt.Sprintf("%s %s allele %s is given twice", pop, l, a)
	}
	lf.freq[a] = freq
	return ""
}

// Alleles lists the alleles of locus l in the table, shortest first, with
// their frequencies (for drawing synthetic profiles).
func (t *Table) Alleles(l Locus) ([]Allele, []float64) {
	lf := t.loci[l]
	if lf == nil {
		return nil, nil
	}
	as := make([]Allele, 0, len(lf.freq))
	for a := range lf.freq {
		as = append(as, a)
	}
	slices.SortFunc(as, compareAlleles)
	fs := make([]float64, len(as))
	for i, a := range as {
		fs[i] = lf.freq[a]
	}
	return as, fs
}
