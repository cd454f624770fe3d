package dna

import (
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// randomProfile draws a profile at the CODIS 20 with few alleles per locus,
// so that random profiles agree often; drop leaves loci out, mix adds alleles.
func randomProfile(rng *rand.Rand, id string, drop float64, mix int) *Profile {
	raw := map[string][]string{}
	for _, l := range CODIS20 {
		if rng.Float64() < drop {
			continue
		}
		n := 2 + rng.IntN(mix+1)
		for range n {
			raw[string(l)] = append(raw[string(l)], strconv.Itoa(8+rng.IntN(4)))
		}
	}
	raw["TH01"] = append(raw["TH01"], "9.3") // at least one locus
	p, err := NewProfile(id, CrimeScene, raw)
	if err != nil {
		panic(err)
	}
	return p
}

// TestSearchIsAgrees: the bitset search finds exactly what comparing every
// profile with Agrees finds, at every stringency, with and without the
// mismatch, over random databases and probes built to agree often.
func TestSearchIsAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	ix := NewIndex()
	var db []*Profile
	for i := range 5000 { // more than one block's 64K bits is covered by TestSearchBlocks
		p := randomProfile(rng, "C"+strconv.Itoa(i), 0.3, 1)
		db = append(db, p)
		ix.Add(p)
	}
	total, withMismatch := 0, 0
	for trial := range 60 {
		probe := randomProfile(rng, "P", 0.5, trial%3)
		for _, s := range []Stringency{High, Moderate, Low} {
			for _, mm := range []bool{false, true} {
				q := Query{Probe: probe, Stringency: s, MinLoci: 1 + trial%5, Mismatch: mm}
				got, err := ix.Search(q)
				if err != nil {
					t.Fatal(err)
				}
				var want []Hit
				for i, c := range db {
					if shared, m, ok := Agrees(q, c); ok {
						want = append(want, Hit{Index: i, ID: c.ID, Shared: shared, Mismatch: m})
					}
				}
				slices.SortStableFunc(want, func(a, b Hit) int {
					if a.Shared != b.Shared {
						return b.Shared - a.Shared
					}
					return b2i(a.Mismatch != "") - b2i(b.Mismatch != "")
				})
				total += len(want)
				for _, h := range want {
					if h.Mismatch != "" {
						withMismatch++
					}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("trial %d %s mismatch=%v: Search found %d hits, Agrees %d\n%v\n%v", trial, s, mm, len(got), len(want), got, want)
				}
			}
		}
	}
	if total < 1000 || withMismatch < 100 {
		t.Errorf("%d hits, %d with a mismatch: too few for the comparison to show anything", total, withMismatch)
	}
	t.Logf("%d hits compared, %d with a mismatch", total, withMismatch)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestSearchBlocks: a hit in the last, partial block and across the
// blocks is found (130,000 profiles: two full blocks and a part).
func TestSearchBlocks(t *testing.T) {
	ix := NewIndex()
	probe, _ := NewProfile("P", Reference, map[string][]string{"TH01": {"6", "7"}, "FGA": {"20", "21"}})
	other, _ := NewProfile("O", Reference, map[string][]string{"TH01": {"6", "8"}, "FGA": {"20", "21"}})
	want := []int{0, 65535, 65536, 129999}
	for i := range 130000 {
		if slices.Contains(want, i) {
			ix.Add(&Profile{ID: strconv.Itoa(i), Loci: probe.Loci})
		} else {
			ix.Add(other)
		}
	}
	hits, err := ix.Search(Query{Probe: probe, Stringency: High, MinLoci: 2})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, h := range hits {
		got = append(got, h.Index)
	}
	if !slices.Equal(got, want) {
		t.Errorf("hits at %v, want %v", got, want)
	}
}

func TestSearchRefuses(t *testing.T) {
	ix := NewIndex()
	p, _ := NewProfile("P", Reference, map[string][]string{"TH01": {"6", "7"}})
	for _, c := range []struct {
		q    Query
		want string
	}{
		{Query{Stringency: High, MinLoci: 1}, "dna.probe_missing"},
		{Query{Probe: p, Stringency: "medium", MinLoci: 1}, "dna.stringency"},
		{Query{Probe: p, Stringency: High}, "dna.min_loci"},
		{Query{Probe: p, Stringency: High, MinLoci: 2}, "dna.min_loci"},
	} {
		if _, err := ix.Search(c.q); code(err) != c.want {
			t.Errorf("Search(%+v) = %v, want %s", c.q, err, c.want)
		}
	}
}

// nist reads the NIST 1036 genotypes from the shared data, or skips.
func nist(t *testing.T) []Sample {
	t.Helper()
	root := os.Getenv("NSOR_SHARED_DATA")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "data")
	}
	f, err := os.Open(filepath.Join(root, "dna", "nist1036_genotypes.csv"))
	if err != nil {
		t.Skipf("no NIST 1036 genotypes (set NSOR_SHARED_DATA to the shared data directory): %v", err)
	}
	defer f.Close()
	ss, err := ReadProfiles(f)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

