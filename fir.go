package nsor

import (
	"fmt"
	"strconv"
	"time"
)

// FIR is a First Information Report as entered by its investigating officer:
// the particulars Annexure A needs, its accused, the protected particulars of
// the victim and the scanned copy.
type FIR struct {
	ID           int64     `json:"id"`
	DistrictID   int64     `json:"district_id"`
	StationID    int64     `json:"station_id"`
	Number       string    `json:"number"`
	Year         int       `json:"year"`
	RegisteredOn Date      `json:"registered_on"`
	Sections     []string  `json:"sections"`
	IOUserID     int64     `json:"io_user_id"`
	Copy         *BlobRef  `json:"copy,omitempty"`
	Victim       *Victim   `json:"victim,omitempty"`
	Accused      []Accused `json:"accused"`
	Version      int       `json:"version"`
	CreatedBy    int64     `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// Victim holds the particulars of the victim, protected by PPC s.376A: only
// those who must act on a request for this FIR see them, and each view is
// recorded.
type Victim struct {
	Name   string `json:"name" text:"name"`
	Age    int    `json:"age,omitempty"`
	Gender Gender `json:"gender,omitempty"`
}

// Parentage is "S/O", "D/O" or "W/O" with a name.
type Parentage struct {
	Relation string `json:"relation"`
	Name     string `json:"name" text:"name"`
}

// ParentageRelations are the relations written on Pakistani forms.
var ParentageRelations = []string{"S/O", "D/O", "W/O"}

// Accused is a person named as accused in an FIR. Suspects in a request are
// always picked from these (docs/rules.md#r2): there is no free-text suspect.
type Accused struct {
	ID        int64      `json:"id"`
	FIRID     int64      `json:"-"`
	Name      string     `json:"name"`
	Titles    []string   `json:"titles,omitempty"`
	Parentage *Parentage `json:"parentage,omitempty"`
	CNIC      CNIC       `json:"cnic,omitempty"`
	Gender    Gender     `json:"gender,omitempty"`
	Address   string     `json:"address,omitempty"`
	Age       int        `json:"age,omitempty"`
	DOB       Date       `json:"date_of_birth,omitempty"`
}

// BlobRef names a stored file by its content: the SHA-256 of its bytes.
type BlobRef struct {
	SHA256 string `json:"sha256"`
	Type   string `json:"type"`
	Size   int64  `json:"size"`
}

// Blob is a stored file. Files live in the database, content-addressed, so
// that a backup is one thing and instances share nothing but the database.
type Blob struct {
	BlobRef
	Data []byte
}

// FIRInput is an FIR as an investigating officer enters it.
type FIRInput struct {
	StationID    int64          `json:"station_id"`
	Number       string         `json:"number" text:"id"`
	Year         int            `json:"year"`
	RegisteredOn string         `json:"registered_on" text:"id"`
	Sections     []string       `json:"sections"`
	Accused      []AccusedInput `json:"accused"`
	Victim       *Victim        `json:"victim,omitempty"`
}

// AccusedInput is an accused as written on the FIR.
type AccusedInput struct {
	Name      string     `json:"name" text:"name"`
	Parentage *Parentage `json:"parentage,omitempty"`
	CNIC      string     `json:"cnic,omitempty" text:"cnic"`
	Gender    string     `json:"gender,omitempty"`
	Address   string     `json:"address,omitempty" text:"address"`
	Age       int        `json:"age,omitempty"`
	DOB       string     `json:"date_of_birth,omitempty" text:"id"`
}

// ErrUploadTooLarge is the refusal of a file over the limit.
func ErrUploadTooLarge(limit int64) *Error {
	return (&Error{Kind: KindTooLarge, Code: "upload.too_large",
		Message: fmt.Sprintf("The file is larger than the limit of %d MiB.", limit>>20),
		Fields:  []FieldError{{Field: "file", Code: "upload.too_large", Message: "File too large."}}}).
		WithParams(Params{"max_mib": strconv.FormatInt(limit>>20, 10)})
}
