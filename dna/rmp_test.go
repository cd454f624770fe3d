package dna

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// handTable is a table small enough to work by hand: 50 people typed at
// each locus (100 alleles), so the 5/2N floor is 0.05.
const handTable = `pop,locus,allele,count,n_alleles,freq
T,TH01,6,20,100,0.2
T,TH01,7,30,100,0.3
T,TH01,9.3,50,100,0.5
T,VWA,16,10,100,0.1
T,VWA,17,40,100,0.4
T,VWA,18,2,100,0.02
T,VWA,19,48,100,0.48
`

func mustTable(t *testing.T, src, pop string) *Table {
	t.Helper()
	ts, err := ReadFrequencies(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return ts[pop]
}

func mustProfile(t *testing.T, raw map[string][]string) *Profile {
	t.Helper()
	p, err := NewProfile("P", Reference, raw)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRMPKnownAnswers are worked by hand, each intermediate written out:
// TH01 6/9.3 (p = 0.2, q = 0.5), vWA 17/17 (p = 0.4).
func TestRMPKnownAnswers(t *testing.T) {
	tab := mustTable(t, handTable, "T")
	prof := mustProfile(t, map[string][]string{"TH01": {"6", "9.3"}, "vWA": {"17", "17"}})
	// 4.10, θ = 0.03: (1+θ)(1+2θ) = 1.03 × 1.06 = 1.0918.
	// TH01: 2 (0.03 + 0.97×0.2)(0.03 + 0.97×0.5) = 2 × 0.224 × 0.515 = 0.23072.
	// vWA: (0.06 + 0.97×0.4)(0.09 + 0.97×0.4) = 0.448 × 0.478 = 0.214144.
	// 4.1, θ = 0.03: TH01 2 × 0.2 × 0.5 = 0.2; vWA 0.16 + 0.4×0.6×0.03 = 0.1672.
	// θ = 0: 0.2 × 0.16 = 0.032.
	for _, c := range []struct {
		f     Formula
		theta float64
		want  float64
	}{
		{NRC410, 0.03, math.Log10(0.23072/1.0918) + math.Log10(0.214144/1.0918)},
		{NRC41, 0.03, math.Log10(0.2 * 0.1672)},
		{NRC41, 0, math.Log10(0.032)},
		{NRC410, 0, math.Log10(0.032)},
	} {
		r, err := RMP(prof, tab, Options{Formula: c.f, Theta: c.theta, Floor: true})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(r.Log10-c.want) > 1e-12 {
			t.Errorf("RMP(%s, θ=%v) = %.15f, want %.15f", c.f, c.theta, r.Log10, c.want)
		}
	}
}

// TestRMPFloor: an allele seen twice in 100 (0.02) and one never seen are
// both taken at 5/2N = 0.05; without the floor the unseen one is refused,
// never a probability of zero.
func TestRMPFloor(t *testing.T) {
	tab := mustTable(t, handTable, "T")
	o := Options{Formula: NRC41, Floor: true}
	for _, as := range [][]string{{"18", "18"}, {"20", "20"}, {"<11", "<11"}} {
		r, err := RMP(mustProfile(t, map[string][]string{"vWA": as}), tab, o)
		if err != nil {
			t.Fatal(err)
		}
		if want := math.Log10(0.05 * 0.05); math.Abs(r.Log10-want) > 1e-12 || len(r.Floored) != 1 {
			t.Errorf("RMP(vWA %v, floor) = %v floored %v, want %v floored [vWA]", as, r.Log10, r.Floored, want)
		}
	}
	r, err := RMP(mustProfile(t, map[string][]string{"vWA": {"18", "18"}}), tab, Options{Formula: NRC41})
	if want := math.Log10(0.02 * 0.02); err != nil || math.Abs(r.Log10-want) > 1e-12 {
		t.Errorf("RMP(vWA 18/18, no floor) = %v, %v, want %v", r.Log10, err, want)
	}
	if _, err := RMP(mustProfile(t, map[string][]string{"vWA": {"20", "20"}}), tab, Options{Formula: NRC41}); code(err) != "dna.allele_unseen" {
		t.Errorf("RMP(unseen allele, no floor) = %v, want dna.allele_unseen", err)
	}
}

// TestRMPRefuses: a mixture, a bad θ or formula, no shared locus.
func TestRMPRefuses(t *testing.T) {
	tab := mustTable(t, handTable, "T")
	mix, err := NewProfile("M", CrimeScene, map[string][]string{"TH01": {"6", "7", "9.3"}})
	if err != nil {
		t.Fatal(err)
	}
	single := mustProfile(t, map[string][]string{"TH01": {"6", "7"}})
	other := mustProfile(t, map[string][]string{"FGA": {"20", "21"}})
	for _, c := range []struct {
		p    *Profile
		o    Options
		want string
	}{
		{mix, DefaultOptions(), "dna.mixture_rmp"},
		{single, Options{Formula: NRC410, Theta: -0.01}, "dna.theta"},
		{single, Options{Formula: NRC410, Theta: 1}, "dna.theta"},
		{single, Options{Formula: "4.2"}, "dna.formula"},
		{other, DefaultOptions(), "dna.no_loci"},
	} {
		if _, err := RMP(c.p, tab, c.o); code(err) != c.want {
			t.Errorf("RMP(%v, %+v) = %v, want %s", c.p.Loci, c.o, err, c.want)
		}
	}
}

func code(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Code
	}
	return ""
}

// randomCase is a random table and a profile drawn from it, some alleles
// unseen.
func randomCase(rng *rand.Rand) (*Table, *Profile) {
	t := &Table{Population: "R", loci: map[Locus]*locusFreqs{}}
	raw := map[string][]string{}
	for _, l := range CODIS20 {
		lf := &locusFreqs{freq: map[Allele]float64{}, n: float64(20 + rng.IntN(2000))}
		k := 2 + rng.IntN(15)
		ws, sum := make([]float64, k), 0.0
		for i := range ws {
			ws[i] = rng.Float64()
			sum += ws[i]
		}
		for i, w := range ws {
			lf.freq[Allele(itoa(5+i))] = w / sum
		}
		t.loci[l] = lf
		raw[string(l)] = []string{itoa(5 + rng.IntN(k+2)), itoa(5 + rng.IntN(k+2))} // k, k+1: unseen
	}
	p, err := NewProfile("R", Reference, raw)
	if err != nil {
		panic(err)
	}
	return t, p
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestRMPProperties holds, on random tables and profiles: at θ = 0, 4.10 is
// the product rule (4.1 at θ = 0); a homozygote's frequency is never below p²
// under either formula at any θ; the floor takes an unseen allele at 5/2N.
func TestRMPProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 13))
	for i := 0; i < 2000; i++ {
		tab, p := randomCase(rng)
		a, err1 := RMP(p, tab, Options{Formula: NRC410, Theta: 0, Floor: true})
		b, err2 := RMP(p, tab, Options{Formula: NRC41, Theta: 0, Floor: true})
		if err1 != nil || err2 != nil || math.Abs(a.Log10-b.Log10) > 1e-12 {
			t.Fatalf("θ=0: 4.10 %v (%v), 4.1 %v (%v): want the product rule both", a.Log10, err1, b.Log10, err2)
		}
		product := 0.0
		for l, as := range p.Loci {
			lf := tab.loci[l]
			f := func(a Allele) float64 { return max(lf.freq[a], 5/(2*lf.n)) }
			if len(as) == 1 {
				product += math.Log10(f(as[0]) * f(as[0]))
			} else {
				product += math.Log10(2 * f(as[0]) * f(as[1]))
			}
		}
		if math.Abs(a.Log10-product) > 1e-9 {
			t.Fatalf("θ=0: RMP %v, product rule by hand %v", a.Log10, product)
		}
		pp, theta := rng.Float64(), rng.Float64()*0.5
		for _, f := range []Formula{NRC41, NRC410} {
			if g := GenotypeFrequency(f, theta, pp, pp, true); g < pp*pp*(1-1e-12) {
				t.Fatalf("GenotypeFrequency(%s, θ=%v, p=%v, homozygote) = %v < p² = %v", f, theta, pp, g, pp*pp)
			}
		}
	}
}

