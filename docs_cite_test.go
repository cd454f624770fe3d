package nsor_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Citations a newcomer cannot follow. The patterns are built from pieces so
// that this file does not match itself.
var (
	citeBrief   = regexp.MustCompile(`PRODUCT` + `\.md`)
	citeIssue   = regexp.MustCompile(`(?i)\bissues? #?[0-9]+`)
	citeRule    = regexp.MustCompile(`\b[Rr]ules? [0-9]{1,2}\b`)
	machinePath = regexp.MustCompile(`(^|[\s"'(=:])/(?:` + `work|home` + `)/`)
)

// TestCitationsResolve: the repository explains itself. Comments, tests,
// ADRs and docs cite the repository's own docs (docs/rules.md#r7) or public
// sources, never a brief a newcomer does not have, an issue tracker's
// numbering or a path on someone's machine.
func TestCitationsResolve(t *testing.T) {
	for _, f := range trackedFiles(t) {
		if strings.HasSuffix(f, ".sum") || strings.HasPrefix(f, "web/openapi.json") {
			continue // generated from web/openapi.yaml, which is checked
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			where := func(what string) { t.Errorf("%s:%d cites %s: %q", f, i+1, what, strings.TrimSpace(line)) }
			switch {
			case citeBrief.MatchString(line):
				where("a brief that is not in the repository")
			case citeIssue.MatchString(line):
				where("an issue number instead of docs/")
			case citeRule.MatchString(line) && !strings.Contains(line, "docs/rules.md"):
				where("a rule by number without docs/rules.md")
			case machinePath.MatchString(line):
				where("an absolute path of a machine")
			}
		}
	}
}
