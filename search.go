package nsor

// SearchTerms are what an analyst adds to one search for a named suspect:
// another spelling of the name, or a CNIC where the Annexure A has none
// (read off the FIR copy, say), with the reason. They complete the suspect
// the prosecutor verified and never replace them (docs/rules.md#r8). Empty fields use
// the Annexure A's. A registrar's maintenance search uses Name and CNIC alone.
type SearchTerms struct {
	Name   string `json:"name,omitempty" text:"name"`
	CNIC   string `json:"cnic,omitempty" text:"cnic"`
	Reason string `json:"reason,omitempty" text:"reason"`
}
