package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"nsor"
)

// TestCatalogueComplete: every key has its text in every language, and no
// text is empty.
func TestCatalogueComplete(t *testing.T) {
	for _, p := range catalogueGaps(messages) {
		t.Error(p)
	}
	if len(messages[English]) < 50 {
		t.Fatalf("the English catalogue has %d keys: not read?", len(messages[English]))
	}
}

// catalogueGaps lists the keys one language has and another lacks, and the
// empty texts.
func catalogueGaps(c catalogue) []string {
	var out []string
	for _, l := range languages {
		for _, o := range languages {
			for _, k := range sortedKeys(c[l]) {
				if _, ok := c[o][k]; !ok {
					out = append(out, "key "+k+" is in "+string(l)+" but not in "+string(o))
				}
			}
		}
		for k, v := range c[l] {
			if strings.TrimSpace(v) == "" {
				out = append(out, "key "+k+" is empty in "+string(l))
			}
		}
	}
	return out
}

// TestCatalogueGapsFound is the control of TestCatalogueComplete: a key
// missing in Urdu, or defined twice, is found.
func TestCatalogueGapsFound(t *testing.T) {
	fsys := fstest.MapFS{
		"messages/en/a.json": {Data: []byte(`{"x.one": "One", "x.two": "Two"}`)},
		"messages/ur/a.json": {Data: []byte(`{"x.one": "ایک"}`)},
	}
	c, err := loadCatalogue(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := catalogueGaps(c); len(got) != 1 || !strings.Contains(got[0], "x.two") {
		t.Errorf("gaps = %q, want x.two missing in ur", got)
	}
	fsys["messages/ur/b.json"] = &fstest.MapFile{Data: []byte(`{"x.one": "ایک"}`)}
	if _, err := loadCatalogue(fsys); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a key defined in two files: err = %v", err)
	}
}

// keyUses are the ways a message key is named in a template or in Go.
var keyUses = []*regexp.Regexp{
	regexp.MustCompile(`\bT\s+"([^"]+)"`),                               // {{.T "key"}}, {{$.T "key" ...}}
	regexp.MustCompile(`\(field\s+\S+\s+"[^"]+"\s+"[^"]+"\s+"([^"]+)"`), // (field $ "name" "type" "label")
	regexp.MustCompile(`"hint=([^"]+)"`),                                // field option
	regexp.MustCompile(`\.T\("([^"]+)"[,)]`),                            // c.T("key") in Go
	regexp.MustCompile(`setFlash\(w, r, "!?([^"]+)"\)`),                 // flash keys
	regexp.MustCompile(`addNav\("[^"]*", "([^"]+)"`),                    // nav entries
	regexp.MustCompile(`"(signin\.[a-z_]+)"`),                           // why sign-in is asked
	regexp.MustCompile(`msgKey\("([^"]+)"\)`),                           // any other key named in Go
}

// comments are Go line comments and template comments, which name keys as
// examples.
var comments = regexp.MustCompile(`(?m)^\s*//.*$|\{\{/\*(?s:.*?)\*/\}\}`)

// usedKeys lists the message keys named in the templates and Go files of
// fsys (Go tests excluded), with the file of each.
func usedKeys(fsys fs.FS) (map[string]string, error) {
	used := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !(strings.HasSuffix(p, ".html") || (strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go"))) {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		b = comments.ReplaceAll(b, nil)
		for _, re := range keyUses {
			for _, m := range re.FindAllSubmatch(b, -1) {
				used[string(m[1])] = p
			}
		}
		return nil
	})
	return used, err
}

// TestKeysUsedAreDefined: every key a template or the Go code names is in
// the catalogue, and every role has its name.
func TestKeysUsedAreDefined(t *testing.T) {
	used, err := usedKeys(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 40 {
		t.Fatalf("found %d keys used: is the scan broken?", len(used))
	}
	for _, k := range sortedKeys(used) {
		if !messages.has(k) {
			t.Errorf("%s uses key %q, which the catalogue lacks", used[k], k)
		}
	}
	// Keys the templates build from the domain's values.
	var built []string
	for _, r := range nsor.Roles {
		built = append(built, "role."+string(r))
	}
	for _, s := range nsor.States {
		built = append(built, "state."+string(s))
	}
	for _, g := range []nsor.Gender{nsor.GenderMale, nsor.GenderFemale, nsor.GenderOther} {
		built = append(built, "gender."+string(g))
	}
	for _, k := range []nsor.DeadlineKind{nsor.DeadlineForward, nsor.DeadlineAnswer, nsor.DeadlineConfirm, nsor.DeadlineRelease} {
		built = append(built, "deadline."+string(k))
	}
	for _, o := range []nsor.Outcome{nsor.OutcomePending, nsor.OutcomeRecordFound, nsor.OutcomeNoRecord, nsor.OutcomePossibleMatch} {
		built = append(built, "outcome."+string(o))
	}
	for _, it := range nsor.ChecklistItems {
		built = append(built, "checklist."+it.Code)
	}
	for _, act := range []string{"submit", "resubmit", "acknowledge", "withdraw", "close"} {
		built = append(built, "io.act.done."+act)
	}
	for _, k := range built {
		if !messages.has(k) {
			t.Errorf("the catalogue lacks %q, which a page builds from the domain", k)
		}
	}
}

// TestKeysUsedFound is the control of TestKeysUsedAreDefined: a key named
// in each way is found.
func TestKeysUsedFound(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/p.html": {Data: []byte(`{{.T "a.one"}} {{$.T "a.two" 3}} {{template "field" (field . "n" "text" "a.three" "hint=a.four")}}`)},
		"p.go":             {Data: []byte(`c.T("a.five"); setFlash(w, r, "!a.six"); addNav("/x", "a.seven", 1); msgKey("a.eight")`)},
		"p_test.go":        {Data: []byte(`c.T("not.this")`)},
	}
	used, err := usedKeys(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.eight", "a.five", "a.four", "a.one", "a.seven", "a.six", "a.three", "a.two"}
	if got := sortedKeys(used); !slices.Equal(got, want) {
		t.Errorf("keys found = %q, want %q", got, want)
	}
}

// TestTemplatesParse: every page parses with the layout, and a page file is
// only a "title" and a "content" (a stray definition would silently
// replace a shared one).
func TestTemplatesParse(t *testing.T) {
	p, err := parsePages(templateFS)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("templates/*.html")
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		if p.byName[name] == nil {
			t.Errorf("page %s not parsed", name)
		}
		b, _ := os.ReadFile(f)
		for _, m := range regexp.MustCompile(`\{\{-?\s*define\s+"([^"]+)"`).FindAllSubmatch(b, -1) {
			if d := string(m[1]); d != "title" && d != "content" && !strings.HasPrefix(d, name+".") {
				t.Errorf("%s defines %q: a page defines only title, content and its own %s.* partials", f, d, name)
			}
		}
	}
}
