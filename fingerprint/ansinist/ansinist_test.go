package ansinist

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"nsor/fingerprint/internal/shareddata"
)

// The record lists of the 30 reference transactions, as the shared data
// README gives them (field 1.003).
var wantTypes = map[string]string{
	"type-3.an2":                       "T1, T2, T3",
	"type-4-14-slaps.an2":              "T1, T2, T4x2, T14",
	"type-4-slaps.an2":                 "T1, T2, T4x4",
	"type-4-tpcard.an2":                "T1, T2, T4x14",
	"type-5.an2":                       "T1, T2, T5",
	"type-6.an2":                       "T1, T2, T6",
	"type-7-latent.an2":                "T1, T2, T7",
	"type-8-sig.an2":                   "T1, T2, T8",
	"type-8-sig-fax.an2":               "T1, T2, T8",
	"type-8-sig-raw.an2":               "T1, T2, T8",
	"type-9-4-iafis.an2":               "T1, T2, T4, T9",
	"type-9-10-14.an2":                 "T1, T2, T9, T10, T14",
	"type-9-13-9-14-m1.an2":            "T1, T2, T9x2, T13, T14",
	"type-9-13-m1.an2":                 "T1, T2, T9, T13",
	"type-9-13-std.an2":                "T1, T2, T9, T13",
	"type-9-14-m1.an2":                 "T1, T2, T9, T14",
	"type-9-14-std.an2":                "T1, T2, T9, T14",
	"type-10-14-17-piv-index-iris.an2": "T1, T2, T10, T14x2, T17",
	"type-10-branded-tattoo-mark.an2":  "T1, T2, T10x2",
	"type-10-sap10.an2":                "T1, T2, T10",
	"type-10-tattoo-face-sap20.an2":    "T1, T2, T10x2",
	"type-10-tattoo-zoom.an2":          "T1, T2, T10x2",
	"type-13-14-latent-match.an2":      "T1, T2, T13, T14",
	"type-13-tip-eji-wsq.an2":          "T1, T2, T13x5",
	"type-14-amp-nqm-utf8.an2":         "T1, T2, T14x3",
	"type-14-tip-eji-wsq.an2":          "T1, T2, T14x5",
	"type-14-tpcard-nqm.an2":           "T1, T2, T14x14",
	"type-15-palms.an2":                "T1, T2, T15x2",
	"type-17-iris.an2":                 "T1, T2, T17",
	"rec01_rec02_rec16.nst.an2":        "T1, T2, T16",
}

