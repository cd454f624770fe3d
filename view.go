package nsor

import (
	"encoding/json"
)

// RequestView is a request as one actor may see it: what their role may see
// of it, its running deadline, and the acts open to them now.
type RequestView struct {
	Request
	FIR             *FIRSummary      `json:"fir"`
	SuspectViews    []SuspectView    `json:"suspect_details,omitempty"`
	Deadline        *Deadline        `json:"deadline,omitempty"`
	Actions         []Action         `json:"actions"`
	PriorRejections []PriorRejection `json:"prior_rejections,omitempty"`
	Release         *ReleaseSummary  `json:"release,omitempty"`
	// AddedIdentifiers are what the analyst added to the searches, with
	// why: shown to the bureau's analysts, the confirming one among them.
	AddedIdentifiers []*AddedIdentifier `json:"added_identifiers,omitempty"`
	// Samples are the biometric samples the officer attached to the
	// request (what they are, never their data).
	Samples []*RequestSample `json:"samples,omitempty"`
}

// FIRSummary is what a request shows of its FIR, without the victim.
type FIRSummary struct {
	ID           int64    `json:"id"`
	Number       string   `json:"number"`
	Year         int      `json:"year"`
	Station      string   `json:"police_station"`
	District     string   `json:"district"`
	RegisteredOn Date     `json:"registered_on"`
	Sections     []string `json:"sections"`
	CopyAttached bool     `json:"copy_attached"`
}

// SuspectView is a suspect with the accused's particulars from the FIR.
type SuspectView struct {
	SuspectID int64   `json:"suspect_id"`
	Accused   Accused `json:"accused"`
}

// PriorRejection is an earlier rejected request for the same FIR and
// suspect, shown to the prosecutor (docs/rules.md#r4).
type PriorRejection struct {
	RequestID int64  `json:"request_id"`
	Ref       string `json:"ref"`
	Reason    string `json:"reason"`
}

// ReleaseSummary says that a release exists, and whether the viewer has
// acknowledged it; never the records. It carries the advisory's text and
// hash, which the officer reads before accepting it (Acknowledge).
type ReleaseSummary struct {
	Number         string `json:"disclosure_number"`
	SHA256         string `json:"sha256"`
	Acknowledged   bool   `json:"acknowledged_by_you"`
	Advisory       string `json:"advisory"`
	AdvisorySHA256 string `json:"advisory_sha256"`
}

// RequestQuery filters a request listing.
type RequestQuery struct {
	States  []State
	Overdue bool
	Page    Page // After is a request ID: the listing is newest first
}

// ReleaseView is a release as its reader sees it: the snapshot, its hash, its
// disclosure number, the recipient it was rendered for (the disclosure block)
// and the letter with that recipient's marks.
type ReleaseView struct {
	Release
	Content    json.RawMessage `json:"content"` // the snapshot's bytes, exactly as hashed
	Recipient  string          `json:"recipient"`
	Advisory   string          `json:"advisory"`
	Disclosure DisclosureBlock `json:"disclosure"`
	MarkedText string          `json:"marked_text"`
}
