package synth

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lexicon loads the dev lexicon, or skips: the shared data is not in the
// repository.
func lexicon(t testing.TB) *Lexicon {
	t.Helper()
	p := filepath.Join(SharedData(filepath.Join("..", "..")), DevLexicon)
	lx, err := LoadLexicon(p)
	if os.IsNotExist(err) {
		t.Skipf("no dev lexicon at %s: set NSOR_SHARED_DATA to the shared data directory", p)
	}
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

func sum(t testing.TB, items any) string {
	var b bytes.Buffer
	if err := EncodeJSONL(&b, items); err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b.Bytes())
	return hex.EncodeToString(h[:])
}

// TestCommittedSet: the committed manifest of the 50,000-record set names
// what the generator makes from its seed today. A change to the generator
// that changes its output must change Version and the manifest: a seed keeps
// naming one data set.
func TestCommittedSet(t *testing.T) {
	lx := lexicon(t)
	b, err := os.ReadFile(filepath.Join("testdata", "manifest-50k.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Generator != Version {
		t.Fatalf("manifest is of generator %s, this is %s: regenerate it (docs/matching-benchmark.md)", m.Generator, Version)
	}
	reg := Generate(m.N, m.Seed)
	s := Queries(reg, lx, m.Seed, m.Hard)
	lines := make([]RegisterLine, len(reg.Records))
	for i := range reg.Records {
		lines[i] = reg.Records[i].Line()
	}
	for name, items := range map[string]any{"register.jsonl": lines, "queries.jsonl": s.Queries,
		"labels.jsonl": s.Labels, "hard-queries.jsonl": s.HardNegatives, "hard-labels.jsonl": s.HardLabels} {
		if got := sum(t, items); got != m.Files[name] {
			t.Errorf("%s: sha256 %s, manifest says %s", name, got, m.Files[name])
		}
	}
}

// TestRegisterShape: CNICs begin with 9 and are unique, men's end odd and
// women's even; siblings share a father; there are namesakes, placeholders,
// aliases and titles.
func TestRegisterShape(t *testing.T) {
	reg := Generate(20000, 7)
	if len(reg.Records) != 20000 {
		t.Fatalf("Generate(20000) = %d records", len(reg.Records))
	}
	cnics := map[string]bool{}
	names := map[string]int{}
	fathers := map[int]string{}
	var jan1, yearOnly, aliases, titled, siblings int
	for _, r := range reg.Records {
		if r.CNIC != "" {
			if len(r.CNIC) != 13 || r.CNIC[0] != '9' || cnics[r.CNIC] {
				t.Fatalf("%s: CNIC %q not 13 digits from 9, or used twice", r.ID, r.CNIC)
			}
			cnics[r.CNIC] = true
			if odd := (r.CNIC[12]-'0')%2 == 1; odd != (r.Gender == "male") {
				t.Errorf("%s: CNIC %s last digit disagrees with gender %s", r.ID, r.CNIC, r.Gender)
			}
		}
		names[r.Name]++
		jan1 += b2i(strings.HasSuffix(r.DOB, "-01-01"))
		yearOnly += b2i(len(r.DOB) == 4)
		aliases += b2i(len(r.Aliases) > 0)
		titled += b2i(r.Title != "")
		if len(r.Parentage) > 0 {
			if f, ok := fathers[r.Family]; ok {
				siblings++
				if f != r.Parentage[0].Name {
					t.Errorf("%s: father %q, sibling's %q", r.ID, r.Parentage[0].Name, f)
				}
			}
			fathers[r.Family] = r.Parentage[0].Name
		}
	}
	namesakes := 0
	for _, n := range names {
		if n > 1 {
			namesakes += n
		}
	}
	for what, n := range map[string]int{"1 January": jan1, "year only": yearOnly, "aliases": aliases,
		"titles": titled, "siblings": siblings, "namesakes": namesakes} {
		if n < 200 {
			t.Errorf("%s: %d of 20000 records, want at least 200", what, n)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestQueries: the frozen set has its strata; every positive label names a
// record; a hard negative never carries a register CNIC nor the name, the
// father's name and a full date of birth of any record: nothing identifies.
func TestQueries(t *testing.T) {
	lx := lexicon(t)
	reg := Generate(20000, 7)
	s := Queries(reg, lx, 7, 2000)
	byID := map[string]*Record{}
	for i := range reg.Records {
		byID[reg.Records[i].ID] = &reg.Records[i]
	}
	count := map[string]int{}
	for i, q := range s.Queries {
		l := s.Labels[i]
		count[q.Stratum]++
		if l.QID != q.QID || l.Stratum != q.Stratum {
			t.Fatalf("label %d %+v does not go with query %+v", i, l, q)
		}
		if q.Stratum == StratumHardNegative {
			continue
		}
		rec := byID[*l.ID]
		if rec == nil {
			t.Fatalf("%s: label names no record %s", q.QID, *l.ID)
		}
		checkStratum(t, q, rec)
	}
	for _, st := range FrozenStrata {
		if count[st.Stratum] != st.N {
			t.Errorf("stratum %s: %d queries, want %d", st.Stratum, count[st.Stratum], st.N)
		}
	}
	for _, q := range append(s.HardNegatives, s.Queries[frozenQueries-200:]...) {
		if q.CNIC != "" && reg.HasCNIC(q.CNIC) {
			t.Errorf("%s: hard negative carries a register CNIC %s", q.QID, q.CNIC)
		}
		if fullDOB(q.DOB) && len(q.Parentage) > 0 && reg.seen[twinKey(q.Name, q.Parentage, q.DOB)] {
			t.Errorf("%s: hard negative has a record's name, father's name and full date of birth", q.QID)
		}
	}
}

// checkStratum: a query carries exactly the evidence its stratum says.
func checkStratum(t *testing.T, q Query, rec *Record) {
	t.Helper()
	switch q.Stratum {
	case StratumCNIC:
		if q.CNIC != rec.CNIC {
			t.Errorf("%s: CNIC %q, record's %q", q.QID, q.CNIC, rec.CNIC)
		}
	case StratumCNICOneOff:
		if d := digitsOff(q.CNIC, rec.CNIC); d != 1 {
			t.Errorf("%s: CNIC %q is %d digits off %q", q.QID, q.CNIC, d, rec.CNIC)
		}
	case StratumParentageDOB, StratumUrdu, StratumArabic:
		if q.CNIC != "" || q.DOB != rec.DOB || !fullDOB(q.DOB) || len(q.Parentage) == 0 {
			t.Errorf("%s: %+v is not parentage with the full date of birth of %+v", q.QID, q, rec.Person)
		}
	case StratumParentage:
		if q.CNIC != "" || len(q.Parentage) == 0 || q.DOB == rec.DOB && fullDOB(q.DOB) {
			t.Errorf("%s: %+v is not parentage without the full date of birth", q.QID, q)
		}
	case StratumNameOnly:
		if q.CNIC != "" || len(q.Parentage) > 0 {
			t.Errorf("%s: %+v is not name only", q.QID, q)
		}
	}
	if q.Stratum == StratumUrdu && !isScript(q.Name) {
		t.Errorf("%s: name %q not in Urdu script", q.QID, q.Name)
	}
}

func isScript(s string) bool {
	for _, r := range s {
		if r < 0x0600 && r != ' ' {
			return false
		}
	}
	return true
}

func digitsOff(a, b string) int {
	if len(a) != len(b) {
		return -1
	}
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// TestSpellingsFromDev: every Latin word of a query's name is a word of the
// name tables, a dev-lexicon spelling, an abbreviation or title, or one
// learned dev spelling change away from a table word: nothing from the train
// split the engine is built from.
func TestSpellingsFromDev(t *testing.T) {
	lx := lexicon(t)
	reg := Generate(20000, 9)
	s := Queries(reg, lx, 9, 0)
	known := map[string]bool{}
	for k := range urduPhrases {
		for _, w := range strings.FieldsFunc(k, func(r rune) bool { return r == ' ' || r == '-' }) {
			known[w] = true
		}
	}
	for _, a := range abbreviations {
		known[strings.ToLower(a)] = true
	}
	for _, w := range []string{"abd", "ur", "us", "ud", "ul"} {
		known[w] = true
	}
	for _, c := range compounds { // pieces and glued forms: Rahmat, Ullah, Fazalurrehman
		tail := strings.ToLower(strings.ReplaceAll(c.Tail, " ", ""))
		known[strings.ToLower(c.Head)], known[tail], known[strings.ToLower(c.Head)+tail] = true, true, true
		for _, w := range strings.Fields(strings.ToLower(c.Tail)) {
			known[w] = true
		}
	}
	ruled := 0
	for _, q := range s.Queries {
		if q.Stratum == StratumUrdu || q.Stratum == StratumArabic {
			continue
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(q.Name), func(r rune) bool { return r == ' ' || r == '-' }) {
			if known[w] || len(lx.urdus[w]) > 0 {
				continue
			}
			ruled++
			if !oneRuleFromKnown(lx, w, known) {
				t.Errorf("%s: %q in %q is no table word, dev spelling or dev spelling change", q.QID, w, q.Name)
			}
		}
	}
	if ruled == 0 {
		t.Error("no query respelt by a learned change: the check checked nothing")
	}
}

func oneRuleFromKnown(lx *Lexicon, w string, known map[string]bool) bool {
	for _, r := range lx.rules {
		for i := 0; i+len(r.Right) <= len(w); i++ {
			if w[i:i+len(r.Right)] == r.Right && known[w[:i]+r.Left+w[i+len(r.Right):]] {
				return true
			}
		}
	}
	return false
}

// TestDiff: the spelling change between two spellings keeps one letter of
// context and refuses changes of whole words.
func TestDiff(t *testing.T) {
	for _, c := range []struct{ a, b, l, r string }{
		{"saeed", "saied", "ae", "ai"}, {"zubair", "zubeir", "ba", "be"}, {"asif", "aasif", "a", "aa"},
		{"khan", "kahn", "" /* ha->ah */, ""},
	} {
		l, r, ok := diff(c.a, c.b)
		if c.l == "" {
			continue
		}
		if !ok || l != c.l || r != c.r {
			t.Errorf("diff(%q, %q) = %q, %q, %v; want %q, %q", c.a, c.b, l, r, ok, c.l, c.r)
		}
	}
	if _, _, ok := diff("muhammad", "catapult"); ok {
		t.Error("diff of two different words is a spelling change")
	}
}
