package dna

import (
	"fmt"
	"math"
	"slices"
)

// Formula is the NRC II recommendation a genotype frequency is computed by.
type Formula string

// The formulas of the NRC's second report, The Evaluation of Forensic DNA
// Evidence (1996): 4.1 is the product rule with a θ correction for
// homozygotes only; 4.10 is Balding and Nichols' conditional match
// probability for a subdivided population, used when the suspect and the
// alleged source may come from the same subpopulation.
const (
	NRC41  Formula = "4.1"
	NRC410 Formula = "4.10"
)

// DefaultTheta is θ (F_ST) by default: NRC II recommends 0.01 for most
// populations and 0.03 for small, isolated ones; the register uses 0.03,
// because the reference tables for Pakistan are small and its populations
// are structured.
const DefaultTheta = 0.03

// Options are the settings of a random match probability. The zero value is
// the product rule without floor; use DefaultOptions for the register's.
type Options struct {
	Formula Formula
	Theta   float64
	// Floor raises every allele frequency to at least 5/2N, N the number of
	// people typed at that locus in the table (NRC II 5.3): a rare allele, or
	// one the table never saw, is not thereby evidence of near-uniqueness.
	Floor bool
	// Loci restricts the loci used (nil: every autosomal locus of the
	// profile).
	Loci []Locus
}

// DefaultOptions are NRC II 4.10 with θ = 0.03, the 5/2N floor, over the
// CODIS 20.
func DefaultOptions() Options {
	return Options{Formula: NRC410, Theta: DefaultTheta, Floor: true, Loci: CODIS20}
}

func (o Options) check() error {
	switch {
	case o.Formula != NRC41 && o.Formula != NRC410:
		return errorf("dna.formula", "formula", "formula %q: write 4.1 or 4.10", o.Formula)
	case math.IsNaN(o.Theta) || o.Theta < 0 || o.Theta >= 1:
		return errorf("dna.theta", "theta", "θ %v is not in [0, 1)", o.Theta)
	}
	return nil
}

// Result is a profile's random match probability under one table.
type Result struct {
	Population string
	Log10      float64 // log10 of the random match probability
	Loci       []Locus // the loci that entered it
	Skipped    []Locus // the profile's loci the table lacks: left out, which only raises the RMP
	Floored    []Locus // the loci where an allele was raised to 5/2N
}

// GenotypeFrequency is the probability that a random person of the table's
// population has genotype as at locus l: p and q are the allele frequencies
// (after any floor), θ the coancestry coefficient.
//
//	4.1  homozygote p² + p(1−p)θ                 heterozygote 2pq
//	4.10 homozygote [2θ+(1−θ)p][3θ+(1−θ)p] / [(1+θ)(1+2θ)]
//	     heterozygote 2[θ+(1−θ)p][θ+(1−θ)q] / [(1+θ)(1+2θ)]
func GenotypeFrequency(f Formula, theta, p, q float64, homozygote bool) float64 {
	if f == NRC41 {
		if homozygote {
			return p*p + p*(1-p)*theta
		}
		return 2 * p * q
	}
	d := (1 + theta) * (1 + 2*theta)
	if homozygote {
		return (2*theta + (1-theta)*p) * (3*theta + (1-theta)*p) / d
	}
	return 2 * (theta + (1-theta)*p) * (theta + (1-theta)*q) / d
}

// RMP is the random match probability of a single-source profile under table
// t, in log10, summed locus by locus so that no product underflows. A
// mixture has no single-source RMP and is refused.
func RMP(p *Profile, t *Table, o Options) (Result, error) {
	if err := o.check(); err != nil {
		return Result{}, err
	}
	if p.Mixture() {
		return Result{}, errorf("dna.mixture_rmp", "profile", "profile %q is a mixture: a random match probability is for a single-source profile", p.ID)
	}
	res := Result{Population: t.Population}
	for _, l := range lociOf(p, o.Loci) {
		as := p.Loci[l]
		if _, _, ok := t.Freq(l, as[0]); !ok {
			res.Skipped = append(res.Skipped, l)
			continue
		}
		freqs := make([]float64, len(as))
		for i, a := range as {
			f, n, _ := t.Freq(l, a)
			if floor := 5 / (2 * n); o.Floor && f < floor {
				f = floor
				if !slices.Contains(res.Floored, l) {
					res.Floored = append(res.Floored, l)
				}
			}
			freqs[i] = f
		}
		var g float64
		if len(as) == 1 {
			g = GenotypeFrequency(o.Formula, o.Theta, freqs[0], freqs[0], true)
		} else {
			g = GenotypeFrequency(o.Formula, o.Theta, freqs[0], freqs[1], false)
		}
		if g <= 0 {
			return Result{}, errorf("dna.allele_unseen", string(l), "at %s the table %s has no frequency for %v and no floor is applied: the probability would be zero", l, t.Population, as)
		}
		res.Log10 += math.Log10(g)
		res.Loci = append(res.Loci, l)
	}
	if len(res.Loci) == 0 {
		return Result{}, errorf("dna.no_loci", "loci", "profile %q shares no locus with table %s", p.ID, t.Population)
	}
	return res, nil
}

// lociOf lists the profile's autosomal loci among want (all when want is
// nil), in a fixed order.
func lociOf(p *Profile, want []Locus) []Locus {
	var out []Locus
	for l := range p.Loci {
		if want == nil || slices.Contains(want, l) {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// Conservative is the largest random match probability of the profile over
// the tables: the figure most favourable to the person compared, since the
// right population of the true source is not known.
func Conservative(p *Profile, tables []*Table, o Options) (Result, error) {
	if len(tables) == 0 {
		return Result{}, errorf("dna.no_tables", "population", "no population table is configured")
	}
	var best Result
	for i, t := range tables {
		r, err := RMP(p, t, o)
		if err != nil {
			return Result{}, err
		}
		if i == 0 || r.Log10 > best.Log10 {
			best = r
		}
	}
	return best, nil
}

// OneIn writes a probability given in log10 as "1 in X", X rounded to three
// significant figures: "1 in 1,230", "1 in 4.56 × 10^21".
func OneIn(log10 float64) string {
	x := -log10
	if x < 6 {
		return "1 in " + withCommas(math.Round(math.Pow(10, x)))
	}
	e := math.Floor(x)
	m := math.Pow(10, x-e)
	if math.Round(m*100)/100 >= 10 {
		m, e = m/10, e+1
	}
	return fmt.Sprintf("1 in %.3g × 10^%d", m, int(e))
}

func withCommas(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// DatabaseLog10 is the expected number of chance matches in a database of
// size profiles for a profile whose RMP is 10^log10rmp, in log10: size × RMP.
func DatabaseLog10(size int, log10rmp float64) float64 {
	if size <= 0 {
		return math.Inf(-1)
	}
	return math.Log10(float64(size)) + log10rmp
}

func pow10(x float64) float64 { return math.Pow(10, x) }
