package nsor

// OutcomeInput is an analyst's answer for one suspect.
type OutcomeInput struct {
	SuspectID    int64   `json:"suspect_id"`
	Outcome      Outcome `json:"outcome"`
	RecordID     int64   `json:"record_id,omitempty"`
	Basis        Basis   `json:"basis,omitempty"`
	BiometricRef string  `json:"biometric_ref,omitempty"`
	// ComparisonID names the examiner's recorded comparison that a
	// biometric basis rests on (docs/rules.md#r33); BiometricRef, when
	// given, must be the reference it compared.
	ComparisonID int64    `json:"comparison_id,omitempty"`
	Needed       []string `json:"needed_identifiers,omitempty"`
	Note         string   `json:"note,omitempty" text:"reason"`
}

// NeededIdentifiers are what a possible match may ask the officer for.
var NeededIdentifiers = []string{"cnic", "fingerprints", "dna", "parentage", "date_of_birth", "photograph"}
