package disclosure

// A field is a labelled line of a rendering, "Label: value". Each field has
// two labels that mean the same; which one a rendering uses is one keyed bit,
// and whether it is followed by ": " or " - " is another. Every label of the
// catalogue is distinct from every other (after normalising), so that a label
// read back from a copy names its site and its alternative.
type field struct {
	site   string
	labels [2]string
}

// The fields, by site. Sites are stable identifiers: changing one changes the
// bits every old rendering carries, so old copies would no longer trace.
var (
	fDisclosure  = field{"disclosure", [2]string{"Disclosure number", "Disclosure no."}}
	fRecipient   = field{"recipient", [2]string{"Released to", "Recipient"}}
	fReleased    = field{"released", [2]string{"Released at", "Time of release"}}
	fRendered    = field{"rendered", [2]string{"This copy made at", "Copy rendered at"}}
	fRequest     = field{"request", [2]string{"Request reference", "Request ref."}}
	fFIR         = field{"fir", [2]string{"FIR", "First Information Report"}}
	fSuspect     = field{"suspect", [2]string{"Suspect", "Accused person"}}
	fName        = field{"name", [2]string{"Name", "Full name"}}
	fTitles      = field{"titles", [2]string{"Titles", "Honorifics"}}
	fParentage   = field{"parentage", [2]string{"Parentage", "Parent or spouse"}}
	fCNIC        = field{"cnic", [2]string{"CNIC", "CNIC no."}}
	fGender      = field{"gender", [2]string{"Gender", "Sex"}}
	fAge         = field{"age", [2]string{"Age", "Age in years"}}
	fDOB         = field{"dob", [2]string{"Date of birth", "Born on"}}
	fAddress     = field{"address", [2]string{"Address", "Residence"}}
	fOutcome     = field{"outcome", [2]string{"Outcome", "Result"}}
	fBasis       = field{"basis", [2]string{"Basis of identification", "Identified by"}}
	fNeeded      = field{"needed", [2]string{"Identifiers needed", "Further identifiers required"}}
	fNote        = field{"note", [2]string{"Note", "Remarks"}}
	fRecord      = field{"record", [2]string{"Register record", "Record no."}}
	fAliases     = field{"aliases", [2]string{"Aliases", "Also known as"}}
	fBirthPlace  = field{"birthplace", [2]string{"Place of birth", "Birthplace"}}
	fDescription = field{"description", [2]string{"Description", "Physical description"}}
	fMarks       = field{"marks", [2]string{"Identifying marks", "Distinguishing marks"}}
	fSerial      = field{"serial", [2]string{"Serial offender", "Repeat offender"}}
	fConviction  = field{"conviction", [2]string{"Conviction", "Conviction entry"}}
	fCourt       = field{"court", [2]string{"Court", "Trial court"}}
	fCase        = field{"case", [2]string{"Case number", "Case no."}}
	fConvFIR     = field{"convfir", [2]string{"FIR of conviction", "Conviction FIR"}}
	fSections    = field{"sections", [2]string{"Sections", "Offence sections"}}
	fConvicted   = field{"convicted", [2]string{"Convicted on", "Date of conviction"}}
	fSentence    = field{"sentence", [2]string{"Sentence", "Punishment awarded"}}
	fReleasedOn  = field{"releasedon", [2]string{"Released from prison on", "Date of release from prison"}}
	fAppeal      = field{"appeal", [2]string{"Appeal status", "Appeal"}}
	fAddrHistory = field{"addrhistory", [2]string{"Address on record", "Recorded address"}}
	fLastKnown   = field{"lastknown", [2]string{"Last known address", "Latest address"}}
	fBiometric   = field{"biometric", [2]string{"Biometric record", "Forensic record"}}
	fReferral    = field{"referral", [2]string{"Referral", "Psychological referral"}}
	fAdvisory    = field{"advisory", [2]string{"Advisory", "Warning"}}
)

var fields = []field{fDisclosure, fRecipient, fReleased, fRendered, fRequest, fFIR, fSuspect, fName, fTitles,
	fParentage, fCNIC, fGender, fAge, fDOB, fAddress, fOutcome, fBasis, fNeeded, fNote, fRecord, fAliases,
	fBirthPlace, fDescription, fMarks, fSerial, fConviction, fCourt, fCase, fConvFIR, fSections, fConvicted,
	fSentence, fReleasedOn, fAppeal, fAddrHistory, fLastKnown, fBiometric, fReferral, fAdvisory}

// separators are the two ways a label is joined to its value.
var separators = [2]string{": ", " - "}

// A sentence is a fixed sentence of the letter's boilerplate with slots
// written {one|other}: two wordings that say the same, each slot one keyed
// bit. None holds a value, so a sentence reads back the same from any
// rendering; the slots of one sentence are read together, from whichever
// combination of wordings the copy holds.
type sentence struct {
	site     string
	template string
}

// opening is the letter's opening paragraph, closing its end. Every slot
// gives a bit that survives retyping and OCR, the robust core of the code.
var (
	opening = []sentence{
		{"s1", "The National Police Bureau has {answered|replied to} the request {named below|set out below} {in full|in its entirety}."},
		{"s2", "The district public prosecutor {checked|examined} the answer {before|prior to} {releasing it to you|its release to you}."},
		{"s3", "{Each|Every} suspect is {listed|shown} with the {outcome|result} of the search of the register."},
		{"s4", "A record found rests on a {strong|reliable} identifier and was {confirmed|verified} by a {second|further} officer of the bureau."},
		{"s5", "A possible match is not an {identification|identity}: {file|submit} a new request with the {identifiers named|identifiers listed}."},
		{"s6", "No record means that no register record {matched|fitted} the particulars {given|supplied} {for that suspect|about that suspect}."},
		{"s7", "The records are {shown|set out} as they stood {on the day|at the time} of {release|their release}."},
	}
	closing = []sentence{
		{"s8", "If a released record is {later|subsequently} corrected or removed, you will be {told|informed} {promptly|without delay}."},
		{"s9", "Do not {copy|duplicate}, forward or photograph this {document|letter} {or any part of it|or any of its pages}."},
		{"s10", "Keep it with the case file and {show|disclose} it only to those who {work on|investigate} {the|this} case."},
		{"s11", "{Every|Each} {reading|viewing} of it is {recorded|logged}."},
		{"s12", "This copy was {prepared|produced} for the officer named above {alone|only} {and nobody else|and no other}."},
		{"s13", "{Questions|Queries} about this answer {go|should go} to the {district public prosecutor|prosecutor of the district}."},
		{"s14", "End of the released {records|information} {sent to you|for your investigation}{ today|, as stated above}."},
	}
)

// outcomeText names an outcome in words; it is a value, not a variant.
var outcomeText = map[string]string{
	"record_found":   "Record found",
	"no_record":      "No record",
	"possible_match": "Possible match, more identifiers needed",
}
