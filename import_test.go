package nsor_test

import (
	"strings"
	"testing"
	"time"

	"nsor"
)

// TestReadImportBadRows: a malformed line, a line too long, a line that is
// not UTF-8, a control character and an unknown field are each reported
// on their own line, and the rows around them are read.
func TestReadImportBadRows(t *testing.T) {
	long := `{"name": "` + strings.Repeat("a", nsor.LimitImportLine) + `"}`
	jsonl := strings.Join([]string{
		`{"name": "Ali Synthetic"}`,         // 1
		`{"name": "Ali Synthetic"`,          // 2 ends too early
		long,                                // 3 too long
		"{\"name\": \"\xff\xfe\"}",          // 4 not UTF-8
		`{"name": "Ali", "shoe_size": 9}`,   // 5 unknown field
		``,                                  // 6 blank: skipped
		`{"name": "Ali"} {"name": "Bilal"}`, // 7 two values
		`[1, 2]`,                            // 8 not a record
		`{"name": "Bilal Synthetic"}`,       // 9
	}, "\n")
	want := map[int]string{1: "", 2: "import.malformed", 3: "import.line_too_long", 4: "import.not_utf8", 5: "import.malformed",
		7: "import.malformed", 8: "import.malformed", 9: ""}
	got := map[int]string{}
	if err := nsor.ReadImport(nsor.ImportJSONL, []byte(jsonl), func(l nsor.ImportLine) bool {
		got[l.Line] = nsor.ErrorCode(l.Err)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	for line, code := range want {
		if got[line] != code {
			t.Errorf("jsonl line %d = %q, want %q", line, got[line], code)
		}
	}
	if len(got) != len(want) {
		t.Errorf("read %d rows, want %d (the blank line skipped)", len(got), len(want))
	}

	csv := "name,aliases,convictions\n" +
		"Ali Synthetic,A;B,\n" + // 2
		"\"Ali, unclosed\n" + // 3
		"Ali,too,many,cells\n" + // 4
		"Ali,,[not json\n" + // 5
		"Bilal Synthetic,,\"[{\"\"court\"\":\"\"C\"\",\"\"case_number\"\":\"\"1/2015\"\",\"\"sections\"\":[\"\"376 PPC\"\"],\"\"convicted_on\"\":\"\"2015-01-02\"\"}]\"\n" // 6
	got = map[int]string{}
	var rec6 nsor.RecordInput
	if err := nsor.ReadImport(nsor.ImportCSV, []byte(csv), func(l nsor.ImportLine) bool {
		got[l.Line] = nsor.ErrorCode(l.Err)
		if l.Line == 6 {
			rec6 = l.Record
		}
		return true
	}); err != nil {
		t.Fatal(err)
	}
	for line, code := range map[int]string{2: "", 3: "import.malformed", 4: "import.malformed", 5: "import.malformed", 6: ""} {
		if got[line] != code {
			t.Errorf("csv line %d = %q, want %q", line, got[line], code)
		}
	}
	if len(rec6.Convictions) != 1 || rec6.Convictions[0].Sections[0] != "376 PPC" {
		t.Errorf("csv line 6 = %+v, want its conviction from the JSON cell", rec6)
	}
}

// FuzzReadImport: whatever the bytes, the reader neither panics nor stops
// early, numbers rows in increasing order, and every row it reads is either
// an error or a record that ValidateRecord can judge without panicking.
func FuzzReadImport(f *testing.F) {
	f.Add([]byte("name,cnic\nAli,98000-0000001-1\n\"x\n"), true)
	f.Add([]byte(`{"name":"Ali","convictions":[{"court":"C","case_number":"1","sections":["376 PPC"],"convicted_on":"2015-01-01"}]}`+"\n{"), false)
	f.Add([]byte("\ufeffname,parentage\nAli,S/O\x00Bilal\n"), true)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte, isCSV bool) {
		format := nsor.ImportJSONL
		if isCSV {
			format = nsor.ImportCSV
		}
		last := 0
		_ = nsor.ReadImport(format, b, func(l nsor.ImportLine) bool {
			if l.Line <= last {
				t.Fatalf("line %d after line %d", l.Line, last)
			}
			last = l.Line
			if l.Err == nil {
				nsor.ValidateRecord(l.Record, now)
			} else if nsor.ErrorCode(l.Err) == "" {
				t.Fatalf("line %d: an error without a code: %v", l.Line, l.Err)
			}
			return true
		})
	})
}