// drop copies p without n of its CODIS loci, chosen by rng.
func drop(rng *rand.Rand, p *Profile, n int) *Profile {
	out := &Profile{ID: p.ID + "-partial", Type: CrimeScene, Loci: map[Locus][]Allele{}}
	keep := slices.Clone(CODIS20)
	rng.Shuffle(len(keep), func(i, j int) { keep[i], keep[j] = keep[j], keep[i] })
	for _, l := range keep[n:] {
		if as := p.Loci[l]; as != nil {
			out.Loci[l] = as
		}
	}
	return out
}

// mixture is the two-person mixture of a and b at the CODIS 20.
func mixture(a, b *Profile) *Profile {
	out := &Profile{ID: a.ID + "+" + b.ID, Type: CrimeScene, Loci: map[Locus][]Allele{}}
	for _, l := range CODIS20 {
		set := slices.Clone(a.Loci[l])
		for _, x := range b.Loci[l] {
			if !slices.Contains(set, x) {
				set = append(set, x)
			}
		}
		if len(set) > 0 {
			slices.SortFunc(set, compareAlleles)
			out.Loci[l] = set
		}
	}
	return out
}

func ids(hs []Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

// TestSearchNIST1036 shows the stringencies on real profiles (the CODIS 20
// of NIST 1036): an exact probe finds its donor alone at high stringency; a
// probe with 4, 8 or 12 loci dropped still finds its donor at every
// stringency, and at high stringency the donor comes first; a two-person
// mixture finds both contributors at moderate and low stringency and neither
// at high; a one-allele change is found only with the mismatch allowed.
func TestSearchNIST1036(t *testing.T) {
	ss := nist(t)
	ix := NewIndex()
	var ps []*Profile
	for _, s := range ss {
		p := &Profile{ID: s.Profile.ID, Loci: map[Locus][]Allele{}}
		for _, l := range CODIS20 {
			if as := s.Profile.Loci[l]; as != nil {
				p.Loci[l] = as
			}
		}
		ps = append(ps, p)
		ix.Add(p)
	}
	rng := rand.New(rand.NewPCG(10, 36))
	search := func(probe *Profile, s Stringency, minLoci int, mm bool) []Hit {
		t.Helper()
		hs, err := ix.Search(Query{Probe: probe, Stringency: s, MinLoci: minLoci, Mismatch: mm})
		if err != nil {
			t.Fatal(err)
		}
		return hs
	}
	for range 50 {
		donor := ps[rng.IntN(len(ps))]
		if hs := search(donor, High, 20, false); !slices.Equal(ids(hs), []string{donor.ID}) && len(donor.Loci) == 20 {
			t.Errorf("exact probe %s at high: %v, want the donor alone", donor.ID, ids(hs))
		}
		for _, n := range []int{4, 8, 12} {
			probe := drop(rng, donor, n)
			for _, s := range []Stringency{High, Moderate, Low} {
				hs := search(probe, s, len(probe.Loci), false)
				if !slices.Contains(ids(hs), donor.ID) {
					t.Errorf("probe %s less %d loci at %s: donor not among %d hits", donor.ID, n, s, len(hs))
				}
				if s == High && ids(hs)[0] != donor.ID {
					t.Errorf("probe %s less %d loci at high: first hit %s", donor.ID, n, hs[0].ID)
				}
			}
			if _, err := ix.Search(Query{Probe: probe, Stringency: High, MinLoci: len(probe.Loci) + 1}); code(err) != "dna.min_loci" {
				t.Errorf("probe with %d loci, %d needed: %v, want dna.min_loci", len(probe.Loci), len(probe.Loci)+1, err)
			}
		}
		other := ps[rng.IntN(len(ps))]
		if other == donor {
			continue
		}
		mix := mixture(donor, other)
		for _, s := range []Stringency{Moderate, Low} {
			got := ids(search(mix, s, 18, false))
			if !slices.Contains(got, donor.ID) || !slices.Contains(got, other.ID) {
				t.Errorf("mixture %s at %s: %d hits, want both contributors", mix.ID, s, len(got))
			}
		}
		if got := ids(search(mix, High, 18, false)); slices.Contains(got, donor.ID) || slices.Contains(got, other.ID) {
			t.Errorf("mixture %s at high found a contributor: a mixture is no one's profile", mix.ID)
		}
		// one allele changed at one locus
		changed := &Profile{ID: "changed", Loci: maps.Clone(donor.Loci)}
		changed.Loci["FGA"] = []Allele{changed.Loci["FGA"][0], "99"}
		if got := ids(search(changed, High, 18, false)); slices.Contains(got, donor.ID) {
			t.Errorf("one allele changed, no mismatch allowed: donor found")
		}
		if hs := search(changed, High, 18, true); len(hs) == 0 || hs[0].ID != donor.ID || hs[0].Mismatch != "FGA" {
			t.Errorf("one allele changed, mismatch allowed: %+v, want the donor first, mismatch FGA", hs)
		}
	}
}
