package nsor_test

import (
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// TestDependencyDirection enforces the layout of docs/adr/0001 and
// docs/architecture.md: cmd -> service and adapters -> domain -> stdlib. The
// domain imports nothing but the standard library, the audit record
// encoding, the name rules (nsor/match) and the named exceptions of
// domainMayImport; the service implementation (nsor/service) is built only
// by cmd/; adapters do not import each other.
func TestDependencyDirection(t *testing.T) {
	for _, v := range violations(t, "") {
		t.Error(v)
	}
}

// TestDependencyDirectionPlanted is the control of TestDependencyDirection:
// each planted import, added to the build through an overlay, must be
// found, or the test could pass by checking nothing.
func TestDependencyDirectionPlanted(t *testing.T) {
	for _, p := range []struct{ file, src, want string }{
		{"web/zz_planted.go", "package web\nimport _ \"nsor/service\"\n", "nsor/web imports nsor/service"},
		{"zz_planted.go", "package nsor\nimport _ \"github.com/jackc/pgx/v5\"\n", "nsor imports github.com/jackc/pgx/v5"},
		{"match/zz_planted.go", "package match\nimport _ \"nsor/auditrec\"\n", "nsor/match imports nsor/auditrec"},
		{"sqlstore/zz_planted.go", "package sqlstore\nimport _ \"nsor/auth\"\n", "nsor/sqlstore imports nsor/auth"},
		{"ui/zz_planted.go", "package ui\nimport _ \"nsor/sqlstore\"\n", "nsor/ui imports nsor/sqlstore"},
		{"web/zz_planted.go", "package web\nimport _ \"nsor/ui\"\n", "nsor/web imports nsor/ui"},
	} {
		dir := t.TempDir()
		src := filepath.Join(dir, "planted.go")
		if err := os.WriteFile(src, []byte(strings.ReplaceAll(p.src, `\n`, "\n")), 0o600); err != nil {
			t.Fatal(err)
		}
		abs, err := filepath.Abs(p.file)
		if err != nil {
			t.Fatal(err)
		}
		overlay := filepath.Join(dir, "overlay.json")
		if err := os.WriteFile(overlay, []byte(fmt.Sprintf(`{"Replace":{%q:%q}}`, abs, src)), 0o600); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, v := range violations(t, overlay) {
			found = found || strings.HasPrefix(v, p.want)
		}
		if !found {
			t.Errorf("planted %s: no violation %q found", p.file, p.want)
		}
	}
}

// violations lists the imports that break the layout, with go list reading
// the overlay file when one is given.
func violations(t *testing.T, overlay string) []string {
	t.Helper()
	args := []string{"list", "-f", `{{.ImportPath}} {{join .Deps " "}}`}
	if overlay != "" {
		args = append(args, "-overlay="+overlay)
	}
	out, err := exec.Command("go", append(args, "./...")...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var found []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, deps := fields[0], fields[1:]
		for _, d := range deps {
			if d != "nsor" && !strings.HasPrefix(d, "nsor/") {
				if leaf(pkg) && strings.Contains(strings.SplitN(d, "/", 2)[0], ".") && !domainMayImport(d) {
					found = append(found, fmt.Sprintf("%s imports %s: the domain imports only the standard library", pkg, d))
				}
				continue
			}
			if !allowedImport(pkg, d) {
				found = append(found, fmt.Sprintf("%s imports %s: adapters meet only in the domain's interfaces", pkg, d))
			}
		}
	}
	return found
}

// leaf says whether pkg is one of the domain's packages, which import
// nothing outside the standard library but domainMayImport's exceptions.
func leaf(pkg string) bool {
	return pkg == "nsor" || pkg == "nsor/auditrec" || pkg == "nsor/match"
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
	case pkg == "nsor/auditrec" || pkg == "nsor/match":
		return false
	case dep == "nsor/auditrec" || dep == "nsor/match":
		return true
	case pkg == dep+"/"+path.Base(dep)+"test":
		// A package's test helpers (nsor/keys/keystest) build what it makes.
		return true
	case dep == "nsor/internal/benchenv":
		// What the benchmarks print beside their figures (CPU time, load), standard
		// library only.
		return pkg != "nsor"
	case pkg == "nsor":
		return false
	case strings.HasPrefix(pkg, "nsor/web/internal/"):
		return false
	case pkg == "nsor/biosample":
		// The reader of uploaded samples is the one adapter over both the
		// fingerprint formats and the DNA profiles.
		return dep == "nsor" || dep == "nsor/dna" || dep == "nsor/fingerprint" || strings.HasPrefix(dep, "nsor/fingerprint/")
	case pkg == "nsor/demo":
		// The demo's synthetic world writes its tenprints with the
		// fingerprint packages' synthetic generator (and so, through it,
		// their formats); nothing of the store or the service.
		return dep == "nsor" || dep == "nsor/fingerprint" || strings.HasPrefix(dep, "nsor/fingerprint/")
	case strings.HasPrefix(pkg, "nsor/fingerprint/"):
		// The fingerprint formats and engines share the types of
		// nsor/fingerprint and read one another's formats, nothing else.
		return dep == "nsor/fingerprint" || strings.HasPrefix(dep, "nsor/fingerprint/")
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
		{"nsor/cmd/nsor", "nsor/service", true},
		{"nsor/web", "nsor/service", false},
		{"nsor/demo", "nsor/service", false},
		{"nsor/demo", "nsor/fingerprint/synth", true},
		{"nsor/keys/keystest", "nsor/keys", true},
		{"nsor/keys/keystest", "nsor/sqlstore", false},
		{"nsor/web", "nsor/internal/benchenv", true},
		{"nsor", "nsor/internal/benchenv", false},
		{"nsor/demo", "nsor/sqlstore", false},
		{"nsor/service", "nsor", true},
		{"nsor/service", "nsor/match", true},
		{"nsor/service", "nsor/sqlstore", false},
		{"nsor", "nsor/match", true},
		{"nsor", "nsor/service", false},
		{"nsor/match", "nsor", false},
		{"nsor/fingerprint/iso", "nsor/fingerprint", true},
		{"nsor/fingerprint/ansinist", "nsor/fingerprint/wsq", true},
		{"nsor/fingerprint/iso", "nsor", false},
		{"nsor/fingerprint/iso", "nsor/sqlstore", false},
		// The pages (package ui) are an adapter like web: the domain only,
		// never the store or the service; web mounts them through
		// Options.UI without importing them.
		{"nsor/ui", "nsor", true},
		{"nsor/ui", "nsor/sqlstore", false},
		{"nsor/ui", "nsor/service", false},
		{"nsor/ui", "nsor/web", false},
		{"nsor/web", "nsor/ui", false},
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
