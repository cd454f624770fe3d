package auditverify

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Report is what a verification found. It holds no record's content: only
// counts, indexes, IDs and hashes, so that it may be handed to anyone.
type Report struct {
	Database    string           `json:"database"`
	Keys        int              `json:"public_keys"`
	Records     int64            `json:"records"`
	TreeSize    int64            `json:"tree_size"`
	Checkpoints int              `json:"checkpoints"`
	NewestSize  int64            `json:"newest_checkpoint_size"`
	NewestAt    string           `json:"newest_checkpoint_at,omitempty"`
	Uncovered   int64            `json:"leaves_not_yet_checkpointed"`
	Pending     int64            `json:"records_not_yet_leaves"`
	Restores    []RestoreReport  `json:"-"`
	External    []ExternalReport `json:"-"`
	Export      *ExportReport    `json:"export,omitempty"`
	// Partial lists what cannot be proven though nothing was found
	// wrong: records a restore lost, a restored prefix no kept hashes
	// prove, an export directory missing. Any makes the verdict "holds
	// only in part".
	Partial []string `json:"-"`
	// Proven lists what was proven beyond the database: restored
	// prefixes checked against superseded checkpoints.
	Proven        []string  `json:"-"`
	Problems      []Problem `json:"problems"`
	TotalProblems int       `json:"total_problems"`
}

// RestoreReport is a restore from a backup that a signed note records.
type RestoreReport struct {
	Restored       int64  `json:"restored_size"`
	SupersededSize int64  `json:"superseded_size"`
	At             string `json:"at"`
	// LostFrom and LostTo bound the leaves [from, to) the restore lost:
	// they were covered by the superseded checkpoint and are not in the
	// database.
	LostFrom int64 `json:"lost_from"`
	LostTo   int64 `json:"lost_to"`
}

// ExternalReport is the result for a checkpoint saved outside the database.
type ExternalReport struct {
	File string `json:"file"`
	Size int64  `json:"tree_size"`
	// Status is "consistent" (the database's tree at that size has that
	// root), "superseded" (a signed restore note explains why it has
	// not), or "failed".
	Status string `json:"status"`
	// Restore is the index in Report.Restores of the note that
	// superseded it, when Status is "superseded".
	Restore int `json:"restore,omitempty"`
}

// Problem is one thing that does not hold, naming where.
type Problem struct {
	Code       string `json:"code"`
	Message    string `json:"message"`
	Record     *int64 `json:"record_id,omitempty"`
	Leaf       *int64 `json:"leaf_index,omitempty"`
	HashIndex  *int64 `json:"hash_index,omitempty"`
	Checkpoint *int64 `json:"checkpoint_size,omitempty"`
	File       string `json:"file,omitempty"`
}

// maxProblems bounds the problems listed: the first ones name where the
// tampering starts; the rest are usually its consequences.
const maxProblems = 50

// OK says whether everything held: no problem, and nothing that could
// only be proven in part.
func (r *Report) OK() bool { return r.TotalProblems == 0 && len(r.Partial) == 0 }

// The verdicts of a verification.
const (
	VerdictHolds  = "holds"         // everything holds
	VerdictPart   = "holds_in_part" // nothing wrong was found, but not everything could be proven
	VerdictFailed = "failed"        // tampering or an inconsistency was found
)

// Verdict is the report's verdict.
func (r *Report) Verdict() string {
	switch {
	case r.TotalProblems > 0:
		return VerdictFailed
	case len(r.Partial) > 0:
		return VerdictPart
	}
	return VerdictHolds
}

func (r *Report) add(p Problem) {
	r.TotalProblems++
	if len(r.Problems) < maxProblems {
		r.Problems = append(r.Problems, p)
	}
}

func ptr(n int64) *int64 { return &n }

func ms(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000 UTC") }

// WriteJSON writes the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		OK      bool   `json:"ok"`
		Verdict string `json:"verdict"`
		*Report
		Problems []Problem        `json:"problems"`
		Restores []RestoreReport  `json:"restores"`
		External []ExternalReport `json:"external_checkpoints"`
		Partial  []string         `json:"unproven"`
		Proven   []string         `json:"proven"`
	}{r.OK(), r.Verdict(), r, nonNil(r.Problems), nonNil(r.Restores), nonNil(r.External), nonNil(r.Partial), nonNil(r.Proven)})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// WriteText writes the report for a person: what was checked, what was
// found, and the verdict last.
func (r *Report) WriteText(w io.Writer) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("database:     %s", r.Database)
	p("public keys:  %d", r.Keys)
	p("records:      %d", r.Records)
	p("leaves:       %d (%d not yet covered by a checkpoint; %d records not yet leaves)", r.TreeSize, r.Uncovered, r.Pending)
	if r.Checkpoints > 0 {
		p("checkpoints:  %d stored, the newest of size %d signed at %s", r.Checkpoints, r.NewestSize, r.NewestAt)
	} else {
		p("checkpoints:  none stored")
	}
	for _, x := range r.Restores {
		if x.LostTo > x.LostFrom {
			p("restore:      at %s, the log was rolled back to %d leaves, superseding a checkpoint of %d: leaves [%d, %d) were lost",
				x.At, x.Restored, x.SupersededSize, x.LostFrom, x.LostTo)
		} else {
			p("restore:      at %s, the log was restored at %d leaves, losing none that a checkpoint covered", x.At, x.Restored)
		}
	}
	for _, x := range r.External {
		p("checkpoint:   %s (size %d): %s", x.File, x.Size, x.Status)
	}
	if e := r.Export; e != nil {
		torn := ""
		if e.Torn {
			torn = "; its history ends in a torn entry (a crash while appending), ignored"
		}
		p("export:       %s: %d checkpoints (%d consistent, %d superseded, %d failed), %d leaves files%s",
			e.Dir, e.Checkpoints, e.Consistent, e.Superseded, e.Failed, e.LeafFiles, torn)
	}
	for _, x := range r.Proven {
		p("proven:       %s", x)
	}
	for _, x := range r.Partial {
		p("UNPROVEN:     %s", x)
	}
	for _, x := range r.Problems {
		p("PROBLEM:      %s", x.Message)
	}
	if r.TotalProblems > len(r.Problems) {
		p("PROBLEM:      ... and %d more", r.TotalProblems-len(r.Problems))
	}
	switch r.Verdict() {
	case VerdictHolds:
		p("verdict:      OK: every record is a leaf, every leaf a record, and every checkpoint signs the recomputed tree")
	case VerdictPart:
		p("verdict:      HOLDS ONLY IN PART: nothing wrong was found, but what is marked UNPROVEN cannot be proven")
	default:
		plural := "s"
		if r.TotalProblems == 1 {
			plural = ""
		}
		p("verdict:      FAILED: %d problem%s; the first names where the log stops holding", r.TotalProblems, plural)
	}
	return nil
}
