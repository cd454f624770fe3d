package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// SyntheticFrequencies is the demo's DNA allele frequency table, in the long
// format nsor dna rmp and the register's DNA index read
// (pop,locus,allele,count,n_alleles): the twenty CODIS core loci with a
// handful of alleles each, at made-up counts of 400 or so alleles per locus.
// It is no population's table (its population is "SYN"): its alleles exist
// at those loci, but no frequency here was measured, so no statistic the demo
// shows is one a laboratory would report.
const SyntheticFrequencies = `pop,locus,allele,count,n_alleles
SYN,CSF1PO,7,43,401
SYN,CSF1PO,8,33,401
SYN,CSF1PO,9,62,401
SYN,CSF1PO,10,46,401
SYN,CSF1PO,11,89,401
SYN,CSF1PO,12,46,401
SYN,CSF1PO,13,28,401
SYN,CSF1PO,14,54,401
SYN,FGA,18,20,400
SYN,FGA,19,37,400
SYN,FGA,20,21,400
SYN,FGA,21,22,400
SYN,FGA,22,58,400
SYN,FGA,23,86,400
SYN,FGA,24,24,400
SYN,FGA,25,28,400
SYN,FGA,26,45,400
SYN,FGA,27,59,400
SYN,TH01,6,63,399
SYN,TH01,7,83,399
SYN,TH01,8,142,399
SYN,TH01,9,30,399
SYN,TH01,10,81,399
SYN,TPOX,7,55,400
SYN,TPOX,8,44,400
SYN,TPOX,9,67,400
SYN,TPOX,10,91,400
SYN,TPOX,11,96,400
SYN,TPOX,12,47,400
SYN,vWA,14,62,400
SYN,vWA,15,65,400
SYN,vWA,16,78,400
SYN,vWA,17,96,400
SYN,vWA,18,30,400
SYN,vWA,19,30,400
SYN,vWA,20,39,400
SYN,D3S1358,13,69,400
SYN,D3S1358,14,54,400
SYN,D3S1358,15,74,400
SYN,D3S1358,16,102,400
SYN,D3S1358,17,55,400
SYN,D3S1358,18,46,400
SYN,D5S818,9,67,400
SYN,D5S818,10,62,400
SYN,D5S818,11,59,400
SYN,D5S818,12,88,400
SYN,D5S818,13,52,400
SYN,D5S818,14,72,400
SYN,D7S820,8,66,400
SYN,D7S820,9,41,400
SYN,D7S820,10,128,400
SYN,D7S820,11,50,400
SYN,D7S820,12,48,400
SYN,D7S820,13,67,400
SYN,D8S1179,10,31,401
SYN,D8S1179,11,49,401
SYN,D8S1179,12,40,401
SYN,D8S1179,13,94,401
SYN,D8S1179,14,64,401
SYN,D8S1179,15,53,401
SYN,D8S1179,16,70,401
SYN,D13S317,8,34,401
SYN,D13S317,9,52,401
SYN,D13S317,10,76,401
SYN,D13S317,11,75,401
SYN,D13S317,12,41,401
SYN,D13S317,13,59,401
SYN,D13S317,14,64,401
SYN,D16S539,8,43,400
SYN,D16S539,9,52,400
SYN,D16S539,10,38,400
SYN,D16S539,11,87,400
SYN,D16S539,12,52,400
SYN,D16S539,13,68,400
SYN,D16S539,14,60,400
SYN,D18S51,12,38,401
SYN,D18S51,13,43,401
SYN,D18S51,14,58,401
SYN,D18S51,15,38,401
SYN,D18S51,16,75,401
SYN,D18S51,17,31,401
SYN,D18S51,18,29,401
SYN,D18S51,19,26,401
SYN,D18S51,20,63,401
SYN,D21S11,27,32,400
SYN,D21S11,28,39,400
SYN,D21S11,29,75,400
SYN,D21S11,30,119,400
SYN,D21S11,31,29,400
SYN,D21S11,32,50,400
SYN,D21S11,33,56,400
SYN,D1S1656,12,60,399
SYN,D1S1656,13,57,399
SYN,D1S1656,14,95,399
SYN,D1S1656,15,52,399
SYN,D1S1656,16,39,399
SYN,D1S1656,17,36,399
SYN,D1S1656,18,60,399
SYN,D2S441,10,100,402
SYN,D2S441,11,42,402
SYN,D2S441,12,70,402
SYN,D2S441,13,76,402
SYN,D2S441,14,48,402
SYN,D2S441,15,66,402
SYN,D2S1338,17,44,400
SYN,D2S1338,18,30,400
SYN,D2S1338,19,19,400
SYN,D2S1338,20,59,400
SYN,D2S1338,21,55,400
SYN,D2S1338,22,43,400
SYN,D2S1338,23,60,400
SYN,D2S1338,24,49,400
SYN,D2S1338,25,41,400
SYN,D10S1248,12,55,399
SYN,D10S1248,13,58,399
SYN,D10S1248,14,41,399
SYN,D10S1248,15,112,399
SYN,D10S1248,16,64,399
SYN,D10S1248,17,69,399
SYN,D12S391,17,78,399
SYN,D12S391,18,52,399
SYN,D12S391,19,84,399
SYN,D12S391,20,54,399
SYN,D12S391,21,68,399
SYN,D12S391,22,31,399
SYN,D12S391,23,32,399
SYN,D19S433,12,68,400
SYN,D19S433,13,102,400
SYN,D19S433,14,132,400
SYN,D19S433,15,52,400
SYN,D19S433,16,46,400
SYN,D22S1045,11,38,398
SYN,D22S1045,12,35,398
SYN,D22S1045,13,84,398
SYN,D22S1045,14,48,398
SYN,D22S1045,15,86,398
SYN,D22S1045,16,69,398
SYN,D22S1045,17,38,398`

