package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"nsor"
)

// codeSite is every way the Go source names a stable error code: the
// constructors of nsor.Error (Invalid, Errorf, the Code field, a Problems'
// Add or AddWith, the web adapter's badBody) with the code as a literal.
var codeSite = regexp.MustCompile(`(?:Invalid\([^,]+, |Errorf\((?:nsor\.)?Kind\w+, |Code: +|badBody\([^,]+, |\.Add(?:With)?\([^,]+, )"([a-z_]+\.[a-z_.]+)"`)

// notNsorErrors are the packages whose codes are not nsor.Error codes and
// reach no page: the audit verifier's findings (its own report, printed by
// "nsor audit verify") and the conformance suite's planted faults.
var notNsorErrors = map[string]bool{"auditverify": true, "storetest": true}

// sourceCodes are the error codes named by the Go source of the module
// (tests and test data aside), each with the file that names it.
func sourceCodes(t *testing.T) map[string]string {
	t.Helper()
	codes := map[string]string{}
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || notNsorErrors[d.Name()] || strings.HasPrefix(d.Name(), ".") && d.Name() != "..") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range codeSite.FindAllStringSubmatch(string(src), -1) {
			codes[m[1]] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return codes
}

// listedCodes are the codes of docs/errors.md's tables.
func listedCodes(t *testing.T) map[string]bool {
	t.Helper()
	doc, err := os.ReadFile("../docs/errors.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z_.]+)`").FindAllStringSubmatch(string(doc), -1) {
		listed[m[1]] = true
	}
	return listed
}

// urduText reports whether s is written in Urdu: Arabic script, and not
// the English text copied.
func urduText(s, en string) bool {
	return s != en && strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Arabic, r) })
}

// TestEveryCodeTranslated: every refusal and warning code the Go source
// can produce, and every code docs/errors.md lists, has its text in the
// catalogue in English and in Urdu, so that no page shows the service's
// English on an Urdu page. A code added without its two texts fails here.
func TestEveryCodeTranslated(t *testing.T) {
	codes := sourceCodes(t)
	if len(codes) < 200 {
		t.Fatalf("found %d error codes in the source, want the 200 and more there are: the pattern is broken", len(codes))
	}
	for c := range listedCodes(t) {
		if _, ok := codes[c]; !ok {
			codes[c] = "docs/errors.md"
		}
	}
	for _, c := range sortedKeys(codes) {
		k := "code." + c
		en, ur := messages[English][k], messages[Urdu][k]
		switch {
		case en == "" || ur == "":
			t.Errorf("%s (%s): en %q, ur %q: want both", k, codes[c], en, ur)
		case !urduText(ur, en):
			t.Errorf("%s in Urdu is %q: not translated", k, ur)
		}
	}
}

// TestParamEntries: every "codep." entry names a listed code that also has
// its plain "code." entry (the text without the particulars), and says
// the same particulars in both languages.
func TestParamEntries(t *testing.T) {
	listed := listedCodes(t)
	names := regexp.MustCompile(`\{([a-z_]+)\}`)
	n := 0
	for k, en := range messages[English] {
		code, ok := strings.CutPrefix(k, "codep.")
		if !ok {
			continue
		}
		n++
		if !listed[code] {
			t.Errorf("%s names no code of docs/errors.md", k)
		}
		if !messages.has("code." + code) {
			t.Errorf("%s has no plain code.%s to fall back on", k, code)
		}
		ur := messages[Urdu][k]
		got, want := names.FindAllString(ur, -1), names.FindAllString(en, -1)
		if strings.Join(sortedStrings(got), ",") != strings.Join(sortedStrings(want), ",") || len(want) == 0 {
			t.Errorf("%s: Urdu names %v, English %v: want the same, at least one", k, got, want)
		}
		if !urduText(ur, en) {
			t.Errorf("%s in Urdu is %q: not translated", k, ur)
		}
	}
	if n == 0 {
		t.Fatal("no codep. entries: the particulars are never said")
	}
}

func sortedStrings(s []string) []string {
	m := map[string]bool{}
	for _, x := range s {
		m[x] = true
	}
	return sortedKeys(m)
}

// TestRefusalParamsInUrdu: a refusal with particulars (the text policy's
// limit) reads in Urdu with the numbers in it; the same refusal without
// them (an older error path) falls back to the plain Urdu text, never to
// the English.
func TestRefusalParamsInUrdu(t *testing.T) {
	err := nsor.CheckText("name", strings.Repeat("ا", 205), nsor.LimitName)
	c := &Ctx{Lang: Urdu}
	f := NewForm(nil)
	if !f.Refuse(c, err) {
		t.Fatalf("Refuse(%v) = false", err)
	}
	got := strings.Join(f.Err("name"), " ")
	if !strings.Contains(got, "200") || !strings.Contains(got, "205") || !urduText(got, "") {
		t.Errorf("text.too_long in Urdu = %q, want the limit 200 and the length 205 in Urdu", got)
	}
	bare := nsor.Invalid("name", "text.too_long", "This entry is too long.")
	if got := c.fieldText(bare.Fields[0]); got != messages[Urdu]["code.text.too_long"] {
		t.Errorf("text.too_long without particulars = %q, want the plain Urdu %q", got, messages[Urdu]["code.text.too_long"])
	}
	if got := c.fieldText(nsor.FieldError{Code: "text.too_long", Params: nsor.Params{"max": "1"}}); got != messages[Urdu]["code.text.too_long"] {
		t.Errorf("text.too_long missing a particular = %q, want the plain Urdu", got)
	}
}

// TestEveryCodeTranslatedControl plants a code without its Urdu text and
// a codep. entry whose Urdu drops a particular: the checks must see both.
func TestEveryCodeTranslatedControl(t *testing.T) {
	fsys := fstest.MapFS{
		"messages/en/a.json": {Data: []byte(`{"code.x.y": "X.", "codep.x.y": "X {max}."}`)},
		"messages/ur/a.json": {Data: []byte(`{"code.x.y": "X.", "codep.x.y": "ایکس۔"}`)},
	}
	c, err := loadCatalogue(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if urduText(c[Urdu]["code.x.y"], c[English]["code.x.y"]) {
		t.Error("an English copy passed for Urdu")
	}
	if s, ok := fill(c[Urdu]["codep.x.y"], nsor.Params{"max": "3"}); !ok || strings.Contains(s, "3") {
		t.Logf("fill = %q, %v", s, ok)
	}
	if _, ok := fill("at most {max}", nsor.Params{}); ok {
		t.Error("fill with a missing particular succeeded")
	}
	if s, ok := fill("{n} of {max}", nsor.Params{"n": "2", "max": "9"}); !ok || s != "2 of 9" {
		t.Errorf("fill = %q, %v, want 2 of 9", s, ok)
	}
}
