package nsor_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goFile is a Go file named in prose: a path ending in .go.
var goFile = regexp.MustCompile(`[\w/*]*\w\.go\b`)

// TestDocsNameFilesThatExist: every Go file docs/ names (as "authz.go" or
// "service/view.go") is a file of the repository, so that a file moved or
// renamed leaves no reader looking for it.
func TestDocsNameFilesThatExist(t *testing.T) {
	out, err := exec.Command("git", "ls-files").Output()
	if err != nil {
		t.Skipf("git ls-files: %v", err)
	}
	files := strings.Fields(string(out))
	exists := func(name string) bool {
		for _, f := range files {
			if ok, _ := filepath.Match(name, f); ok || f == name || strings.HasSuffix(f, "/"+name) {
				return true
			}
		}
		return false
	}
	docs, _ := filepath.Glob("docs/*.md")
	if len(docs) == 0 {
		t.Fatal("no docs/*.md: the test checks nothing")
	}
	for _, d := range docs {
		b, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range goFile.FindAllString(string(b), -1) {
			if !exists(name) {
				t.Errorf("%s names %s, which is not in the repository", d, name)
			}
		}
	}
}
