package dna

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseLocus(t *testing.T) {
	for in, want := range map[string]Locus{
		"vWA": "vWA", "VWA": "vWA", "Penta_D": "Penta D", "PENTA D": "Penta D", "penta-e": "Penta E",
		"d3s1358": "D3S1358", "D21S11": "D21S11", "AMEL": "Amelogenin", "Amelogenin": "Amelogenin",
		"DYS391": "DYS391", "se33": "SE33", "D6S1043": "D6S1043", "D06S01043": "D6S1043", "TH01": "TH01",
	} {
		if got, err := ParseLocus(in); err != nil || got != want {
			t.Errorf("ParseLocus(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "FOO", "D3", "S1358", "D3S", "D123S4", "D23S1", "D0S1", "DXS10135", "THO1"} {
		if got, err := ParseLocus(in); code(err) != "dna.locus_unknown" {
			t.Errorf("ParseLocus(%q) = %q, %v, want dna.locus_unknown", in, got, err)
		}
	}
	if !Locus("vWA").Core() || Locus("SE33").Core() || Locus("Amelogenin").Autosomal() || Locus("DYS391").Autosomal() || !Locus("Penta D").Autosomal() {
		t.Error("Core/Autosomal misclassify vWA, SE33, Amelogenin, DYS391 or Penta D")
	}
}

func TestParseAllele(t *testing.T) {
	for in, want := range map[string]Allele{
		"9": "9", "09": "9", " 12 ": "12", "9.3": "9.3", "9.30": "9.3", "10.0": "10", "31.2": "31.2",
		"<8": "<8", "< 8": "<8", ">30": ">30", "x": "X", "Y": "Y", "2.2": "2.2",
	} {
		if got, err := ParseAllele(in); err != nil || got != want {
			t.Errorf("ParseAllele(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "+9", "100", "9.", "9.33", "9.a", "a", "<8.1", "<", "OL", "9,3", "1e1"} {
		if got, err := ParseAllele(in); code(err) != "dna.allele_invalid" {
			t.Errorf("ParseAllele(%q) = %q, %v, want dna.allele_invalid", in, got, err)
		}
	}
	as := []Allele{">30", "9.3", "10", "<8", "9", "8"}
	slices.SortFunc(as, compareAlleles)
	if want := []Allele{"<8", "8", "9", "9.3", "10", ">30"}; !slices.Equal(as, want) {
		t.Errorf("sorted alleles = %v, want %v", as, want)
	}
}

func TestNewProfile(t *testing.T) {
	p, err := NewProfile("S1", CrimeScene, map[string][]string{
		"vWA": {"17", "17"}, "TH01": {"9.3", "6", "7"}, "AMEL": {"X", "Y"}, "DYS391": {"10"}, "FGA": {"", ""},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Loci["vWA"], []Allele{"17"}) || !slices.Equal(p.Loci["TH01"], []Allele{"6", "7", "9.3"}) {
		t.Errorf("loci = %v", p.Loci)
	}
	if len(p.Loci) != 2 || len(p.Other) != 2 || !p.Mixture() || !p.Partial() {
		t.Errorf("profile %+v: want 2 autosomal loci, Amelogenin and DYS391 apart, a partial mixture", p)
	}
}

// TestNewProfileRefuses names every problem at once.
func TestNewProfileRefuses(t *testing.T) {
	for _, c := range []struct {
		typ  SampleType
		raw  map[string][]string
		want []string
	}{
		{Reference, map[string][]string{"TH01": {"6", "7", "8"}}, []string{"dna.reference_mixture"}},
		{"blood", map[string][]string{"TH01": {"6"}}, []string{"dna.sample_type"}},
		{Reference, map[string][]string{"vWA": {"17"}, "VWA": {"18"}}, []string{"dna.locus_repeated"}},
		{Reference, map[string][]string{"XYZ": {"6"}, "TH01": {"6.x"}}, []string{"dna.allele_invalid", "dna.locus_unknown", "dna.profile_empty"}},
		{Reference, map[string][]string{"TH01": {"X"}}, []string{"dna.allele_invalid", "dna.profile_empty"}},
		{Reference, map[string][]string{"AMEL": {"12"}, "TH01": {"6"}}, []string{"dna.allele_invalid"}},
		{CrimeScene, map[string][]string{"TH01": {"1", "2", "3", "4", "5", "6", "7", "8", "9"}}, []string{"dna.allele_count", "dna.profile_empty"}},
		{Reference, map[string][]string{"TH01": {"", ""}}, []string{"dna.profile_empty"}},
	} {
		_, err := NewProfile("P", c.typ, c.raw)
		var es Errors
		if !errors.As(err, &es) {
			t.Errorf("NewProfile(%v) = %v, want %v", c.raw, err, c.want)
			continue
		}
		var got []string
		for _, e := range es {
			got = append(got, e.Code)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("NewProfile(%v) codes = %v, want %v", c.raw, got, c.want)
		}
	}
}

func TestReadFrequenciesRefuses(t *testing.T) {
	head := "pop,locus,allele,count,n_alleles,freq\n"
	for _, c := range []struct{ src, want string }{
		{"pop,locus,freq\n", `no "allele" column`},
		{"pop,locus,allele,count\n", "needs freq"},
		{head, "no rows"},
		{head + "A,TH01,6,1,10,1.5\n", "not in (0, 1]"},
		{head + "A,TH01,6,-1,10,0.1\n", "non-negative"},
		{head + "A,TH01,6,11,10,0.1\n", "more than n_alleles"},
		{head + "A,TH01,6,1,10,0.1\nA,TH01,6,1,10,0.1\n", "given twice"},
		{head + "A,TH01,6,1,10,0.1\nA,TH01,7,1,12,0.1\n", "N is 6 here and 5"},
		{head + "A,TH01,6,7,10,0.7\nA,TH01,7,7,10,0.7\n", "add up to 1.4000"},
		{head + "A,XX1,6,1,10,0.1\n", "dna.locus_unknown"},
		{head + "A,TH01,six,1,10,0.1\n", "dna.allele_invalid"},
		{head + ",TH01,6,1,10,0.1\n", "no population"},
		{head + "A,TH01,6,1,10,NaN\n", "non-negative number"},
	} {
		if _, err := ReadFrequencies(strings.NewReader(c.src)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadFrequencies(%q) = %v, want %q", c.src, err, c.want)
		}
	}
	ts, err := ReadFrequencies(strings.NewReader("population,locus,allele,freq,n_individuals\nPK,Penta_D,9,0.5,20\n"))
	if p, n, ok := ts["PK"].Freq("Penta D", "9"); err != nil || p != 0.5 || n != 20 || !ok {
		t.Errorf("pop.STR shape: %v, %v %v %v", err, p, n, ok)
	}
}

func TestReadProfilesRefuses(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"sample,pop,TH01\n", "not LOCUS.N"},
		{"sample,pop,XX.1\n", "dna.locus_unknown"},
		{"pop,TH01.1\n", "needs a sample column"},
		{"sample,TH01.1,TH01.2\nA,6,7\nA,6,8\n", "also on line 2"},
		{"sample,TH01.1,TH01.2\n,6,7\n", "no sample name"},
		{"sample,TH01.1,TH01.2\nA,6,x\n", "dna.allele_invalid"},
		{"sample,type,TH01.1,TH01.2,TH01.3\nA,reference,6,7,8\n", "dna.reference_mixture"},
	} {
		if _, err := ReadProfiles(strings.NewReader(c.src)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadProfiles(%q) = %v, want %q", c.src, err, c.want)
		}
	}
}
