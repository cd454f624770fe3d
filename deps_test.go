package nsor_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection enforces the layout of docs/adr/0001:
// cmd -> adapters -> domain -> stdlib. The domain imports nothing but the
// standard library, the audit record encoding and the named exceptions of
// domainMayImport; adapters do not import each other; only cmd/ wires them.
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
					if strings.Contains(strings.SplitN(d, "/", 2)[0], ".") && !(pkg == "nsor" && domainMayImport(d)) {
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

// domainMayImport names the only packages outside the standard library that
// the domain may use. golang.org/x/text/unicode/norm gives the Unicode
// normalisation (NFKC) the name rules need (docs/adr/0017-text-policy.md):
// the standard library has none, and it is maintained by the Go project;
// golang.org/x/text/transform is what norm itself imports. Nothing else of
// golang.org/x/text, and nothing of any other module.
func domainMayImport(dep string) bool {
	return dep == "golang.org/x/text/unicode/norm" || dep == "golang.org/x/text/transform"
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

// TestDomainMayImport is the control of the domain's exception: it admits
// exactly the normalisation package and what that needs, nothing else.
func TestDomainMayImport(t *testing.T) {
	for dep, want := range map[string]bool{
		"golang.org/x/text/unicode/norm":  true,
		"golang.org/x/text/transform":     true,
		"golang.org/x/text/language":      false,
		"golang.org/x/text/unicode/bidi":  false,
		"golang.org/x/crypto/argon2":      false,
		"github.com/jackc/pgx/v5":         false,
		"golang.org/x/text/unicode/normx": false,
	} {
		if got := domainMayImport(dep); got != want {
			t.Errorf("domainMayImport(%s) = %v, want %v", dep, got, want)
		}
	}
}