// freqTable is SyntheticFrequencies read: for each locus its alleles and
// their counts, in the order written.
type freqTable struct {
	loci    []string
	alleles map[string][]string
	counts  map[string][]int
}

func readSynthetic() *freqTable {
	t := &freqTable{alleles: map[string][]string{}, counts: map[string][]int{}}
	for _, line := range strings.Split(SyntheticFrequencies, "\n")[1:] {
		f := strings.Split(line, ",")
		if len(f) != 5 {
			continue
		}
		l := f[1]
		if _, ok := t.alleles[l]; !ok {
			t.loci = append(t.loci, l)
		}
		n, _ := strconv.Atoi(f[3])
		t.alleles[l] = append(t.alleles[l], f[2])
		t.counts[l] = append(t.counts[l], n)
	}
	return t
}

// draw picks an allele of locus l with its table frequency.
func (t *freqTable) draw(rnd *rand.Rand, l string) string {
	total := 0
	for _, c := range t.counts[l] {
		total += c
	}
	k := rnd.IntN(total)
	for i, c := range t.counts[l] {
		if k < c {
			return t.alleles[l][i]
		}
		k -= c
	}
	return t.alleles[l][len(t.alleles[l])-1]
}

// SyntheticProfile draws a reference DNA profile of the CODIS core loci from
// SyntheticFrequencies: two alleles at each locus (one when both draws
// agree, a homozygote).
func SyntheticProfile(rnd *rand.Rand) map[string][]string {
	t := readSynthetic()
	out := map[string][]string{}
	for _, l := range t.loci {
		a, b := t.draw(rnd, l), t.draw(rnd, l)
		if a == b {
			out[l] = []string{a}
		} else {
			out[l] = []string{a, b}
		}
	}
	return out
}

// CrimeScene is a partial profile of p as a crime-scene stain gives it: the
// first n loci of the table that p has typed.
func CrimeScene(p map[string][]string, n int) map[string][]string {
	out := map[string][]string{}
	for _, l := range readSynthetic().loci {
		if as, ok := p[l]; ok && len(out) < n {
			out[l] = as
		}
	}
	return out
}
