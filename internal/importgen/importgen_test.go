package importgen

import (
	"bytes"
	"testing"
	"time"

	"nsor"
)

// TestWrite: the generator's good rows are valid records and its bad rows
// are not, in both formats, and each bad line is where it says.
func TestWrite(t *testing.T) {
	for _, f := range []nsor.ImportFormat{nsor.ImportCSV, nsor.ImportJSONL} {
		var b bytes.Buffer
		res, err := Write(&b, Options{Rows: 400, BadEvery: 10, Seed: 3, Format: f})
		if err != nil || res.Good != 360 || res.Bad != 40 {
			t.Fatalf("%s: Write = %+v, %v", f, res, err)
		}
		bad := map[int]bool{}
		for _, l := range res.BadLines {
			bad[l] = true
		}
		now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		n := 0
		if err := nsor.ReadImport(f, b.Bytes(), func(l nsor.ImportLine) bool {
			n++
			err := l.Err
			if err == nil {
				_, _, err = nsor.ValidateRecord(l.Record, now)
			}
			if (err != nil) != bad[l.Line] {
				t.Errorf("%s line %d: bad %v, error %v", f, l.Line, bad[l.Line], err)
			}
			return true
		}); err != nil || n != 400 {
			t.Fatalf("%s: ReadImport read %d rows, %v", f, n, err)
		}
	}
}
