package ui

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// commonRefusals are the service's refusals the pages show most often: a
// missing reason or purpose, a stale or missing version, a request or case
// that moved on, a role that may not act, the administrator's and the
// password's checks, and the system's own failures.
var commonRefusals = []string{
	"auth.forbidden", "reason.required", "purpose.required", "version.stale", "version.required",
	"request.wrong_state", "request.not_found", "request.forbidden", "fir.not_found", "record.not_found",
	"approval.decided", "approval.expired", "approval.required", "user.not_found", "user.username_taken",
	"user.username_invalid", "user.jurisdiction_level", "password.too_short", "password.unchanged",
	"cnic.malformed", "date.malformed", "gender.unknown", "internal", "store.unavailable",
	"jurisdiction.name_required", "jurisdiction.code_taken", "jurisdiction.kind_invalid",
}

// TestRefusalsTranslated: the common refusals have their text in English
// and in Urdu, the Urdu is Urdu (Arabic script, not the English copied),
// and each names a code the service really gives (docs/errors.md), so that
// a typo in a key cannot pass for a translation.
func TestRefusalsTranslated(t *testing.T) {
	doc, err := os.ReadFile("../docs/errors.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z_.]+)`").FindAllStringSubmatch(string(doc), -1) {
		listed[m[1]] = true
	}
	for _, code := range commonRefusals {
		k := "code." + code
		if !listed[code] {
			t.Errorf("%s is not a refusal code of docs/errors.md", code)
		}
		en, ur := messages[English][k], messages[Urdu][k]
		if en == "" || ur == "" {
			t.Errorf("%s: en %q, ur %q: want both", k, en, ur)
			continue
		}
		if ur == en || !strings.ContainsFunc(ur, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) {
			t.Errorf("%s in Urdu is %q: not translated", k, ur)
		}
	}
	// Every refusal key of the catalogue names a listed code.
	for k := range messages[English] {
		if code, ok := strings.CutPrefix(k, "code."); ok && !listed[code] {
			t.Errorf("catalogue key %s names no code of docs/errors.md", k)
		}
	}
}
