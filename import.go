package nsor

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// An import loads many register records from one file (docs/import.md,
// docs/adr/0022-bulk-import.md). The file is a batch: it has an ID and the
// SHA-256 of its content, its rows are committed in chunks together with the
// batch's progress, so that a re-run of the same file resumes after the last
// committed row and enters no row twice. Every record enters pending
// (maker-checker); a second registrar's approval of the batch makes its
// records active.

// ImportFormat is the row format of an import file.
type ImportFormat string

// The formats an import reads.
const (
	ImportCSV   ImportFormat = "csv"   // a header line naming the columns, then one record a line
	ImportJSONL ImportFormat = "jsonl" // one JSON RecordInput a line
)

// ImportState is where a batch is.
type ImportState string

// A batch runs, is then imported (its records pending), and is approved by a
// second registrar (its records active).
const (
	ImportRunning  ImportState = "running"  // rows are being committed; a re-run resumes it
	ImportImported ImportState = "imported" // every row was read; its records await a second registrar
	ImportApproved ImportState = "approved" // a second registrar approved the batch: its records are active
)

// Row outcomes in a batch's report.
const (
	RowImported  = "imported"               // the record entered the register, pending
	RowWarned    = "imported_with_warnings" // imported, with warnings to check (a namesake, a CNIC of the other gender)
	RowInvalid   = "invalid"                // the row broke a rule; nothing of it was written
	RowDuplicate = "duplicate"              // the row is a record already in the register or earlier in the file
)

// LimitImportBytes is the largest import file: about a million rows.
const LimitImportBytes = 512 << 20

// LimitImportLine is the longest line of an import file. A line longer
// than this is refused as a row of its own, and the reader goes on.
const LimitImportLine = 256 << 10

// ImportFile is a file a registrar imports.
type ImportFile struct {
	Name    string       `json:"name"` // the batch's name, for people: the file's name or what --batch-name said
	Format  ImportFormat `json:"format"`
	Content []byte       `json:"-"`
}

// Hash is the hex SHA-256 of the content: the batch's identity for resuming.
func (f ImportFile) Hash() string {
	h := sha256.Sum256(f.Content)
	return hex.EncodeToString(h[:])
}

