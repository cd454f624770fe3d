package main

import (
	"encoding/csv"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sharedDNA is the directory of the shared DNA reference data: NSOR_SHARED_DATA
// (default ../shared/data beside the repository) /dna. The data are not in
// the repository; without them the test says so and skips.
func sharedDNA(t *testing.T) string {
	t.Helper()
	root := os.Getenv("NSOR_SHARED_DATA")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "data")
	}
	dir := filepath.Join(root, "dna")
	if _, err := os.Stat(filepath.Join(dir, "nist1036_genotypes.csv")); err != nil {
		t.Skipf("no NIST 1036 data at %s (set NSOR_SHARED_DATA to the shared data directory): %v", dir, err)
	}
	return dir
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// slowRMP is an independent computation of NRC II 4.10 with the 5/2N floor
// over the CODIS 20, read straight from the files (locus names compared
// case-blind, alleles as written in both files), the product taken in
// 256-bit floating point and its log10 only at the end.
func slowRMP(t *testing.T, freqRows [][]string, prof []string, head []string, theta float64) map[string]float64 {
	t.Helper()
	codis := "CSF1PO FGA TH01 TPOX VWA D3S1358 D5S818 D7S820 D8S1179 D13S317 D16S539 D18S51 D21S11 D1S1656 D2S441 D2S1338 D10S1248 D12S391 D19S433 D22S1045"
	type key struct{ pop, locus, allele string }
	freq, nAlleles := map[key]float64{}, map[key]float64{}
	for _, r := range freqRows[1:] {
		p, _ := strconv.ParseFloat(r[5], 64)
		n, _ := strconv.ParseFloat(r[4], 64)
		freq[key{r[0], strings.ToUpper(r[1]), r[2]}] = p
		nAlleles[key{r[0], strings.ToUpper(r[1]), ""}] = n
	}
	th := new(big.Float).SetPrec(256).SetFloat64(theta)
	one := big.NewFloat(1).SetPrec(256)
	f := func(v float64) *big.Float { return new(big.Float).SetPrec(256).SetFloat64(v) }
	num := func(k float64, p *big.Float) *big.Float { // kθ + (1−θ)p
		x := new(big.Float).SetPrec(256).Mul(f(k), th)
		y := new(big.Float).SetPrec(256).Sub(one, th)
		return x.Add(x, y.Mul(y, p))
	}
	den := new(big.Float).SetPrec(256).Add(one, th)
	den.Mul(den, new(big.Float).SetPrec(256).Add(one, new(big.Float).SetPrec(256).Mul(f(2), th)))
	product := big.NewFloat(1).SetPrec(256)
	for i := 2; i+1 < len(head); i += 2 {
		locus := strings.ToUpper(strings.TrimSuffix(head[i], ".1"))
		a, b := prof[i], prof[i+1]
		if !strings.Contains(" "+codis+" ", " "+locus+" ") || a == "" {
			continue
		}
		n := nAlleles[key{prof[1], locus, ""}] / 2
		pa := f(max(freq[key{prof[1], locus, a}], 5/(2*n)))
		pb := f(max(freq[key{prof[1], locus, b}], 5/(2*n)))
		var g *big.Float
		if a == b {
			g = new(big.Float).SetPrec(256).Mul(num(2, pa), num(3, pa))
		} else {
			g = new(big.Float).SetPrec(256).Mul(num(1, pa), num(1, pb))
			g.Mul(g, f(2))
		}
		product.Mul(product, g.Quo(g, den))
	}
	mant := new(big.Float)
	exp := product.MantExp(mant)
	m, _ := mant.Float64()
	return map[string]float64{prof[0]: math.Log10(m) + float64(exp)*math.Log10(2)}
}

