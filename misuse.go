package nsor

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Misuse cases (docs/rules.md#r29; docs/roles.md: the auditor opens a
// misuse case for disciplinary action). An auditor opens a case on a
// disclosure or on one access (an audit record of someone's act), with a
// reason; attaches audit records as evidence, each with why; may read the
// released content of the case's disclosure, and only through the case; and
// records the outcome: referred for disciplinary action under departmental
// rules, or closed with a reason. The DPO of the officer's district is then
// told the case number and the outcome, nothing more. Every step is an
// audited act; the case exists for auditors alone.
//
//	open --add evidence--> open --decide--> referred | closed

// CaseState is where a misuse case stands.
type CaseState string

// The states of a misuse case. Referred and closed are final.
const (
	CaseOpen     CaseState = "open"
	CaseReferred CaseState = "referred" // for disciplinary action under departmental rules
	CaseClosed   CaseState = "closed"   // with a reason: no misuse, or not provable
)

// CaseSubject is what a case is about.
type CaseSubject string

// The subjects of a case.
const (
	SubjectDisclosure CaseSubject = "disclosure" // a release, by its disclosure number
	SubjectAccess     CaseSubject = "access"     // one audited act of an officer
)

// ScopeAuditCases lets a machine token work misuse cases. Reading the audit
// trail (ScopeAuditRead) does not: a case shows released records.
const ScopeAuditCases = "audit:cases"

// MisuseCase is one misuse case. OfficerID is the officer whose conduct it
// examines: a disclosure's recipient (the officer holding the request) or
// the actor of the access; DistrictID is that officer's district, whose DPO
// is told the outcome (0 for an officer of no district, such as the bureau's,
// whose supervisors are told instead).
type MisuseCase struct {
	ID             int64       `json:"id"`
	Ref            string      `json:"ref"`
	Subject        CaseSubject `json:"subject"`
	Disclosure     string      `json:"disclosure_number,omitempty"`
	ReleaseID      int64       `json:"release_id,omitempty"`
	RequestID      int64       `json:"request_id,omitempty"`
	AccessRecordID int64       `json:"audit_record_id,omitempty"`
	OfficerID      int64       `json:"officer_id"`
	DistrictID     int64       `json:"district_id,omitempty"`
	Reason         string      `json:"reason"`
	State          CaseState   `json:"state"`
	OutcomeReason  string      `json:"outcome_reason,omitempty"`
	OpenedBy       int64       `json:"opened_by"`
	OpenedAt       time.Time   `json:"opened_at"`
	DecidedBy      int64       `json:"decided_by,omitempty"`
	DecidedAt      time.Time   `json:"decided_at,omitzero"`
	Version        int         `json:"version"`
	Evidence       []Evidence  `json:"evidence"`
}

// Evidence is an audit record attached to a case: who attached it, when and
// why.
type Evidence struct {
	CaseID        int64     `json:"-"`
	AuditRecordID int64     `json:"audit_record_id"`
	Reason        string    `json:"reason"`
	AddedBy       int64     `json:"added_by"`
	AddedAt       time.Time `json:"added_at"`
}

// CaseTx stores misuse cases and their evidence.
type CaseTx interface {
	// CreateMisuseCase stores c (without evidence) and sets c.ID.
	CreateMisuseCase(c *MisuseCase) error
	// UpdateMisuseCase stores c's state and outcome if its stored version is
	// prevVersion, else KindConflict "version.stale"; KindNotFound
	// "case.not_found" when there is no such case.
	UpdateMisuseCase(c *MisuseCase, prevVersion int) error
	// MisuseCase returns the case with its evidence, oldest first.
	MisuseCase(id int64) (*MisuseCase, error)
	// MisuseCases lists the cases f selects, newest first, without evidence.
	MisuseCases(f CaseFilter) ([]*MisuseCase, error)
	// AddEvidence attaches an audit record to a case; the same record twice
	// is KindConflict "case.evidence_duplicate".
	AddEvidence(e *Evidence) error
}

// CaseFilter selects misuse cases; zero fields select all.
type CaseFilter struct {
	State     CaseState
	OfficerID int64
	BeforeID  int64 // for paging: only IDs below this
	Limit     int
}

// CaseRef is the human reference of a misuse case: MC-<year>-<id>.
func CaseRef(id int64, opened time.Time) string {
	return fmt.Sprintf("MC-%d-%06d", opened.UTC().Year(), id)
}

// ParseDisclosureNumber reads a disclosure number (DN-<year>-<id>, as
// DisclosureNumber writes it) into the request it names, refusing anything
// else with code disclosure.malformed. Case and surrounding space are
// forgiven: people copy numbers from printed pages.
func ParseDisclosureNumber(field, s string) (string, int64, error) {
	n := strings.ToUpper(strings.TrimSpace(s))
	parts := strings.Split(n, "-")
	bad := Invalid(field, "disclosure.malformed", "A disclosure number is written DN-<year>-<number>, e.g. DN-2026-000012.")
	if len(parts) != 3 || parts[0] != "DN" || len(parts[1]) != 4 || len(parts[2]) < 6 {
		return "", 0, bad
	}
	year, err1 := strconv.Atoi(parts[1])
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || id <= 0 || year < 2000 {
		return "", 0, bad
	}
	return n, id, nil
}

// NoteCaseDecided tells the DPO of the officer's district that a misuse case
// was decided. It names the case and the outcome, never the officer: the
// DPO learns the rest through departmental channels.
const NoteCaseDecided NotificationKind = "misuse.decided"

// CaseInput opens a case: exactly one subject, and the reason.
type CaseInput struct {
	Disclosure    string `json:"disclosure_number,omitempty" text:"id"`
	AuditRecordID int64  `json:"audit_record_id,omitempty"`
	Reason        string `json:"reason" text:"reason"`
}
