package nsor

// AuditQuery is an auditor's search: the filter's fields, and a disclosure
// number or a register record.
type AuditQuery struct {
	AuditFilter
	// Disclosure selects the records of a release: its making, its reads,
	// its acknowledgements.
	Disclosure string
	// RecordID selects what touched a register record: reads of it,
	// searches whose candidates showed it, and the releases holding it.
	RecordID int64
}

// IdentifierQuery asks who sought a person or an FIR: exactly one of a CNIC,
// a name (normalised as NameKey does) or an FIR number, in clear.
type IdentifierQuery struct {
	CNIC string     `json:"cnic,omitempty" text:"cnic"`
	Name string     `json:"name,omitempty" text:"name"`
	FIR  *FIRNumber `json:"fir,omitempty"`
	// Paging, which the API takes in the query (limit, cursor), not here.
	AfterID int64 `json:"-"`
	Limit   int   `json:"-"`
}

// FIRNumber names an FIR as its police station, number and year do.
type FIRNumber struct {
	StationID int64  `json:"station_id"`
	Number    string `json:"number" text:"id"`
	Year      int    `json:"year"`
}