// TestOneIn writes probabilities as examiners read them.
func TestOneIn(t *testing.T) {
	for _, c := range []struct {
		log10 float64
		want  string
	}{
		{-3, "1 in 1,000"},
		{math.Log10(1.0 / 1234), "1 in 1,234"},
		{-21 + math.Log10(1/4.567), "1 in 4.57 × 10^21"},
		{-6, "1 in 1 × 10^6"},
		{math.Log10(1 / 9.999e7), "1 in 1 × 10^8"},
	} {
		if got := OneIn(c.log10); got != c.want {
			t.Errorf("OneIn(%v) = %q, want %q", c.log10, got, c.want)
		}
	}
	if got, want := DatabaseLog10(1_000_000, -20), -14.0; math.Abs(got-want) > 1e-12 {
		t.Errorf("DatabaseLog10(1e6, -20) = %v, want %v", got, want)
	}
}

// TestConservative takes the largest RMP of the tables.
func TestConservative(t *testing.T) {
	src := handTable + strings.ReplaceAll(strings.SplitN(handTable, "\n", 2)[1], "T,", "U,")
	src = strings.Replace(src, "U,TH01,6,20,100,0.2", "U,TH01,6,40,100,0.4", 1)
	src = strings.Replace(src, "U,TH01,7,30,100,0.3", "U,TH01,7,10,100,0.1", 1)
	ts, err := ReadFrequencies(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	p := mustProfile(t, map[string][]string{"TH01": {"6", "9.3"}})
	r, err := Conservative(p, []*Table{ts["T"], ts["U"]}, Options{Formula: NRC41})
	if err != nil || r.Population != "U" || math.Abs(r.Log10-math.Log10(0.4)) > 1e-12 {
		t.Errorf("Conservative = %+v, %v, want U at log10(0.4)", r, err)
	}
}
