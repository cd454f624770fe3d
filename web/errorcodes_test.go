package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// codeSites are the ways the code names a stable error code.
var codeSites = regexp.MustCompile(`(?:Invalid\([^,]+, |Errorf\((?:nsor\.)?Kind\w+, |Code: +|badBody\([^,]+, |\.Add\([^,]+, )"([a-z_]+\.[a-z_]+)"`)

// cliOnly are codes no API call can return.
var cliOnly = map[string]bool{
	"user.bootstrap_done": true, // nsor admin bootstrap
	"approval.required":   true, // CreateUser, for the console; the API proposes instead (AddUser)
	// The matching engine's refusals of its input, met by nsor match eval;
	// the service searches with what the domain already checked.
	"match.name_empty":    true,
	"match.name_too_long": true,
	"match.cnic_invalid":  true,
	"match.dob_invalid":   true,
	"match.id_required":   true,
}

// TestErrorCodesDocumented: every stable error code the domain or the HTTP
// adapter can return is named in the OpenAPI document, where clients and
// officers look them up. A new code without its documentation fails here.
func TestErrorCodesDocumented(t *testing.T) {
	doc, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, pattern := range []string{"../*.go", "../service/*.go", "../match/*.go", "*.go"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range codeSites.FindAllStringSubmatch(string(src), -1) {
				codes[m[1]] = f
			}
		}
	}
	if len(codes) < 100 {
		t.Fatalf("found %d error codes in the source, want the 100 and more there are: the pattern is broken", len(codes))
	}
	for code, file := range codes {
		if !cliOnly[code] && !strings.Contains(string(doc), "`"+code+"`") {
			t.Errorf("error code %s (%s) is not named in openapi.yaml", code, file)
		}
	}
}
