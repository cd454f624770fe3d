package nsor_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection enforces the layout of HOUSE-STYLE.md:
// cmd -> adapters -> domain -> stdlib. The domain imports nothing but the
// standard library and the audit record encoding; adapters do not import
// each other; only cmd/ wires them.
func TestDependencyDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, deps := fields[0], fields[1:]
		for _, d := range deps {
			if !strings.HasPrefix(d, "nsor") || (d != "nsor" && !strings.HasPrefix(d, "nsor/")) {
				if pkg == "nsor" || pkg == "nsor/auditrec" {
					if strings.Contains(strings.SplitN(d, "/", 2)[0], ".") {
						t.Errorf("%s imports %s: the domain imports only the standard library", pkg, d)
					}
				}
				continue
			}
			if !allowedImport(pkg, d) {
				t.Errorf("%s imports %s: adapters meet only in the domain's interfaces", pkg, d)
			}
		}
	}
}

// allowedImport says whether module package pkg may depend on module
// package dep.
func allowedImport(pkg, dep string) bool {
	switch {
	case strings.HasPrefix(pkg, "nsor/cmd/"):
		return true
	case dep == "nsor/auditrec":
		return true
	case pkg == "nsor/auditrec":
		return false
	case pkg == "nsor":
		return false
	case strings.HasPrefix(pkg, "nsor/web/internal/"):
		return false
	}
	return dep == "nsor"
}

// TestAllowedImport is the control of TestDependencyDirection: the rule
// must refuse the imports it exists to refuse.
func TestAllowedImport(t *testing.T) {
	tests := []struct {
		pkg, dep string
		want     bool
	}{
		{"nsor/web", "nsor", true},
		{"nsor/web", "nsor/sqlstore", false},
		{"nsor/sqlstore", "nsor/auth", false},
		{"nsor", "nsor/sqlstore", false},
		{"nsor", "nsor/auditrec", true},
		{"nsor/auditrec", "nsor", false},
		{"nsor/cmd/nsor", "nsor/web", true},
	}
	for _, tt := range tests {
		if got := allowedImport(tt.pkg, tt.dep); got != tt.want {
			t.Errorf("allowedImport(%s, %s) = %v, want %v", tt.pkg, tt.dep, got, tt.want)
		}
	}
}
