package nsor

import (
	"sort"
	"time"
)

// RecordStatus is the registration status of a register record.
type RecordStatus string

// The statuses. A pending record has never been checked and is not answered
// from; a removed one (acquittal, pardon) is kept with its reason.
const (
	RecordPending RecordStatus = "pending"
	RecordActive  RecordStatus = "active"
	RecordRemoved RecordStatus = "removed"
)

// Offender is a register record: its current checked content and status.
type Offender struct {
	ID             int64          `json:"id"`
	Status         RecordStatus   `json:"status"`
	CurrentVersion int            `json:"current_version"`
	Record         OffenderRecord `json:"record"`
	OwnerID        int64          `json:"owner_id"`
	RemovalReason  string         `json:"removal_reason,omitempty"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// OffenderRecord is the content of a register record (docs/records.md#the-register). Photographs, biometrics and evaluations are references
// here; their own work fills them in.
type OffenderRecord struct {
	Name        string       `json:"name"`
	Titles      []string     `json:"titles,omitempty"`
	Aliases     []string     `json:"aliases,omitempty"`
	Parentage   []Parentage  `json:"parentage,omitempty"`
	CNIC        CNIC         `json:"cnic,omitempty"`
	Gender      Gender       `json:"gender,omitempty"`
	DOB         Date         `json:"date_of_birth,omitempty"`
	BirthPlace  string       `json:"place_of_birth,omitempty"`
	Description string       `json:"description,omitempty"`
	Marks       string       `json:"identifying_marks,omitempty"`
	Photographs []string     `json:"photographs,omitempty"` // blob SHA-256s
	Biometrics  []Biometric  `json:"biometrics,omitempty"`
	Convictions []Conviction `json:"convictions"`
	Addresses   []Address    `json:"addresses,omitempty"`
	Referrals   []Referral   `json:"referrals,omitempty"`
}

// Biometric is a reference to a biometric forensic record with its provenance.
type Biometric struct {
	Kind       string `json:"kind"` // "fingerprint" or "dna"
	Reference  string `json:"reference"`
	Provenance string `json:"provenance"`
}

// Conviction is one entry of the criminal history.
type Conviction struct {
	Court        string   `json:"court"`
	CaseNumber   string   `json:"case_number" text:"id"`
	FIR          string   `json:"fir,omitempty" text:"id"`
	Sections     []string `json:"sections"`
	ConvictedOn  Date     `json:"convicted_on"`
	Sentence     string   `json:"sentence,omitempty"`
	ReleasedOn   Date     `json:"released_on,omitempty"`
	AppealStatus string   `json:"appeal_status,omitempty"`
}

// Address is an address with the dates it held.
type Address struct {
	Address  string `json:"address" text:"address"`
	District string `json:"district,omitempty"`
	From     Date   `json:"from,omitempty"`
	To       Date   `json:"to,omitempty"`
}

// Referral tracks a referral for psychological evaluation by a mental-health
// professional, and its outcome.
type Referral struct {
	ReferredOn   Date   `json:"referred_on"`
	Professional string `json:"professional"`
	Outcome      string `json:"outcome,omitempty" text:"free"`
}

// Serial reports whether the offender has two or more convictions.
func (r *OffenderRecord) Serial() bool { return len(r.Convictions) >= 2 }

// LastKnownAddress is the address with the latest start date that has not
// ended, else the one that ended last; nil when there is none.
func (r *OffenderRecord) LastKnownAddress() *Address {
	if len(r.Addresses) == 0 {
		return nil
	}
	as := append([]Address(nil), r.Addresses...)
	sort.SliceStable(as, func(i, j int) bool {
		ai, aj := as[i].To == "", as[j].To == ""
		if ai != aj {
			return ai
		}
		if as[i].From != as[j].From {
			return as[i].From > as[j].From
		}
		return as[i].To > as[j].To
	})
	a := as[0]
	return &a
}

// ChangeKind is what a register change does.
type ChangeKind string

// The kinds of register change.
const (
	ChangeCreate  ChangeKind = "create"
	ChangeCorrect ChangeKind = "correct"
	ChangeRemove  ChangeKind = "remove"
)

// Decision is a checker's decision on a change.
type Decision string

// The decisions; DecisionPending until a second registrar checks.
const (
	DecisionPending  Decision = "pending"
	DecisionApproved Decision = "approved"
	DecisionRejected Decision = "rejected"
)

// OffenderVersion is one change to a register record, kept for ever: who made
// it, when and why, and who checked it (maker-checker).
type OffenderVersion struct {
	OffenderID int64          `json:"record_id"`
	N          int            `json:"version"`
	Kind       ChangeKind     `json:"kind"`
	Record     OffenderRecord `json:"record"`
	Reason     string         `json:"reason"`
	MadeBy     int64          `json:"made_by"`
	MadeAt     time.Time      `json:"made_at"`
	Decision   Decision       `json:"decision"`
	CheckedBy  int64          `json:"checked_by,omitempty"`
	CheckedAt  time.Time      `json:"checked_at,omitzero"`
	CheckNote  string         `json:"check_note,omitempty"`
}
