package nsor

import "time"

// DisclosureBlock is what every rendering of released records carries in
// view (docs/rules.md#r17, docs/disclosure-marks.md): the disclosure number, the recipient it was
// rendered for, when the records were released and when this copy was made,
// and the advisory.
type DisclosureBlock struct {
	Number        string    `json:"number"`
	RecipientID   int64     `json:"recipient_id"`
	RecipientName string    `json:"recipient_name"`
	RecipientRank string    `json:"recipient_rank"`
	ReleasedAt    time.Time `json:"released_at"`
	RenderedAt    time.Time `json:"rendered_at"`
	Advisory      string    `json:"advisory"`
}

// MarkKey is the secret from which one recipient's marks of one disclosure
// are chosen. It is HMAC-SHA256 under the identifier key held outside the
// database (docs/adr/0012-disclosure-marks.md), so that knowing the
// algorithm does not let anyone compute another officer's marks.
type MarkKey [32]byte

// Rendering is what a Marker renders: one release for one recipient.
type Rendering struct {
	Block     DisclosureBlock
	ReleaseID int64
	Snapshot  *ReleaseSnapshot
	Key       MarkKey
}

// Marker renders released records for a recipient with per-recipient marks
// woven in, and finds those marks again in copied text. Package disclosure
// implements it; cmd/nsor wires it.
type Marker interface {
	// Text renders the release as marked plain text.
	Text(r *Rendering) string
	// HTML renders the release as a printable, marked HTML page.
	HTML(r *Rendering) []byte
	// Read collects the marks found in copied text, without any key.
	Read(text string) *MarkEvidence
	// Match compares evidence with one candidate's marks.
	Match(ev *MarkEvidence, c MarkCandidate) MarkMatch
}

// MarkEvidence is what copied text shows of the marks.
type MarkEvidence struct {
	// Numbers are the disclosure numbers visible in the text.
	Numbers []string
	// Hidden are the zero-width payloads decoded from the text; their keyed
	// checksums are not yet verified.
	Hidden []HiddenMark
	// Observations are the textual variants seen, each one keyed bit.
	Observations []MarkObservation
}

// HiddenMark is one decoded zero-width payload: who it claims the copy was
// rendered for, and its keyed checksum.
type HiddenMark struct {
	ReleaseID  int64
	UserID     int64
	RenderedAt time.Time
	Payload    []byte // the bytes the checksum covers
	MAC        []byte
}

// MarkObservation is one textual variant seen in a copy: at which site (and
// anchored to which nearby text) which alternative was used.
type MarkObservation struct {
	Site string
	Bit  bool
	// Fragile observations (punctuation) are lost first when text is
	// retyped or normalised; the tracer also judges without them.
	Fragile bool
}

// MarkCandidate is one recipient of one disclosure, with their key.
type MarkCandidate struct {
	ReleaseID int64
	UserID    int64
	Key       MarkKey
}

// MarkMatch is how well evidence fits a candidate: the textual variants
// observed and how many disagree (a Hamming distance), overall and without
// the fragile ones, and whether a hidden payload names the candidate with a
// valid keyed checksum.
type MarkMatch struct {
	Observed, Mismatches             int
	RobustObserved, RobustMismatches int
	HiddenVerified                   bool
}
