package nsor

import (
	"slices"
	"time"
)

// SearchHit is a register record that a search through a request showed for
// one of its suspects. Through the request, the bureau reads only these and
// the records its answer cites (docs/rules.md#r8; docs/adr/0013-request-reach.md).
type SearchHit struct {
	SuspectID int64 `json:"suspect_id"`
	RecordID  int64 `json:"record_id"`
}

// AddedIdentifier is an identifier the analyst added to a search for a
// named suspect (another spelling of the name, a CNIC read off the FIR
// copy), with the reason. It completes the suspect the prosecutor verified
// and never replaces them; the confirming officer sees it in the request.
type AddedIdentifier struct {
	RequestID int64     `json:"-"`
	N         int       `json:"n"`
	SuspectID int64     `json:"suspect_id"`
	Name      string    `json:"name,omitempty"`
	CNIC      CNIC      `json:"cnic,omitempty"`
	Reason    string    `json:"reason"`
	By        int64     `json:"added_by"`
	At        time.Time `json:"added_at"`
}

// Reachable reports whether a request may show record: a search through it
// showed the record, or its answer cites it.
func Reachable(r *Request, hits []SearchHit, record int64) bool {
	return record != 0 && (slices.ContainsFunc(hits, func(h SearchHit) bool { return h.RecordID == record }) ||
		slices.ContainsFunc(r.Suspects, func(sp Suspect) bool { return sp.RecordID == record }))
}

// SearchedFor reports whether a search through the request showed record
// for the suspect.
func SearchedFor(hits []SearchHit, suspect, record int64) bool {
	return slices.Contains(hits, SearchHit{SuspectID: suspect, RecordID: record})
}
