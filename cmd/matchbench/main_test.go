package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"nsor/match"
	"nsor/match/synth"
)

// exactSearcher is a trivial searcher for testing the harness: the exact
// CNIC is "likely", the same name key "possible". When liar is set it calls
// every candidate "likely": the planted bug the hard-negative bar must catch.
type exactSearcher struct {
	byCNIC map[string]string
	byName map[string][]string
	liar   bool
}

func newExact(ps []match.Person, liar bool) *exactSearcher {
	s := &exactSearcher{byCNIC: map[string]string{}, byName: map[string][]string{}, liar: liar}
	for _, p := range ps {
		if p.CNIC != "" {
			s.byCNIC[p.CNIC] = p.ID
		}
		k := match.NameKey(p.Name)
		s.byName[k] = append(s.byName[k], p.ID)
	}
	return s
}

func (s *exactSearcher) Search(q match.Person, k int) []match.Candidate {
	var cs []match.Candidate
	if id, ok := s.byCNIC[q.CNIC]; ok {
		cs = append(cs, match.Candidate{ID: id, Band: match.Likely, Score: 20})
	}
	for _, id := range s.byName[match.NameKey(q.Name)] {
		if len(cs) == k {
			break
		}
		b := match.Possible
		if s.liar {
			b = match.Likely
		}
		cs = append(cs, match.Candidate{ID: id, Band: b, Score: 5})
	}
	return cs
}

func testConfig(t *testing.T) config {
	p := filepath.Join(synth.SharedData(filepath.Join("..", "..")), synth.DevLexicon)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("no dev lexicon at %s: set NSOR_SHARED_DATA to the shared data directory", p)
	}
	return config{n: 3000, seed: 5, hard: 400, k: 10, examples: 2, lexicon: p}
}

// runWith runs the child's side in process with a searcher of the test's
// and reports without pg_trgm.
func runWith(t *testing.T, c config, liar bool) (string, []string) {
	t.Helper()
	old := buildEngine
	defer func() { buildEngine = old }()
	buildEngine = func(ps []match.Person) (match.Searcher, error) { return newExact(ps, liar), nil }
	var b bytes.Buffer
	if err := runChild(c, &b); err != nil {
		t.Fatal(err)
	}
	var e engineRun
	if err := json.Unmarshal(b.Bytes(), &e); err != nil {
		t.Fatal(err)
	}
	reg, set, err := load(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Results) != len(set.Queries) || len(e.Hard) != len(set.HardNegatives) {
		t.Fatalf("child answered %d+%d queries, want %d+%d", len(e.Results), len(e.Hard), len(set.Queries), len(set.HardNegatives))
	}
	var out bytes.Buffer
	missed := report(&out, c, reg, set, &e, nil)
	t.Log(out.String())
	return out.String(), missed
}

// TestHarness: on the CNIC stratum an exact-CNIC searcher finds every true
// record first, so that bar passes; it finds none of the Urdu queries, so
// that bar fails; and it calls no hard negative "likely", since none carries
// a register CNIC.
func TestHarness(t *testing.T) {
	c := testConfig(t)
	out, missed := runWith(t, c, false)
	for _, want := range []string{"PASS  cnic: recall@10 1.000", "PASS  cnic: recall@1 1.000",
		"FAIL  urdu: recall@10 0.000", `PASS  hard negatives: "likely" 0.0000%`} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(strings.Join(missed, "|"), "urdu") {
		t.Errorf("missed = %v, want the Urdu bar", missed)
	}
}

// TestHarnessCatchesLiar: the planted bug. A searcher that calls name-only
// agreement "likely" must fail the hard-negative bar.
func TestHarnessCatchesLiar(t *testing.T) {
	c := testConfig(t)
	out, missed := runWith(t, c, true)
	if !strings.Contains(strings.Join(missed, "|"), "hard negatives") {
		t.Errorf("a searcher calling namesakes likely passed the hard-negative bar: missed %v\n%s", missed, out)
	}
	if !strings.Contains(out, "called likely") {
		t.Errorf("no example of a hard negative called likely:\n%s", out)
	}
}

// TestStats: recall counts a rank inside k, a timeout is a miss, "likely"
// precision counts true and false likely candidates.
func TestStats(t *testing.T) {
	id := "R1"
	var s stats
	s.add(&result{Cands: []resultCand{{"R1", match.Likely}}}, &id)
	s.add(&result{Cands: []resultCand{{"R2", match.Likely}, {"R3", ""}, {"R4", ""}, {"R5", ""}, {"R1", match.Possible}}}, &id)
	s.add(&result{Cands: []resultCand{{"R1", ""}}, TimedOut: true}, &id)
	s.add(&result{Cands: []resultCand{{"R9", match.Likely}}}, nil)
	if s.at1 != 1 || s.at5 != 2 || s.at10 != 2 || s.positives != 3 {
		t.Errorf("at1/5/10 = %d/%d/%d of %d, want 1/2/2 of 3", s.at1, s.at5, s.at10, s.positives)
	}
	if s.likely != 3 || s.likelyTrue != 1 || s.negLikely != 1 || s.possible != 1 || s.timeouts != 1 {
		t.Errorf("likely %d true %d negLikely %d possible %d timeouts %d, want 3 1 1 1 1",
			s.likely, s.likelyTrue, s.negLikely, s.possible, s.timeouts)
	}
}

// TestPGTrgm: pg_trgm's side on a small register, when PostgreSQL is there:
// both methods answer every query, exact names are found, and the
// benchmark's database is dropped afterwards.
func TestPGTrgm(t *testing.T) {
	url := os.Getenv("NSOR_TEST_POSTGRES")
	if url == "" {
		t.Skip("NSOR_TEST_POSTGRES not set")
	}
	c := testConfig(t)
	c.pg = url
	reg, set, err := load(c)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	p, err := runPG(ctx, c, reg, set)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Methods) != 2 {
		t.Fatalf("runPG ran %d methods, want GIN and GiST", len(p.Methods))
	}
	for _, m := range p.Methods {
		if len(m.Results) != len(set.Queries) {
			t.Fatalf("%s answered %d queries, want %d", m.Name, len(m.Results), len(set.Queries))
		}
		g := group(m.Results, set.Labels)
		if r := g.kind[synth.KindExactName].recall(10); r < 0.9 {
			t.Errorf("%s: recall@10 on exact names %.3f, want >= 0.9", m.Name, r)
		}
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1",
		fmt.Sprintf("nsor_matchbench_%d", os.Getpid())).Scan(&n); err != nil || n != 0 {
		t.Errorf("benchmark database left behind: %d, %v", n, err)
	}
}