// ImportBatch is one import file's batch and its counts.
type ImportBatch struct {
	ID          int64        `json:"id"`
	Name        string       `json:"name"`
	Format      ImportFormat `json:"format"`
	ContentHash string       `json:"content_hash"`
	State       ImportState  `json:"state"`
	MadeBy      int64        `json:"made_by"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
	LastLine    int          `json:"last_line"` // the last line committed; a re-run resumes after it
	Rows        int          `json:"rows"`      // rows read so far
	Imported    int          `json:"imported"`
	Invalid     int          `json:"invalid"`
	Duplicates  int          `json:"duplicates"`
	ApprovedBy  int64        `json:"approved_by,omitempty"`
	ApprovedAt  *time.Time   `json:"approved_at,omitempty"`
	Activated   int          `json:"activated,omitempty"` // records the approval made active
}

// ImportRow is one row of a batch's report: every row that was not simply
// imported (invalid, duplicate, or imported with warnings), and the record
// each imported row became.
type ImportRow struct {
	BatchID  int64        `json:"batch_id"`
	Line     int          `json:"line"`
	Outcome  string       `json:"outcome"`
	RecordID int64        `json:"record_id,omitempty"` // the record it became, or the record it duplicates
	Problems []FieldError `json:"problems,omitempty"`
}

// ImportReport is a batch with a page of its rows.
type ImportReport struct {
	Batch *ImportBatch `json:"batch"`
	Rows  []*ImportRow `json:"rows"`
	More  bool         `json:"more"`
}

// ImportProgress is told after every committed chunk.
type ImportProgress struct {
	Batch   *ImportBatch
	Resumed int // rows skipped because an earlier run committed them
	Total   int // rows in the file
}

// ImportLine is one row of an import file as read: its line number, the
// record it holds, or why it cannot be read.
type ImportLine struct {
	Line   int
	Record RecordInput
	Err    error // *Error with the fields at fault; the row is reported, the reader goes on
}

// ParseImportFormat reads a format name; empty guesses from the file name.
func ParseImportFormat(format, fileName string) (ImportFormat, error) {
	switch f := ImportFormat(strings.ToLower(strings.TrimSpace(format))); {
	case f == ImportCSV, f == ImportJSONL:
		return f, nil
	case f == "json", f == "ndjson":
		return ImportJSONL, nil
	case f != "":
		return "", Invalid("format", "import.format", "An import is csv or jsonl (JSON lines).")
	}
	switch {
	case strings.HasSuffix(strings.ToLower(fileName), ".csv"):
		return ImportCSV, nil
	case strings.HasSuffix(strings.ToLower(fileName), ".jsonl"), strings.HasSuffix(strings.ToLower(fileName), ".ndjson"):
		return ImportJSONL, nil
	}
	return "", Invalid("format", "import.format", "Say the format (csv or jsonl): the file name does not tell.")
}

// CheckImportFile refuses a file that cannot be a batch at all: empty, too
// large, not UTF-8 text at its start, or with a name that breaks the text
// policy. Bad rows inside a good file are the rows' problem, not the file's.
func CheckImportFile(f ImportFile) error {
	var p Problems
	if err := CheckText("name", f.Name, LimitLine); err != nil {
		p.AddErr("", err)
	} else if strings.TrimSpace(f.Name) == "" {
		p.Add("name", "import.name_required", "Name the batch (the file's name will do).")
	}
	if f.Format != ImportCSV && f.Format != ImportJSONL {
		p.Add("format", "import.format", "An import is csv or jsonl (JSON lines).")
	}
	switch {
	case len(f.Content) == 0:
		p.Add("file", "import.empty", "The file is empty.")
	case len(f.Content) > LimitImportBytes:
		p.AddWith("file", "import.too_large", fmt.Sprintf("An import file holds at most %d MiB; split it.", LimitImportBytes>>20),
			Params{"max_mib": strconv.Itoa(LimitImportBytes >> 20)})
	}
	return p.Err()
}

// ReadImport reads the rows of an import file, calling each for every row
// in order (blank lines are skipped), until each returns false. A row that
// cannot be read (malformed CSV or JSON, an unknown column, a line too long,
// a field that is not text) comes with Err set; the rows after it are read
// as usual. ReadImport never fails as a whole but for a CSV header it
// cannot use, which it returns.
func ReadImport(format ImportFormat, content []byte, each func(ImportLine) bool) error {
	switch format {
	case ImportCSV:
		return readCSV(content, each)
	case ImportJSONL:
		readJSONL(content, each)
		return nil
	}
	return Invalid("format", "import.format", "An import is csv or jsonl (JSON lines).")
}

// lines splits content into lines, numbered from 1, without their ending.
func lines(content []byte, each func(n int, line []byte) bool) {
	n := 0
	for len(content) > 0 {
		n++
		i := bytes.IndexByte(content, '\n')
		var line []byte
		if i < 0 {
			line, content = content, nil
		} else {
			line, content = content[:i], content[i+1:]
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		if !each(n, line) {
			return
		}
	}
}

func rowError(code, msg string) error { return Invalid("row", code, msg) }

// lineProblem is what is wrong with a line of either format before it is
// read at all: too long, or not UTF-8 text; nil when nothing is.
func lineProblem(line []byte) error {
	switch {
	case len(line) > LimitImportLine:
		return rowError("import.line_too_long", fmt.Sprintf("The line is longer than %d KiB.", LimitImportLine>>10))
	case !utf8.Valid(line):
		return rowError("import.not_utf8", "The line is not UTF-8 text.")
	}
	return nil
}

func readJSONL(content []byte, each func(ImportLine) bool) {
	lines(content, func(n int, line []byte) bool {
		if len(bytes.TrimSpace(line)) == 0 {
			return true
		}
		r := ImportLine{Line: n}
		if r.Err = lineProblem(line); r.Err == nil {
			d := json.NewDecoder(bytes.NewReader(line))
			d.DisallowUnknownFields()
			if err := d.Decode(&r.Record); err != nil {
				r.Err = rowError("import.malformed", "The line is not a record in JSON: "+jsonProblem(err))
			} else if d.More() {
				r.Err = rowError("import.malformed", "The line holds more than one JSON value; put one record on each line.")
			}
		}
		if r.Err != nil {
			r.Record = RecordInput{}
		}
		return each(r)
	})
}

// jsonProblem says what is wrong with a line without quoting its content,
// which may be anyone's particulars.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("a syntax error at byte %d.", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("the field %q is not a %s.", te.Field, te.Type)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "it ends too early."
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "an unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "."
	}
	return "it cannot be read."
}

// csvColumns are the columns a CSV import may have. Lists inside a cell
// are separated by ";"; parentage is "S/O Name"; the convictions,
// addresses, biometrics and referrals columns may hold the JSON of their
// list, and a single conviction may instead be given by its own columns.
var csvColumns = []string{"name", "aliases", "parentage", "cnic", "gender", "date_of_birth", "place_of_birth",
	"description", "identifying_marks", "convictions", "addresses", "biometrics", "referrals",
	"court", "case_number", "fir", "sections", "convicted_on", "sentence", "released_on", "appeal_status",
	"address", "district"}

// readCSV reads a header line, then one record a line. A record with
// quoted line breaks spans lines; its number is its first line's.
func readCSV(content []byte, each func(ImportLine) bool) error {
	var header []string
	var bad error
	stop := false
	lines(content, func(n int, line []byte) bool {
		if stop {
			return false
		}
		if len(bytes.TrimSpace(line)) == 0 {
			return true
		}
		if header == nil {
			header, bad = csvHeader(line)
			return bad == nil
		}
		r := ImportLine{Line: n}
		if r.Err = lineProblem(line); r.Err == nil {
			cr := csv.NewReader(bytes.NewReader(line))
			cr.FieldsPerRecord = len(header)
			fields, err := cr.Read()
			if err != nil {
				r.Err = rowError("import.malformed", csvProblem(err, len(header)))
			} else {
				r.Record, r.Err = csvRecord(header, fields)
			}
		}
		stop = !each(r)
		return !stop
	})
	if header == nil && bad == nil {
		return Invalid("file", "import.empty", "The file has no header line.")
	}
	return bad
}

// csvProblem says what is wrong with a CSV line.
func csvProblem(err error, want int) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			return fmt.Sprintf("The line does not have the header's %d columns.", want)
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			return fmt.Sprintf("A quote is misplaced at column %d; a cell with a quote, comma or line break is quoted, and a quote in it doubled. A cell may not span lines.", pe.Column)
		}
	}
	return "The line is not CSV."
}

func csvHeader(line []byte) ([]string, error) {
	if !utf8.Valid(line) || len(line) > LimitImportLine {
		return nil, Invalid("file", "import.header", "The header line is not readable text.")
	}
	h, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return nil, Invalid("file", "import.header", "The header line is not CSV.")
	}
	var p Problems
	for i := range h {
		h[i] = strings.ToLower(strings.TrimSpace(h[i]))
		switch {
		case !slices.Contains(csvColumns, h[i]):
			p.Add(fmt.Sprintf("header[%d]", i), "import.header", fmt.Sprintf("Unknown column %.40q; the columns are %s.", h[i], strings.Join(csvColumns, ", ")))
		case slices.Index(h, h[i]) != i:
			p.Add(fmt.Sprintf("header[%d]", i), "import.header", fmt.Sprintf("The column %q is named twice.", h[i]))
		}
	}
	if !slices.Contains(h, "name") {
		p.Add("header", "import.header", "The header has no name column.")
	}
	return h, p.Err()
}

// csvRecord builds a record from a CSV line's cells.
func csvRecord(header, fields []string) (RecordInput, error) {
	var in RecordInput
	var c Conviction
	var addr Address
	var p Problems
	oneConviction, oneAddress := false, false
	for i, col := range header {
		v := strings.TrimSpace(fields[i])
		if v == "" {
			continue
		}
		switch col {
		case "name":
			in.Name = v
		case "aliases":
			in.Aliases = splitList(v)
		case "parentage":
			for _, s := range splitList(v) {
				rel, name, _ := strings.Cut(s, " ")
				in.Parentage = append(in.Parentage, Parentage{Relation: rel, Name: strings.TrimSpace(name)})
			}
		case "cnic":
			in.CNIC = v
		case "gender":
			in.Gender = v
		case "date_of_birth":
			in.DOB = v
		case "place_of_birth":
			in.BirthPlace = v
		case "description":
			in.Description = v
		case "identifying_marks":
			in.Marks = v
		case "convictions":
			jsonCell(col, v, &in.Convictions, &p)
		case "addresses":
			jsonCell(col, v, &in.Addresses, &p)
		case "biometrics":
			jsonCell(col, v, &in.Biometrics, &p)
		case "referrals":
			jsonCell(col, v, &in.Referrals, &p)
		case "court", "case_number", "fir", "sections", "convicted_on", "sentence", "released_on", "appeal_status":
			oneConviction = true
			setConviction(&c, col, v)
		case "address", "district":
			oneAddress = true
			if col == "address" {
				addr.Address = v
			} else {
				addr.District = v
			}
		}
	}
	if oneConviction {
		in.Convictions = append(in.Convictions, c)
	}
	if oneAddress {
		in.Addresses = append(in.Addresses, addr)
	}
	return in, p.Err()
}

func setConviction(c *Conviction, col, v string) {
	switch col {
	case "court":
		c.Court = v
	case "case_number":
		c.CaseNumber = v
	case "fir":
		c.FIR = v
	case "sections":
		c.Sections = splitList(v)
	case "convicted_on":
		c.ConvictedOn = Date(v)
	case "sentence":
		c.Sentence = v
	case "released_on":
		c.ReleasedOn = Date(v)
	case "appeal_status":
		c.AppealStatus = v
	}
}

func jsonCell(col, v string, into any, p *Problems) {
	d := json.NewDecoder(strings.NewReader(v))
	d.DisallowUnknownFields()
	if err := d.Decode(into); err != nil {
		p.Add(col, "import.malformed", "The "+col+" column holds a JSON list: "+jsonProblem(err))
	}
}

// splitList splits a cell on ";", dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// CountImportRows counts the rows ReadImport would give, for a progress bar.
func CountImportRows(format ImportFormat, content []byte) int {
	n := 0
	_ = ReadImport(format, content, func(ImportLine) bool { n++; return true })
	return n
}

// DuplicateKeys are what a row is compared by with earlier rows of its file
// and with the register (docs/rules.md#r7). The strong keys identify: the
// CNIC, or the name key (of the name or an alias) with a parentage name key
// and a full date of birth that is not a placeholder; a row sharing one is a
// duplicate and is not imported. The weak keys are the name keys alone: a
// row sharing only those is a namesake, imported with a warning.
func DuplicateKeys(r *OffenderRecord, nameKey func(string) string) (strong, weak []string) {
	if r.CNIC != "" {
		strong = append(strong, "cnic:"+string(r.CNIC))
	}
	for _, n := range append([]string{r.Name}, r.Aliases...) {
		k := nameKey(n)
		if k == "" || slices.Contains(weak, "name:"+k) {
			continue
		}
		weak = append(weak, "name:"+k)
		if r.DOB == "" || r.DOB.Placeholder() {
			continue
		}
		for _, p := range r.Parentage {
			if pk := nameKey(p.Name); pk != "" {
				strong = append(strong, "npd:"+k+"|"+pk+"|"+string(r.DOB))
			}
		}
	}
	return strong, weak
}

// Shares reports whether two key lists have a key in common.
func Shares(a, b []string) bool {
	return slices.ContainsFunc(a, func(k string) bool { return slices.Contains(b, k) })
}
