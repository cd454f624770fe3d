package dna

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nsor"
	"nsor/demo"
)

// TestRegisterIndex: the register's DNA search finds a partial probe's
// record first and explains it with the probe's RMP, its table and θ, and
// the chance matches expected in the database; a mixture's candidates say it
// has no RMP; a bad probe is refused with the profile's codes.
func TestRegisterIndex(t *testing.T) {
	ss := nist(t)
	root := os.Getenv("NSOR_SHARED_DATA")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "data")
	}
	f, err := os.Open(filepath.Join(root, "dna", "nist1036_freqs_long.csv"))
	if err != nil {
		t.Skip(err)
	}
	tabs, err := ReadFrequencies(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	ri := NewRegisterIndex([]*Table{tabs["AfAm"], tabs["Cauc"], tabs["Hisp"], tabs["Asian"]}, DefaultOptions())
	for i, s := range ss {
		ri.Add(int64(i+1), "SYN-DNA-"+s.Profile.ID, s.Profile)
	}
	raw := func(p *Profile, drop int) map[string][]string {
		out := map[string][]string{}
		for _, l := range CODIS20[drop:] {
			for _, a := range p.Loci[l] {
				out[string(l)] = append(out[string(l)], string(a))
			}
		}
		return out
	}
	target := ss[41].Profile
	cs, err := ri.SearchDNA(t.Context(), nsor.DNAProbe{Type: "crime_scene", Loci: raw(target, 8), Stringency: "high", MinLoci: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) == 0 || cs[0].RecordID != 42 || cs[0].RecordRef != "SYN-DNA-"+target.ID || cs[0].Kind != "dna" {
		t.Fatalf("candidates %+v, want record 42 first", cs)
	}
	for _, want := range []string{"high stringency, 12 loci shared", "random match probability 1 in ", "θ = 0.03", "expected chance matches in 1036 profiles", "not an identification"} {
		if !strings.Contains(cs[0].Explain, want) {
			t.Errorf("explanation %q lacks %q", cs[0].Explain, want)
		}
	}
	mix := raw(target, 0)
	for l, as := range raw(ss[7].Profile, 0) {
		mix[l] = append(mix[l], as...)
	}
	cs, err = ri.SearchDNA(t.Context(), nsor.DNAProbe{Type: "crime_scene", Loci: mix, Stringency: "moderate", MinLoci: 18})
	if err != nil || len(cs) < 2 || !strings.Contains(cs[0].Explain, "a mixture: no single-source random match probability") {
		t.Errorf("mixture: %+v, %v; want both contributors, no RMP", cs, err)
	}
	if _, err := ri.SearchDNA(t.Context(), nsor.DNAProbe{Type: "reference", Loci: map[string][]string{"TH01": {"6", "7", "8"}}, Stringency: "high", MinLoci: 1}); !strings.Contains(err.Error(), "dna.reference_mixture") {
		t.Errorf("a reference mixture probe: %v, want dna.reference_mixture", err)
	}
	if _, err := ri.SearchDNA(t.Context(), nsor.DNAProbe{Type: "crime_scene", Loci: raw(target, 0), Stringency: "exact", MinLoci: 8}); nsor.ErrorCode(err) != "dna.stringency" {
		t.Errorf("an unknown stringency: %v, want dna.stringency", err)
	}
}

// TestRegisterIndexFollows: Put replaces a record's profiles and Delete
// removes them, at once from the results and from the database size the
// statistics use; the rebuild after many removals keeps every live one.
// The profiles and the table are the demo's synthetic ones.
func TestRegisterIndexFollows(t *testing.T) {
	tabs, err := ReadFrequencies(strings.NewReader(demo.SyntheticFrequencies))
	if err != nil {
		t.Fatal(err)
	}
	ri := NewRegisterIndex([]*Table{tabs["SYN"]}, DefaultOptions())
	rnd := rand.New(rand.NewPCG(1, 2))
	raws := make([]map[string][]string, 200)
	for i := range raws {
		raws[i] = demo.SyntheticProfile(rnd)
		p, err := NewProfile(fmt.Sprint(i+1), Reference, raws[i])
		if err != nil {
			t.Fatal(err)
		}
		ri.Put(int64(i+1), []RegisterProfile{{Ref: fmt.Sprintf("sha256:%d", i+1), Profile: p}})
	}
	search := func(raw map[string][]string) []nsor.BiometricCandidate {
		t.Helper()
		cs, err := ri.SearchDNA(t.Context(), nsor.DNAProbe{Type: "crime_scene", Loci: demo.CrimeScene(raw, 12), Stringency: "high", MinLoci: 12})
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	if cs := search(raws[9]); len(cs) != 1 || cs[0].RecordID != 10 || cs[0].RecordRef != "sha256:10" || !strings.Contains(cs[0].Explain, "in 200 profiles") {
		t.Fatalf("before: %+v", cs)
	}
	ri.Delete(10)
	if cs := search(raws[9]); len(cs) != 0 {
		t.Fatalf("a deleted record was found: %+v", cs)
	}
	// Record 11 now holds record 10's old profile.
	p10, _ := NewProfile("10", Reference, raws[9])
	ri.Put(11, []RegisterProfile{{Ref: "sha256:new", Profile: p10}})
	if cs := search(raws[9]); len(cs) != 1 || cs[0].RecordID != 11 || cs[0].RecordRef != "sha256:new" || !strings.Contains(cs[0].Explain, "in 199 profiles") {
		t.Fatalf("replaced: %+v", cs)
	}
	if cs := search(raws[10]); len(cs) != 0 {
		t.Fatalf("a replaced profile was found: %+v", cs)
	}
	for i := 100; i < 200; i++ {
		ri.Delete(int64(i + 1))
	}
	if ri.Len() != 99 || ri.dead > len(ri.records)-ri.dead {
		t.Errorf("after removals: %d live, %d of %d dead", ri.Len(), ri.dead, len(ri.records))
	}
	if cs := search(raws[50]); len(cs) != 1 || cs[0].RecordID != 51 || !strings.Contains(cs[0].Explain, "in 99 profiles") {
		t.Errorf("after the rebuild: %+v", cs)
	}
	if cs := search(raws[150]); len(cs) != 0 {
		t.Errorf("after the rebuild a deleted record: %+v", cs)
	}
}
