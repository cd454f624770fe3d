package nsor

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"
)

func TestCheckComparison(t *testing.T) {
	rec := &OffenderRecord{Biometrics: []Biometric{{Kind: "fingerprint", Reference: "FP-1"}, {Kind: "dna", Reference: "DNA-1"}}}
	loci := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, "L"+strconv.Itoa(i))
		}
		return out
	}
	for _, c := range []struct {
		name string
		in   ComparisonInput
		want []string
	}{
		{"fingerprint", ComparisonInput{Kind: "fingerprint", RecordRef: "FP-1", Fingers: []int{1, 2}, Conclusion: ConclusionIdentification}, nil},
		{"dna", ComparisonInput{Kind: "dna", RecordRef: "DNA-1", Loci: loci(8), Conclusion: ConclusionIdentification}, nil},
		{"dna exclusion on few loci", ComparisonInput{Kind: "dna", RecordRef: "DNA-1", Loci: loci(3), Conclusion: ConclusionExclusion}, nil},
		{"dna identification on seven loci", ComparisonInput{Kind: "dna", RecordRef: "DNA-1", Loci: loci(7), Conclusion: ConclusionIdentification}, []string{"comparison.detail"}},
		{"unknown kind and conclusion", ComparisonInput{Kind: "iris", RecordRef: "FP-1", Conclusion: "probable"}, []string{"comparison.conclusion", "comparison.kind", "comparison.record_ref"}},
		{"reference of the other kind", ComparisonInput{Kind: "fingerprint", RecordRef: "DNA-1", Fingers: []int{1}, Conclusion: ConclusionIdentification}, []string{"comparison.record_ref"}},
		{"finger 11", ComparisonInput{Kind: "fingerprint", RecordRef: "FP-1", Fingers: []int{11}, Conclusion: ConclusionIdentification}, []string{"comparison.detail"}},
		{"finger twice", ComparisonInput{Kind: "fingerprint", RecordRef: "FP-1", Fingers: []int{2, 2}, Conclusion: ConclusionIdentification}, []string{"comparison.detail"}},
		{"no fingers", ComparisonInput{Kind: "fingerprint", RecordRef: "FP-1", Conclusion: ConclusionIdentification}, []string{"comparison.detail"}},
		{"loci on a fingerprint", ComparisonInput{Kind: "fingerprint", RecordRef: "FP-1", Fingers: []int{1}, Loci: []string{"vWA"}, Conclusion: ConclusionIdentification}, []string{"comparison.detail"}},
		{"locus twice", ComparisonInput{Kind: "dna", RecordRef: "DNA-1", Loci: append(loci(8), "L0"), Conclusion: ConclusionIdentification}, []string{"comparison.detail"}},
	} {
		err := CheckComparison(&c.in, rec)
		var got []string
		if e, ok := err.(*Error); ok {
			for _, f := range e.Fields {
				got = append(got, f.Code)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("CheckComparison(%s) = %v, want %v", c.name, err, c.want)
		}
	}
}

// TestComparisonBasis: the comparison must be this request's suspect's, with
// this record, and not examined by the analyst who answers with it (the
// attack: an analyst records their own comparison and answers on it).
func TestComparisonBasis(t *testing.T) {
	c := &Comparison{ID: 5, RequestID: 1, SuspectID: 2, RecordID: 3, Kind: "fingerprint", Conclusion: ConclusionIdentification, ExaminerID: 40}
	for _, tt := range []struct {
		name                   string
		c                      *Comparison
		req, sus, rec, answers int64
		want                   string
	}{
		{"another analyst answers", c, 1, 2, 3, 41, ""},
		{"no comparison", nil, 1, 2, 3, 41, "answer.identification_insufficient"},
		{"another request's comparison", c, 9, 2, 3, 41, "answer.identification_insufficient"},
		{"another suspect's comparison", c, 1, 9, 3, 41, "answer.identification_insufficient"},
		{"another record", c, 1, 2, 9, 41, "answer.identification_insufficient"},
		{"the examiner answers", c, 1, 2, 3, 40, "request.separation_of_duties"},
	} {
		err := ComparisonBasis(tt.c, tt.req, tt.sus, tt.rec, tt.answers)
		if ErrorCode(err) != tt.want && !(err == nil && tt.want == "") {
			t.Errorf("ComparisonBasis(%s) = %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestProbeDerivedNeverFromCaller: what the index derived from a stored
// sample reaches it only from the store; a caller's JSON cannot put
// minutiae of its own beside the image it sends.
func TestProbeDerivedNeverFromCaller(t *testing.T) {
	var p FingerprintProbe
	body := `{"fingers":[{"position":2,"format":"png","data":"iVBO","derived":"TlNGRAE=","Derived":"TlNGRAE="}]}`
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Fingers) != 1 || p.Fingers[0].Derived != nil || p.Fingers[0].Position != 2 {
		t.Errorf("decoded %+v; want the finger without anything derived", p.Fingers)
	}
}