// TestReferenceTransactions decodes all 30 reference transactions, lists
// their record types, writes each back byte for byte, extracts every
// friction ridge image (decoding every WSQ one) and reads every Type-9
// record's minutiae.
func TestReferenceTransactions(t *testing.T) {
	dir := filepath.Join(shareddata.Fingerprints(t), "ansi-nist")
	files, err := filepath.Glob(filepath.Join(dir, "*.an2"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(wantTypes) {
		t.Fatalf("found %d transactions, want %d", len(files), len(wantTypes))
	}
	for _, f := range files {
		name := filepath.Base(f)
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := Decode(b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		// The README lists each file's records grouped by type; the files
		// hold them in their 1.003 order, which differs for two of them.
		if got := sortedTypes(tr); got != wantTypes[name] {
			t.Errorf("%s: records %s (in file order %s), want %s", name, got, tr.Types(), wantTypes[name])
		}
		if !bytes.Equal(tr.Encode(), b) {
			t.Errorf("%s: does not write back byte for byte", name)
		}
		imgs, err := tr.Images()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var notes []string
		for _, im := range imgs {
			if im.Gray == nil {
				notes = append(notes, fmt.Sprintf("T%d %s kept undecoded", im.Record.Type, im.Compression))
				if im.Compression == "WSQ20" || im.Compression == "NONE" {
					t.Errorf("%s: %s image not decoded: %s", name, im.Compression, im.Undecoded)
				}
				continue
			}
			notes = append(notes, fmt.Sprintf("T%d %s %dx%d %dppi", im.Record.Type, im.Compression, im.Width, im.Height, im.PPI))
		}
		for _, r := range tr.Records {
			if r.Type != 9 {
				continue
			}
			ms, block, err := r.Minutiae()
			if err != nil || len(ms) == 0 {
				t.Errorf("%s: Type-9 IDC %d: %d minutiae from %q block: %v", name, r.IDC, len(ms), block, err)
			}
			notes = append(notes, fmt.Sprintf("T9 %d minutiae (%s)", len(ms), block))
			if block == "M1" {
				tpl, err := r.M1Template()
				if err != nil || len(tpl.Minutiae) != len(ms) || tpl.Width != 800 || tpl.Height != 768 || tpl.ResX != 197 || tpl.Position != 8 {
					t.Errorf("%s: M1 template %dx%d at %d px/cm, finger %d, %d minutiae: %v", name, tpl.Width, tpl.Height, tpl.ResX, tpl.Position, len(tpl.Minutiae), err)
				}
			}
		}
		t.Logf("%s (version %q): %s; %v", name, tr.Version, tr.Types(), notes)
	}
}

func sortedTypes(tr *Transaction) string {
	s := &Transaction{Records: append([]*Record(nil), tr.Records...)}
	sort.SliceStable(s.Records, func(i, j int) bool { return s.Records[i].Type < s.Records[j].Type })
	return s.Types()
}

func readGolden(t *testing.T, path string) *image.Gray {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return toGray(img)
}

// TestTenprintWSQGolden decodes the 14 WSQ Type-4 images of the tenprint
// and compares each with its golden PNG: the test allows one grey level
// and logs how many pixels differ (docs/fingerprint-formats.md gives the
// figures).
func TestTenprintWSQGolden(t *testing.T) {
	dir := filepath.Join(shareddata.Fingerprints(t), "wsq", "nist-tenprint")
	b, err := os.ReadFile(filepath.Join(dir, "sample.an2"))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	imgs, err := tr.Images()
	if err != nil {
		t.Fatal(err)
	}
	if len(imgs) != 14 {
		t.Fatalf("%d images, want 14", len(imgs))
	}
	total, differ := 0, 0
	for _, im := range imgs {
		// fp-N is the finger in position N (1-10 rolled, 11-14 plain).
		if len(im.Positions) == 0 {
			t.Fatalf("IDC %d has no finger position", im.Record.IDC)
		}
		pos := im.Positions[0]
		want := readGolden(t, filepath.Join(dir, fmt.Sprintf("fp-%d.png", pos)))
		if im.Gray.Bounds() != want.Bounds() {
			t.Fatalf("position %d: %v, want %v", pos, im.Gray.Bounds(), want.Bounds())
		}
		n, maxd := 0, 0
		for i := range want.Pix {
			d := int(im.Gray.Pix[i]) - int(want.Pix[i])
			if d != 0 {
				n++
				maxd = max(maxd, d, -d)
			}
		}
		total += len(want.Pix)
		differ += n
		t.Logf("fp-%d %dx%d: %d pixels differ, by at most %d", pos, im.Width, im.Height, n, maxd)
		if maxd > 1 {
			t.Errorf("fp-%d differs by %d grey levels", pos, maxd)
		}
	}
	t.Logf("tenprint: %d of %d pixels differ by one grey level", differ, total)
}

// tagged builds a tagged record of type typ from its fields after the
// length field, with the length field right.
func tagged(typ int, fields ...string) string {
	body := ""
	for _, f := range fields {
		body += "\x1d" + f
	}
	for n := len(body) + 8; ; n++ {
		r := fmt.Sprintf("%d.001:%d", typ, n) + body + "\x1c"
		if len(r) == n {
			return r
		}
	}
}

// tx builds a transaction from its 1.003 content field and the records.
func tx(cnt string, recs ...string) string {
	out := tagged(1, "1.002:0400", "1.003:"+cnt)
	for _, r := range recs {
		out += r
	}
	return out
}

func TestRefusals(t *testing.T) {
	t2 := tagged(2, "2.002:00")
	ok := tx("1\x1f1\x1e2\x1f00", t2)
	if _, err := Decode([]byte(ok)); err != nil {
		t.Fatalf("minimal transaction: %v", err)
	}
	for name, s := range map[string]string{
		"trailing bytes":    ok + "x",
		"cut":               ok[:len(ok)-1],
		"count disagrees":   tx("1\x1f2\x1e2\x1f00", t2),
		"IDC disagrees":     tx("1\x1f1\x1e2\x1f01", t2),
		"wrong record type": tx("1\x1f1\x1e9\x1f00", t2),
		"length past end":   tx("1\x1f1\x1e2\x1f00", strings.Replace(t2, "2.001:18", "2.001:99", 1)),
		"repeated field":    tx("1\x1f1\x1e2\x1f00", tagged(2, "2.002:00", "2.002:00")),
		"no FS":             tx("1\x1f1\x1e2\x1f00", t2[:len(t2)-1]+"0"),
		"foreign tag":       tx("1\x1f1\x1e2\x1f00", tagged(2, "2.002:00", "9.004:U")),
		"binary past end":   tx("1\x1f1\x1e4\x1f00", "\x00\x00\x01\x00\x00"),
		"binary too short":  tx("1\x1f1\x1e4\x1f00", "\x00\x00\x00\x05\x00"),
	} {
		_, err := Decode([]byte(s))
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v, want ErrFormat", name, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(tx("1\x1f1\x1e2\x1f00", tagged(2, "2.002:00"))))
	if d := shareddata.Dir(); d != "" {
		for _, n := range []string{"type-9-14-m1.an2", "type-8-sig.an2", "rec01_rec02_rec16.nst.an2"} {
			if b, err := os.ReadFile(filepath.Join(d, "fingerprints", "ansi-nist", n)); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, err := Decode(b)
		if err != nil {
			return
		}
		if !bytes.Equal(tr.Encode(), b) {
			t.Fatal("decoded transaction does not write back byte for byte")
		}
		imgs, _ := tr.Images()
		for _, r := range tr.Records {
			if r.Type == 9 {
				r.Minutiae()
			}
		}
		_ = imgs
	})
}

func TestM1TemplateRefusals(t *testing.T) {
	base := []string{"9.002:01", "9.003:3", "9.004:U", "9.128:800", "9.129:768", "9.130:2", "9.131:197", "9.132:197", "9.134:08", "9.135:90\x1f000F\x1f1"}
	rec := func(minutiae string, edit ...string) *Record {
		fields := append(append([]string(nil), base...), "9.137:"+minutiae)
		for i := 0; i+1 < len(edit); i += 2 {
			for j, f := range fields {
				if strings.HasPrefix(f, edit[i]) {
					fields[j] = edit[i] + edit[i+1]
				}
			}
		}
		r, err := readTagged([]byte(tagged(9, fields...)), 0, 9)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	ok := "001\x1f432\x1f368\x1f140\x1f1\x1f100"
	tpl, err := rec(ok).M1Template()
	if err != nil || len(tpl.Minutiae) != 1 || tpl.Minutiae[0].Kind != 1 || tpl.Quality != 90 {
		t.Fatalf("%+v %v", tpl, err)
	}
	for name, r := range map[string]*Record{
		"x outside":    rec("001\x1f800\x1f368\x1f140\x1f1\x1f100"),
		"theta 180":    rec("001\x1f432\x1f368\x1f180\x1f1\x1f100"),
		"type 3":       rec("001\x1f432\x1f368\x1f140\x1f3\x1f100"),
		"quality 101":  rec("001\x1f432\x1f368\x1f140\x1f1\x1f101"),
		"scale unit 3": rec(ok, "9.130:", "3"),
		"position 11":  rec(ok, "9.134:", "11"),
		"zero width":   rec(ok, "9.128:", "0"),
	} {
		if _, err := r.M1Template(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
