package nsor

// The reasons a register record may be the person of a record being
// entered, strongest first (docs/rules.md#r7: a name alone never
// identifies; it only asks the registrar to look).
const (
	DupCNIC          = "cnic"               // the same CNIC
	DupNameParentDOB = "name_parentage_dob" // the same name, parentage and full date of birth
	DupEngine        = "engine"             // the matching engine's likely band: a CNIC with a compatible name, or name, parentage and date of birth in other spellings
	DupName          = "name"               // the same name only: a namesake to look at, not a duplicate
)

// DuplicateCandidate is a register record that a record being entered may
// duplicate, with the reasons, strongest first.
type DuplicateCandidate struct {
	RecordID int64        `json:"record_id"`
	Status   RecordStatus `json:"status"`
	Name     string       `json:"name"`
	Reasons  []string     `json:"reasons"`
}

// Likely reports whether a reason other than a shared name holds.
func (d DuplicateCandidate) Likely() bool {
	for _, r := range d.Reasons {
		if r != DupName {
			return true
		}
	}
	return false
}

// RecordCheck is a record input checked without being written: the
// advice on it (warnings) and the register's records it may duplicate.
type RecordCheck struct {
	Warnings   []Warning            `json:"warnings"`
	Candidates []DuplicateCandidate `json:"candidates"`
}
