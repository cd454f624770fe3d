package nsor_test

import (
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"testing"
)

// trackedFiles lists the files of the repository, as git knows them.
func trackedFiles(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("git", "ls-files").Output()
	if err != nil {
		t.Skipf("git ls-files: %v (not a git checkout)", err)
	}
	return strings.Fields(string(out))
}

// ruleCite is a citation of one rule of docs/rules.md.
var ruleCite = regexp.MustCompile(`docs/rules\.md#(r[0-9]+)`)

// TestRuleCitationsExist: every docs/rules.md#rN cited anywhere is an anchor
// of docs/rules.md, so that renumbering a rule fails here, not in a reader;
// and every test docs/rules.md names exists.
func TestRuleCitationsExist(t *testing.T) {
	rules, err := os.ReadFile("docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, m := range regexp.MustCompile(`<a id="(r[0-9]+)"></a>`).FindAllStringSubmatch(string(rules), -1) {
		if anchors[m[1]] {
			t.Errorf("docs/rules.md defines %s twice", m[1])
		}
		anchors[m[1]] = true
	}
	if len(anchors) < 10 {
		t.Fatalf("docs/rules.md has %d rule anchors, want the numbered rules", len(anchors))
	}
	var tests strings.Builder
	for _, f := range trackedFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, "_test.go") || strings.HasPrefix(f, "storetest/") { // the conformance suite
			tests.Write(b)
		}
		for _, m := range ruleCite.FindAllStringSubmatch(string(b), -1) {
			if !anchors[m[1]] {
				t.Errorf("%s cites docs/rules.md#%s, which docs/rules.md does not define", f, m[1])
			}
		}
	}
	// The tests a rule names as showing it exist.
	for _, m := range regexp.MustCompile("`((?:T|t)est[A-Z][A-Za-z0-9]*)`").FindAllStringSubmatch(string(rules), -1) {
		if !strings.Contains(tests.String(), "func "+m[1]+"(") {
			t.Errorf("docs/rules.md names %s, which no test file defines", m[1])
		}
	}
}

// mdLink is a markdown link or image: [text](target) or [text](target "title").
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// TestMarkdownLinksResolve: every relative link in a markdown file names a
// file or directory of the repository (anchors aside).
func TestMarkdownLinksResolve(t *testing.T) {
	files := trackedFiles(t)
	exists := map[string]bool{}
	for _, f := range files {
		exists[f] = true
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			exists[d] = true
		}
	}
	checked := 0
	for _, f := range files {
		if !strings.HasSuffix(f, ".md") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLink.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") || strings.HasPrefix(target, "#") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			resolved := path.Clean(path.Join(path.Dir(f), target))
			if !exists[resolved] {
				t.Errorf("%s links to %s, which is not in the repository", f, m[1])
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("checked %d links, want the 20 and more the docs have: the pattern is broken", checked)
	}
}

// docPath is a path under docs/ named in any file, e.g. in a comment.
var docPath = regexp.MustCompile(`\bdocs/[A-Za-z0-9_./-]*[A-Za-z0-9_]\.md\b`)

// TestCitedDocsExist: every docs/....md that a comment, test or document
// names is in the repository.
func TestCitedDocsExist(t *testing.T) {
	files := trackedFiles(t)
	exists := map[string]bool{}
	for _, f := range files {
		exists[f] = true
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range docPath.FindAllString(string(b), -1) {
			if !exists[p] && !exists[path.Join(path.Dir(f), p)] {
				t.Errorf("%s names %s, which is not in the repository", f, p)
			}
		}
	}
}

// codeSite is a place in Go source where a stable error code is named: the
// constructors of nsor.Error and of the web adapter's and the verifier's
// problems. A code built otherwise is listed by hand in docs/errors.md and
// found by the reverse check below.
var (
	codeSite     = regexp.MustCompile(`(?:Invalid\([^,]+, |Errorf\((?:nsor\.)?Kind\w+, |Code: +|badBody\([^,]+, |\.Add\([^,]+, |conflict\([^,]+, |exportProblem\(|unfrozen\([^"\n]*)"([a-z_]+\.[a-z0-9_]+)"`)
	notFoundSite = regexp.MustCompile(`NotFound\("([a-z_]+)"\)`)
	listedCode   = regexp.MustCompile("(?m)^\\| `([a-z_]+(?:\\.[a-z0-9_]+)?)` \\|")
	namedCode    = regexp.MustCompile("`([a-z_]+\\.[a-z0-9_]+)`")
)

// TestErrorCodesListed: docs/errors.md lists every error code the source
// can produce, and nothing else; the OpenAPI document names no code that
// docs/errors.md does not list.
func TestErrorCodesListed(t *testing.T) {
	doc, err := os.ReadFile("docs/errors.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, m := range listedCode.FindAllStringSubmatch(string(doc), -1) {
		listed[m[1]] = true
	}
	for _, m := range namedCode.FindAllStringSubmatch(string(doc[strings.Index(string(doc), "## The verifier's findings"):]), -1) {
		listed[m[1]] = true
	}
	var src strings.Builder
	found := map[string]string{}
	for _, f := range trackedFiles(t) {
		// The conformance suite's own codes (test.rollback) are no server's.
		if !strings.HasSuffix(f, ".go") || strings.HasSuffix(f, "_test.go") || strings.HasPrefix(f, "storetest/") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
		for _, m := range codeSite.FindAllStringSubmatch(string(b), -1) {
			found[m[1]] = f
		}
		for _, m := range notFoundSite.FindAllStringSubmatch(string(b), -1) {
			found[m[1]+".not_found"] = f
		}
	}
	if len(found) < 200 {
		t.Fatalf("found %d error codes in the source, want the 200 and more there are: the pattern is broken", len(found))
	}
	for code, f := range found {
		if !listed[code] {
			t.Errorf("error code %s (%s) is not listed in docs/errors.md", code, f)
		}
	}
	all := src.String()
	for code := range listed {
		noun, _, _ := strings.Cut(code, ".")
		switch {
		case found[code] != "", strings.Contains(all, `"`+code+`"`):
		case strings.HasSuffix(code, ".not_found") && strings.Contains(all, `"`+noun+`"`):
			// a store's not-found, named by its noun (sqlstore's one, list)
		case noun == "query" && strings.Contains(all, `"text.`+strings.TrimPrefix(code, "query.")+`"`):
			// the text policy applied to a query parameter (web/decode_text.go)
		default:
			t.Errorf("docs/errors.md lists %s, which no Go source produces", code)
		}
	}
	api, err := os.ReadFile("web/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range namedCode.FindAllStringSubmatch(string(api), -1) {
		if !listed[m[1]] {
			t.Errorf("web/openapi.yaml names %s, which docs/errors.md does not list", m[1])
		}
	}
}
