// Package shareddata finds the project's shared reference data (never
// copied into the repository) for tests and benchmark commands: the folder
// named by NSOR_SHARED_DATA, else ../shared/data beside the repository root.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir gives the shared data folder, or "" when it cannot be found.
func Dir() string {
	if d := os.Getenv("NSOR_SHARED_DATA"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "..", "shared", "data")
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Fingerprints gives the fingerprints folder of the shared data, skipping
// the test with a clear message when it is absent.
func Fingerprints(t testing.TB) string {
	t.Helper()
	d := filepath.Join(Dir(), "fingerprints")
	if _, err := os.Stat(filepath.Join(d, "README.md")); err != nil {
		t.Skipf("shared fingerprint data not found at %s (set NSOR_SHARED_DATA to the shared data folder): %v", d, err)
	}
	return d
}
