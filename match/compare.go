package match

// Compare scores a register identity against a query as the index does,
// outside any index: term frequencies are the prior (common parts 10%,
// others 0.1%). It refuses what Put and Find refuse.
func Compare(q, r Person) (Candidate, error) {
	qs, _, err := prepare(q)
	if err != nil {
		return Candidate{}, err
	}
	rs, _, err := prepare(r)
	if err != nil {
		return Candidate{}, err
	}
	score, reasons, b := compare(&qs, &rs, priorFreq)
	return Candidate{ID: r.ID, Score: score, Band: b, Reasons: reasons}, nil
}

// ScoreNames scores two names alone (with the aliases and parentage
// written in them): the sum of the name, aliases and parentage weights.
func ScoreNames(a, b string) (Candidate, error) {
	return Compare(Person{Name: a}, Person{Name: b})
}

// NameSimilarity is how alike two names are, from 0 to 1: their score
// (ScoreNames) over the mean of the scores each would have against itself.
// The score weighs evidence, and two identical one-part names are little
// evidence of one person in a register of millions; the similarity asks
// only whether the names are one name written two ways (nsor match pairs).
func NameSimilarity(a, b string) (float64, Candidate, error) {
	c, err := ScoreNames(a, b)
	if err != nil {
		return 0, c, err
	}
	sa, err := ScoreNames(a, a)
	if err != nil {
		return 0, c, err
	}
	sb, err := ScoreNames(b, b)
	if err != nil {
		return 0, c, err
	}
	self := (sa.Score + sb.Score) / 2
	if self <= 0 {
		return 0, c, nil
	}
	return min(max(c.Score/self, 0), 1), c, nil
}