// TestDNARMPOnNIST1036 runs "nsor dna rmp" on the NIST 1036 genotypes with
// their own populations' frequencies, at θ = 0, 0.01 and 0.03 (NRC II 4.10,
// 5/2N floor, CODIS 20), and checks every profile against slowRMP to 1e-9 in
// log10.
func TestDNARMPOnNIST1036(t *testing.T) {
	dir := sharedDNA(t)
	freqs, profiles := filepath.Join(dir, "nist1036_freqs_long.csv"), filepath.Join(dir, "nist1036_genotypes.csv")
	freqRows, profRows := readCSV(t, freqs), readCSV(t, profiles)
	for _, theta := range []string{"0", "0.01", "0.03"} {
		code, out, errs := runCLI(t, "dna", "rmp", "--frequencies", freqs, "--theta", theta, profiles)
		if code != 0 {
			t.Fatalf("nsor dna rmp --theta %s: exit %d: %s", theta, code, errs)
		}
		got := map[string]float64{}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if lines[0] != "sample,log10_rmp" || len(lines) != len(profRows) {
			t.Fatalf("output starts %q and has %d lines, want the header and %d rows", lines[0], len(lines), len(profRows)-1)
		}
		for _, l := range lines[1:] {
			s, v, _ := strings.Cut(l, ",")
			got[s], _ = strconv.ParseFloat(v, 64)
		}
		th, _ := strconv.ParseFloat(theta, 64)
		for _, prof := range profRows[1:] {
			want := slowRMP(t, freqRows, prof, profRows[0], th)[prof[0]]
			if math.Abs(got[prof[0]]-want) > 1e-9 || math.IsNaN(got[prof[0]]) {
				t.Errorf("θ=%s %s: log10 RMP %v, independent %v", theta, prof[0], got[prof[0]], want)
			}
		}
	}
}

// TestDNARMPRefuses: usage errors exit 2, bad data 1, each saying why.
func TestDNARMPRefuses(t *testing.T) {
	dir := t.TempDir()
	freqs := filepath.Join(dir, "f.csv")
	profs := filepath.Join(dir, "p.csv")
	os.WriteFile(freqs, []byte("pop,locus,allele,count,n_alleles,freq\nA,TH01,6,5,10,0.5\nA,TH01,7,5,10,0.5\n"), 0o600)
	os.WriteFile(profs, []byte("sample,pop,TH01.1,TH01.2\nS1,A,6,7\nS2,B,6,6\n"), 0o600)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"dna", "rmp", profs}, 2, "--frequencies"},
		{[]string{"dna", "rmp", "--frequencies", freqs, "--formula", "4.2", profs}, 2, "--formula"},
		{[]string{"dna", "rmp", "--frequencies", freqs, "--theta", "-1", profs}, 2, "--theta"},
		{[]string{"dna", "rmp", "--frequencies", freqs, "--floor", "1/N", profs}, 2, "--floor"},
		{[]string{"dna", "rmp", "--frequencies", freqs, profs}, 1, `population "B" has no table`},
		{[]string{"dna", "rmp", "--frequencies", freqs, "--population", "C", profs}, 1, `no population "C"`},
	} {
		code, _, errs := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("nsor %v: exit %d %q, want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
	code, out, errs := runCLI(t, "dna", "rmp", "--frequencies", freqs, "--population", "A", "--formula", "4.1", "--theta", "0", profs)
	if want := "sample,log10_rmp\nS1," + strconv.FormatFloat(math.Log10(0.5), 'f', -1, 64) + "\nS2," + strconv.FormatFloat(math.Log10(0.25), 'f', -1, 64) + "\n"; code != 0 || out != want {
		t.Errorf("nsor dna rmp --population A = %d %q %q, want %q", code, out, errs, want)
	}
}

// TestDNASearchCommand: the NIST 1036 profiles searched with three of their
// own, one with loci left empty, at high stringency: each finds itself.
func TestDNASearchCommand(t *testing.T) {
	dir := sharedDNA(t)
	db := filepath.Join(dir, "nist1036_genotypes.csv")
	rows := readCSV(t, db)
	probes := filepath.Join(t.TempDir(), "probes.csv")
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(rows[0])
	for i, r := range rows[1:4] {
		r = append([]string(nil), r...)
		r[0] = "probe-" + r[0]
		for c := 2; c < 2+8*i && c < len(r); c++ {
			r[c] = "" // partial: loci dropped
		}
		w.Write(r)
	}
	w.Flush()
	os.WriteFile(probes, []byte(b.String()), 0o600)
	code, out, errs := runCLI(t, "dna", "search", "--database", db, "--min-loci", "8", probes)
	if code != 0 {
		t.Fatalf("nsor dna search: exit %d: %s", code, errs)
	}
	for _, r := range rows[1:4] {
		if !strings.Contains(out, "\nprobe-"+r[0]+","+r[0]+",") {
			t.Errorf("probe-%s did not find %s:\n%s", r[0], r[0], out)
		}
	}
	if code, _, errs := runCLI(t, "dna", "search", "--database", db, "--stringency", "exact", probes); code != 2 || !strings.Contains(errs, "--stringency") {
		t.Errorf("an unknown stringency: exit %d %q, want 2", code, errs)
	}
}
