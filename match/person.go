package match

// Person is one identity as the matching engine sees it: a register record,
// or the particulars of a query (a suspect named in an FIR, a row of an
// import). Any field but ID and Name may be empty.
type Person struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases,omitempty"`
	Parentage []Parent `json:"parentage,omitempty"`
	CNIC      string   `json:"cnic,omitempty"`     // 13 digits, dashes allowed
	DOB       string   `json:"dob,omitempty"`      // YYYY-MM-DD or YYYY
	Gender    string   `json:"gender,omitempty"`   // "male", "female", "other" or empty
	District  string   `json:"district,omitempty"` // a district's name or code
}

// Parent is a parentage entry: the relation as written (s/o, d/o, w/o, ...)
// and the parent's or husband's name.
type Parent struct {
	Relation string `json:"relation,omitempty"`
	Name     string `json:"name"`
}

// Band is how strongly a candidate matches, under docs/rules.md#r7: "likely"
// needs a strong identifier; a name alone reaches "possible" at most.
type Band string

// The bands, strongest first.
const (
	Likely   Band = "likely"
	Possible Band = "possible"
	NoMatch  Band = "no_match"
)

// Reason is one field's contribution to a candidate's score. The weights of
// a candidate's reasons add up to its score.
type Reason struct {
	Field   string  `json:"field"`   // name, parentage, cnic, dob, gender, district, aliases
	Level   string  `json:"level"`   // the comparison level reached, e.g. exact, variant, one_digit_off
	Weight  float64 `json:"weight"`  // log2 likelihood ratio, negative against
	Explain string  `json:"explain"` // one sentence for the analyst
}

// Candidate is a register identity found for a query, with why.
type Candidate struct {
	ID      string   `json:"id"`
	Score   float64  `json:"score"`
	Band    Band     `json:"band"`
	Reasons []Reason `json:"reasons"`
}

// Searcher finds the k best candidates for a query, best first.
type Searcher interface {
	Search(q Person, k int) []Candidate
}
