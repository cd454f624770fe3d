package dna

// Agrees compares one candidate with the query's probe directly, locus by
// locus: the definition of the stringencies that Index.Search computes with
// bitsets, and the linear scan its benchmark is measured against. It
// returns the loci both have typed, the one locus that failed when
// q.Mismatch allowed it, and whether the candidate is a hit.
func Agrees(q Query, c *Profile) (shared int, mismatch Locus, ok bool) {
	fails := 0
	for l, pa := range q.Probe.Loci {
		ca := c.Loci[l]
		if len(ca) == 0 {
			continue
		}
		shared++
		common := 0
		for _, a := range ca {
			for _, b := range pa {
				if a == b {
					common++
				}
			}
		}
		var pass, near bool
		switch q.Stringency {
		case High:
			pass, near = common == len(ca) && common == len(pa), common > 0
		case Moderate:
			pass, near = common == len(ca) || common == len(pa), common > 0
		default:
			pass, near = common > 0, true
		}
		if pass {
			continue
		}
		fails++
		mismatch = l
		if !q.Mismatch || !near || fails > 1 {
			return shared, "", false
		}
	}
	return shared, mismatch, shared >= q.MinLoci
}
