package nsor

import (
	"math"
	"time"
)

// TraceQuery is what an auditor traces: a disclosure number, or text copied
// from a leaked page. Exactly one is given.
type TraceQuery struct {
	Number string `json:"number,omitempty" text:"id"`
	Text   string `json:"text,omitempty" text:"-"` // matched, never stored: its own limit, MaxTraceText
}

// MaxTraceText is the most text a trace reads (256 KiB): a release letter is
// a few kilobytes, and the cost of tracing grows with the text.
const MaxTraceText = 256 << 10

// FalseMatchLimit is the highest chance the tracer accepts that anyone but
// the named recipient would fit the textual marks as well: one in a million,
// over every candidate at once (docs/disclosure-marks.md).
const FalseMatchLimit = 1e-6

// The verdicts of a trace.
const (
	TraceDisclosure  = "disclosure"           // a number: the disclosure and everyone it was rendered to
	TraceIdentified  = "identified"           // text: one recipient, beyond reasonable doubt
	TraceNotEnough   = "not_enough_evidence"  // text: nobody is named
	TraceConflicting = "conflicting_evidence" // text: the marks point at more than one; nobody is named
)

// Trace is the answer to a trace.
type Trace struct {
	Verdict    string            `json:"verdict"`
	Message    string            `json:"message"`
	Disclosure *TracedDisclosure `json:"disclosure,omitempty"`
	Recipients []TracedRecipient `json:"recipients"`
	Evidence   *TraceEvidence    `json:"evidence,omitempty"`
}

// TracedDisclosure is a disclosure as a trace names it; no released content.
type TracedDisclosure struct {
	Number     string    `json:"number"`
	ReleaseID  int64     `json:"release_id"`
	RequestID  int64     `json:"request_id"`
	ReleasedAt time.Time `json:"released_at"`
	ReleasedBy int64     `json:"released_by"`
}

// TracedRecipient is someone a disclosure was rendered to, and when.
type TracedRecipient struct {
	UserID         int64       `json:"user_id"`
	Username       string      `json:"username"`
	Name           string      `json:"name"`
	Rank           string      `json:"rank,omitempty"`
	Role           Role        `json:"role"`
	AcknowledgedAt time.Time   `json:"acknowledged_at,omitzero"`
	RenderedAt     []time.Time `json:"rendered_at"`
}

// TraceEvidence says what a text trace rests on.
type TraceEvidence struct {
	VisibleNumbers []string `json:"visible_numbers"`
	HiddenFrames   int      `json:"hidden_frames"`
	HiddenVerified bool     `json:"hidden_verified"`
	// Variants is the number of textual variants read from the text, and
	// Mismatches how many of them disagree with the named recipient's marks
	// (the Hamming distance); Robust* the same without punctuation.
	Variants         int `json:"variants"`
	Mismatches       int `json:"mismatches"`
	RobustVariants   int `json:"robust_variants"`
	RobustMismatches int `json:"robust_mismatches"`
	Candidates       int `json:"candidates"`
	// FalseMatchBound bounds the chance that any other candidate would fit
	// the textual marks as well as the one named (1 when nobody fits).
	FalseMatchBound float64 `json:"false_match_bound"`
}

// binomialTail is P(X <= d) for X ~ Binomial(n, 1/2): the chance that a key
// unrelated to the copy agrees with at least n-d of n keyed bits.
func binomialTail(n, d int) float64 {
	if d >= n {
		return 1
	}
	sum := 0.0
	for i := 0; i <= d; i++ {
		lc, _ := math.Lgamma(float64(n + 1))
		a, _ := math.Lgamma(float64(i + 1))
		b, _ := math.Lgamma(float64(n - i + 1))
		sum += math.Exp(lc - a - b - float64(n)*math.Ln2)
	}
	return math.Min(1, sum)
}

// FalseMatchBound is the Bonferroni bound for a candidate's fit among m
// candidates, over the better of two tests (all variants, and the robust
// ones alone), each at half the level.
func FalseMatchBound(mm MarkMatch, m int) float64 {
	p := math.Min(binomialTail(mm.Observed, mm.Mismatches), binomialTail(mm.RobustObserved, mm.RobustMismatches))
	return math.Min(1, 2*float64(m)*p)
}
