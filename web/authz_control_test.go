package web_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMatrixCatchesPlantedBug builds the server with one wrongly allowed cell
// (authz_planted.go: the DPO may read releases) and runs the matrix test
// against it: the matrix test must fail, naming that cell.
func TestMatrixCatchesPlantedBug(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the matrix test a second time")
	}
	cmd := exec.Command("go", "test", "-count=1", "-tags", "nsor_planted_authz_bug", "-run", "^TestAuthorizationMatrix$", ".")
	cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the matrix test passed against a server with a planted bug:\n%s", out)
	}
	if !strings.Contains(string(out), "read_release dpo/in released = allow, want 403") {
		t.Errorf("the matrix test failed, but not on the planted cell:\n%s", out)
	}
}
