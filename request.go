package nsor

import "time"

// Request is an access request: an investigating officer's application
// (Annexure A) for the prior record of suspects named in one FIR. The state
// belongs to the request; the bureau's outcome to each suspect.
type Request struct {
	ID         int64  `json:"id"`
	Ref        string `json:"ref"`
	FIRID      int64  `json:"fir_id"`
	DistrictID int64  `json:"district_id"`
	// DistrictPath is the district's jurisdiction path, kept on the request
	// so that jurisdiction filters are a prefix match.
	DistrictPath string `json:"-"`
	// IOUserID is the officer who holds the case now; FiledBy the one who
	// filed it. A transfer changes the first, never the second.
	IOUserID    int64     `json:"io_user_id"`
	FiledBy     int64     `json:"filed_by"`
	State       State     `json:"state"`
	Version     int       `json:"version"`
	Grounds     string    `json:"grounds"`
	Declaration bool      `json:"declaration"`
	Suspects    []Suspect `json:"suspects"`

	Submissions  int       `json:"submissions"`
	SubmittedAt  time.Time `json:"submitted_at,omitzero"`
	StageSeq     int       `json:"-"` // grows at every transition; deadline jobs carry it
	StageStarted time.Time `json:"stage_started_at"`

	ForwardedBy int64 `json:"forwarded_by,omitempty"`
	AnalystID   int64 `json:"analyst_id,omitempty"`
	AnsweredBy  int64 `json:"answered_by,omitempty"`
	ConfirmedBy int64 `json:"confirmed_by,omitempty"`
	ReleasedBy  int64 `json:"released_by,omitempty"`
	// AcknowledgedBy is the officer who last acknowledged the release.
	AcknowledgedBy int64 `json:"acknowledged_by,omitempty"`

	// LastReason is the reason given with the last return, rejection,
	// withdrawal or reopening; Clarification the officer's answer to a return.
	LastReason string `json:"last_reason,omitempty"`
	// ReturnedItems are the checklist items the last return named as
	// failed (codes of ChecklistItems).
	ReturnedItems []string  `json:"returned_items,omitempty"`
	Clarification string    `json:"clarification,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Outcome is the bureau's answer for one suspect.
type Outcome string

// The outcomes. OutcomePending means not yet answered.
const (
	OutcomePending       Outcome = ""
	OutcomeRecordFound   Outcome = "record_found"
	OutcomeNoRecord      Outcome = "no_record"
	OutcomePossibleMatch Outcome = "possible_match"
)

// Basis is the strong identifier that a "record found" rests on
// (docs/rules.md#r7).
type Basis string

// The bases R7 accepts (docs/rules.md#r7).
const (
	BasisCNIC          Basis = "cnic"               // the exact CNIC with a compatible name
	BasisNameParentDOB Basis = "name_parentage_dob" // name, parentage and a full, real date of birth
	BasisBiometric     Basis = "biometric"          // a confirmed biometric comparison
)

// Suspect is one accused of the FIR named in a request, with the bureau's
// outcome for them.
type Suspect struct {
	ID        int64   `json:"id"`
	AccusedID int64   `json:"accused_id"`
	Outcome   Outcome `json:"outcome,omitempty"`
	// RecordID is the register record found, for OutcomeRecordFound.
	RecordID     int64  `json:"record_id,omitempty"`
	Basis        Basis  `json:"basis,omitempty"`
	BiometricRef string `json:"biometric_ref,omitempty"`
	// ComparisonID is the examiner's comparison a biometric basis rests on
	// (docs/rules.md#r33).
	ComparisonID int64    `json:"comparison_id,omitempty"`
	Needed       []string `json:"needed_identifiers,omitempty"`
	Note         string   `json:"note,omitempty"`
}

// Clone returns a copy of r that shares nothing mutable with it.
func (r *Request) Clone() *Request {
	c := *r
	c.ReturnedItems = append([]string(nil), r.ReturnedItems...)
	c.Suspects = make([]Suspect, len(r.Suspects))
	for i, sp := range r.Suspects {
		sp.Needed = append([]string(nil), sp.Needed...)
		c.Suspects[i] = sp
	}
	return &c
}

// AnyRecordFound reports whether any suspect's outcome is a found record: such
// an answer needs a second officer's confirmation before it leaves the bureau.
func (r *Request) AnyRecordFound() bool {
	for _, s := range r.Suspects {
		if s.Outcome == OutcomeRecordFound {
			return true
		}
	}
	return false
}

// Checklist is the prosecutor's recorded verification of a submission
// (docs/rules.md#r15). Forwarding needs every item.
type Checklist struct {
	FIRCopyMatches       bool   `json:"fir_copy_matches"`
	EligibleSection      bool   `json:"eligible_section"`
	SuspectsNamedInFIR   bool   `json:"suspects_named_in_fir"`
	GroundsSubstantiated bool   `json:"grounds_substantiated"`
	Note                 string `json:"note,omitempty" text:"reason"`
}

// Complete reports whether every item is ticked.
func (c Checklist) Complete() bool {
	return c.FIRCopyMatches && c.EligibleSection && c.SuspectsNamedInFIR && c.GroundsSubstantiated
}

// Failed names the items not ticked.
func (c Checklist) Failed() []string {
	var out []string
	for _, it := range []struct {
		ok   bool
		name string
	}{{c.FIRCopyMatches, "fir_copy_matches"}, {c.EligibleSection, "eligible_section"},
		{c.SuspectsNamedInFIR, "suspects_named_in_fir"}, {c.GroundsSubstantiated, "grounds_substantiated"}} {
		if !it.ok {
			out = append(out, it.name)
		}
	}
	return out
}

// Submission is the immutable Annexure A as it stood at one submission.
type Submission struct {
	RequestID int64      `json:"request_id"`
	N         int        `json:"n"`
	At        time.Time  `json:"submitted_at"`
	Annexure  []byte     `json:"annexure"` // canonical JSON of AnnexureA
	SHA256    string     `json:"sha256"`
	Checklist *Checklist `json:"checklist,omitempty"`
	CheckedBy int64      `json:"checked_by,omitempty"`
}

// AnnexureA is the application form of the SOPs, complete: the officer, the
// FIR particulars, each suspect, the grounds and the declaration.
type AnnexureA struct {
	Ref     string `json:"ref"`
	Officer struct {
		Name       string `json:"name"`
		Rank       string `json:"rank"`
		BeltNumber string `json:"belt_number"`
		Posting    string `json:"posting"`
	} `json:"officer"`
	FIR struct {
		District     string   `json:"district"`
		Station      string   `json:"police_station"`
		Number       string   `json:"number"`
		Year         int      `json:"year"`
		RegisteredOn Date     `json:"registered_on"`
		Sections     []string `json:"sections"`
		CopySHA256   string   `json:"copy_sha256"`
	} `json:"fir"`
	Suspects      []Accused `json:"suspects"`
	Grounds       string    `json:"grounds"`
	Declaration   string    `json:"declaration"`
	Clarification string    `json:"clarification,omitempty"`
}

// DeclarationText is the officer's declaration on Annexure A.
const DeclarationText = "I declare that this request concerns only the suspects named in the FIR above, " +
	"and that any information provided will be used for the investigation of this case alone."

// Event is one entry of a request's history: who did what, when and why.
type Event struct {
	RequestID int64  `json:"-"`
	Seq       int    `json:"seq"`
	Action    Action `json:"action"`
	From      State  `json:"from,omitempty"` // none for the creation
	To        State  `json:"to"`
	ActorID   int64  `json:"actor_id"`
	// ActorRole and ActorName are the actor's role and display name at the
	// time of the act, kept with the event: a later change rewrites nothing.
	ActorRole Role   `json:"actor_role,omitempty"` // none for the system itself
	ActorName string `json:"actor_name"`
	Reason    string `json:"reason,omitempty"`
	// FailedItems are the checklist items a return named as failed.
	FailedItems []string  `json:"failed_items,omitempty"`
	At          time.Time `json:"at"`
}

// Release is what the prosecutor released to the officer: an immutable
// snapshot of the records as they stood, its hash and its disclosure number.
type Release struct {
	ID         int64     `json:"id"`
	RequestID  int64     `json:"request_id"`
	Number     string    `json:"disclosure_number"`
	Snapshot   []byte    `json:"-"` // canonical JSON of ReleaseSnapshot
	SHA256     string    `json:"sha256"`
	ReleasedBy int64     `json:"released_by"`
	ReleasedAt time.Time `json:"released_at"`
	RecordIDs  []int64   `json:"-"`
}

// Advisory is attached to every release (SOPs of 22 August 2024).
const Advisory = "This information is provided for use in the investigation of the case named above only. " +
	"Unauthorised use or disclosure of it will lead to disciplinary action under the relevant departmental rules."

// ReleaseSnapshot is the content of a release.
type ReleaseSnapshot struct {
	DisclosureNumber string            `json:"disclosure_number"`
	RequestRef       string            `json:"request_ref"`
	FIR              string            `json:"fir"`
	ReleasedAt       time.Time         `json:"released_at"`
	Advisory         string            `json:"advisory"`
	Suspects         []ReleasedSuspect `json:"suspects"`
}

// ReleasedSuspect is one suspect's outcome as released, with the record as it
// stood when found.
type ReleasedSuspect struct {
	Accused Accused         `json:"accused"`
	Outcome Outcome         `json:"outcome"`
	Basis   Basis           `json:"basis,omitempty"`
	Needed  []string        `json:"needed_identifiers,omitempty"`
	Note    string          `json:"note,omitempty"`
	Record  *ReleasedRecord `json:"record,omitempty"`
	// Comparison is the examiner's comparison a record found on a
	// biometric basis rests on (docs/rules.md#r33): what was compared and
	// concluded, by whom and when. The samples' data is never released.
	Comparison *ReleasedComparison `json:"comparison,omitempty"`
}

// ReleasedComparison is an examiner's comparison as released: for DNA with
// the confirmation sample typed after the hit.
type ReleasedComparison struct {
	Kind               string     `json:"kind"`
	RecordRef          string     `json:"record_ref"`
	Fingers            []int      `json:"fingers,omitempty"`
	Loci               []string   `json:"loci,omitempty"`
	Conclusion         Conclusion `json:"conclusion"`
	Examiner           string     `json:"examiner"`
	At                 time.Time  `json:"at"`
	ConfirmationSample string     `json:"confirmation_sample,omitempty"`
	ConfirmedAt        time.Time  `json:"confirmed_at,omitzero"`
}

// ReleasedRecord is a register record frozen at release.
type ReleasedRecord struct {
	ID               int64          `json:"id"`
	Version          int            `json:"version"`
	Record           OffenderRecord `json:"record"`
	Serial           bool           `json:"serial_offender"`
	LastKnownAddress *Address       `json:"last_known_address,omitempty"`
}

// Acknowledgement records that an officer accepted the advisory of a release.
type Acknowledgement struct {
	ReleaseID int64     `json:"release_id"`
	UserID    int64     `json:"user_id"`
	At        time.Time `json:"at"`
	// AdvisorySHA256 is the SHA-256 of the advisory text the officer
	// accepted (AdvisoryHash); empty for those made before it was kept.
	AdvisorySHA256 string `json:"advisory_sha256,omitempty"`
}

// RequestInput is what an officer gives to open or edit a request: the FIR,
// the suspects picked from its accused (docs/rules.md#r2: there is no free-text
// suspect), the grounds and the declaration.
type RequestInput struct {
	FIRID       int64   `json:"fir_id"`
	Suspects    []int64 `json:"suspects"`
	Grounds     string  `json:"grounds" text:"free"`
	Declaration bool    `json:"declaration"`
}
