package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMatchEval: nsor match eval prints one line per query, at most k
// candidates best first, with reasons; an unreadable query says why and the
// run goes on; labels give recall per kind, precision per band and the rate
// of "likely" on queries with no true match. Synthetic data only.
func TestMatchEval(t *testing.T) {
	dir := t.TempDir()
	reg := writeFile(t, dir, "r.jsonl", `{"id":"a","name":"Muhammad Zubair Tarqeel","parentage":[{"relation":"s/o","name":"Ghulam Rasool"}],"cnic":"91101-1234567-1","dob":"1990-05-12","gender":"male","district":"Lahore"}
{"id":"b","name":"Asghar Ali Virk","parentage":[{"relation":"s/o","name":"Bashir Ahmed"}],"dob":"1985"}
{"id":"c","name":"Nasreen Bibi","aliases":["Nasreen Akhtar"],"gender":"female"}
{"id":"bad","name":"","cnic":"12"}
not json
`)
	q := writeFile(t, dir, "q.jsonl", `{"qid":"q1","name":"محمد زبیر ترقیل","cnic":"9110112345671","kind":"urdu"}
{"qid":"q2","name":"Asgher Virk s/o Basheer Ahmad","dob":"1985","kind":"latin"}
{"qid":"q3","name":"Kamran Butt","kind":"latin"}
{"qid":"q4","name":"Zubair","cnic":"123","kind":"latin"}
`)
	labels := writeFile(t, dir, "l.jsonl", `{"qid":"q1","id":"a"}
{"qid":"q2","id":"b"}
{"qid":"q3","id":null}
`)
	sum := filepath.Join(dir, "sum.json")
	code, out, errs := runCLI(t, "match", "eval", "--register", reg, "--queries", q, "--labels", labels, "--k", "2", "--summary", sum)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d output lines, want 4:\n%s", len(lines), out)
	}
	var o evalOut
	if err := json.Unmarshal([]byte(lines[0]), &o); err != nil || o.QID != "q1" || len(o.Candidates) == 0 || o.Candidates[0].ID != "a" || o.Candidates[0].Band != "likely" || len(o.Candidates[0].Reasons) == 0 {
		t.Errorf("q1: %s (%v)", lines[0], err)
	}
	if len(o.Candidates) > 2 {
		t.Errorf("q1: %d candidates, want at most k=2", len(o.Candidates))
	}
	if err := json.Unmarshal([]byte(lines[3]), &o); err != nil || o.Error == nil || o.Error.Code != "match.cnic_invalid" {
		t.Errorf("q4: %s, want the CNIC refused", lines[3])
	}
	for _, want := range []string{"r.jsonl:4: left out", "r.jsonl:5: not a JSON line", "precision of likely", "mean length of the possible list", "likely on queries with no true match: 0.0000 (0 of 1)", "urdu"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	var m evalMeasures
	b, _ := os.ReadFile(sum)
	if err := json.Unmarshal(b, &m); err != nil || m.Kinds["urdu"].Recall1 != 1 || m.Kinds["latin"].Recall1 != 1 || m.NoMatchQueries != 1 {
		t.Errorf("summary %s (%v)", b, err)
	}
}

// TestMatchPairs: nsor match pairs adds score, similarity, band and the
// prediction to each row, and with labels reports precision, recall, F1.
func TestMatchPairs(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "p.csv", "schema,name1,name2,is_match\nPerson,Muhammad Zubair,Mohd Zuber,true\nPerson,Muhammad Zubair,Asghar Ali,false\nCompany,Acme,Acme Ltd,true\nPerson,,Ali,false\n")
	code, out, errs := runCLI(t, "match", "pairs", "--in", in, "--schema", "Person", "--cv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "schema,name1,name2,is_match,score,similarity,band,predicted_match") {
		t.Fatalf("output:\n%s", out)
	}
	if !strings.HasSuffix(lines[1], ",true") || !strings.HasSuffix(lines[2], ",false") || !strings.Contains(lines[3], "error") {
		t.Errorf("predictions:\n%s", out)
	}
	if !strings.Contains(errs, "3 pairs; at threshold 0.70: precision 1.000 recall 1.000 F1 1.000") {
		t.Errorf("stderr: %s", errs)
	}
	if code, _, _ := runCLI(t, "match", "pairs", "--in", writeFile(t, dir, "x.csv", "a,b\n1,2\n")); code != 2 {
		t.Errorf("a CSV without name1,name2: exit %d, want 2", code)
	}
}
