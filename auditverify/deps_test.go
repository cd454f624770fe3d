package auditverify_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestImportsNothingOfTheWriter: the verifier must not share code with what
// it checks (ADR 0010), so of nsor it imports the record encoding alone.
// go list -deps lists everything it is built from, however indirectly.
func TestImportsNothingOfTheWriter(t *testing.T) {
	for _, pkg := range []string{"nsor/auditverify", "nsor/cmd/nsor-verify"} {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := strings.Fields(string(out))
		if !slices.Contains(deps, "nsor/auditrec") {
			t.Fatalf("go list -deps %s lacks nsor/auditrec: the listing is not what this test thinks", pkg)
		}
		if bad := writerDeps(pkg, deps); len(bad) > 0 {
			t.Errorf("%s depends on %v: the verifier may import nothing of nsor but nsor/auditrec", pkg, bad)
		}
	}
}

// writerDeps returns the packages of the module nsor, other than pkg itself
// and nsor/auditrec, among deps.
func writerDeps(pkg string, deps []string) []string {
	var bad []string
	for _, d := range deps {
		if (d == "nsor" || strings.HasPrefix(d, "nsor/")) && d != pkg && d != "nsor/auditrec" && d != "nsor/auditverify" {
			bad = append(bad, d)
		}
	}
	return bad
}

// TestWriterDepsRefuses is the control: the rule must refuse the imports
// it exists to refuse.
func TestWriterDepsRefuses(t *testing.T) {
	tests := []struct {
		deps []string
		want int
	}{
		{[]string{"fmt", "nsor/auditrec", "golang.org/x/mod/sumdb/tlog"}, 0},
		{[]string{"nsor/auditrec", "nsor/sqlstore"}, 1},
		{[]string{"nsor", "nsor/auditlog"}, 2},
		{[]string{"nsorx/other", "github.com/x/nsor"}, 0},
	}
	for _, tt := range tests {
		if got := writerDeps("nsor/auditverify", tt.deps); len(got) != tt.want {
			t.Errorf("writerDeps(%v) = %v, want %d refused", tt.deps, got, tt.want)
		}
	}
}
