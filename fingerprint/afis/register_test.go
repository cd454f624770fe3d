package afis

import (
	"math/rand/v2"
	"sync"
	"testing"

	"nsor/fingerprint"
	"nsor/fingerprint/synth"
)

// people makes n synthetic persons of four fingers each (positions 1, 2, 6,
// 7: both thumbs and index fingers).
func people(rnd *rand.Rand, n int) [][]Finger {
	out := make([][]Finger, n)
	for i := range out {
		for _, p := range []fingerprint.Position{1, 2, 6, 7} {
			out[i] = append(out[i], Finger{Template: synth.Finger(rnd, p)})
		}
	}
	return out
}

// impressions are another capture of each finger.
func impressions(rnd *rand.Rand, fs []Finger) []Finger {
	out := make([]Finger, len(fs))
	for i, f := range fs {
		out[i] = Finger{Template: synth.Impression(rnd, f.Template)}
	}
	return out
}

func registerOf(t *testing.T, ps [][]Finger) *RegisterIndex {
	t.Helper()
	r := NewRegisterIndex(1e-4)
	for i, p := range ps {
		if err := r.Put(int64(i+1), "sha256:r"+string(rune('a'+i%26)), p); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func TestRegisterFindsMateNotOthers(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	ps := people(rnd, 40)
	r := registerOf(t, ps)
	for _, who := range []int{3, 17, 38} {
		cs, err := r.Search(impressions(rnd, ps[who]))
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].RecordID != int64(who+1) {
			t.Fatalf("person %d: candidates %+v, want record %d alone", who, cs, who+1)
		}
		c := cs[0]
		if !c.MeetsThreshold || c.FusedFMR > 1e-4 || len(c.Fingers) != 4 || c.Calibration != CalibrationISO().Source {
			t.Errorf("person %d: verification %+v", who, c.Verification)
		}
	}
	// A person not in the register: nobody crosses the threshold.
	stranger := people(rnd, 1)[0]
	if cs, err := r.Search(impressions(rnd, stranger)); err != nil || len(cs) != 0 {
		t.Errorf("a stranger found %+v (%v)", cs, err)
	}
}

func TestRegisterDeleteAndReplace(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	ps := people(rnd, 20)
	r := registerOf(t, ps)
	probe := impressions(rnd, ps[5])
	r.Delete(6)
	if cs, _ := r.Search(probe); len(cs) != 0 {
		t.Fatalf("a deleted record was found: %+v", cs)
	}
	// Record 7 now holds person 5's fingers: found as 7, and 7's old fingers no more.
	old := impressions(rnd, ps[6])
	if err := r.Put(7, "sha256:new", ps[5]); err != nil {
		t.Fatal(err)
	}
	if cs, _ := r.Search(probe); len(cs) != 1 || cs[0].RecordID != 7 || cs[0].Ref != "sha256:new" {
		t.Fatalf("replaced record: %+v", cs)
	}
	if cs, _ := r.Search(old); len(cs) != 0 {
		t.Fatalf("a record's replaced fingers were found: %+v", cs)
	}
	// Churn past the rebuild: deleted stay deleted, live stay found.
	for range 5 {
		for i := 8; i <= 20; i++ {
			if err := r.Put(int64(i), "sha256:x", ps[i-1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 8; i <= 20; i++ {
		r.Delete(int64(i))
	}
	// 20+5*13 puts of four fingers were made; each position's gallery was
	// rebuilt and keeps no more dead entries than the rule allows.
	if r.Len() != 6 {
		t.Errorf("after churn: %d records, want 6", r.Len())
	}
	for pos, g := range r.galleries {
		if len(g.entries) >= 20+5*13 || g.dead >= 64 && g.dead > len(g.entries)-g.dead {
			t.Errorf("after churn: position %d's gallery has %d of %d entries dead", pos, g.dead, len(g.entries))
		}
	}
	if cs, _ := r.Search(impressions(rnd, ps[2])); len(cs) != 1 || cs[0].RecordID != 3 {
		t.Errorf("after the rebuild record 3: %+v", cs)
	}
	if cs, _ := r.Search(impressions(rnd, ps[12])); len(cs) != 0 {
		t.Errorf("after the rebuild a deleted record: %+v", cs)
	}
}

func TestRegisterRefuses(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	p := people(rnd, 1)[0]
	r := registerOf(t, [][]Finger{p})
	twice := []Finger{p[0], p[0]}
	unknown := []Finger{{Template: p[0].Template}}
	unknown[0].Template.Position = 0
	empty := []Finger{{Template: fingerprint.Template{ResX: 197, ResY: 197, Position: 3}}}
	for name, err := range map[string]error{
		"put twice":      r.Put(2, "x", twice),
		"put none":       r.Put(2, "x", nil),
		"put no id":      r.Put(0, "x", p),
		"put unknown":    r.Put(2, "x", unknown),
		"put empty":      r.Put(2, "x", empty),
		"search unknown": func() error { _, err := r.Search(unknown); return err }(),
		"search none":    func() error { _, err := r.Search(nil); return err }(),
		"search empty":   func() error { _, err := r.Search(empty); return err }(),
	} {
		if CodeOf(err) == "" {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
	if r.Len() != 1 {
		t.Errorf("refused puts changed the index: %d records", r.Len())
	}
}

func TestRegisterConcurrent(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	ps := people(rnd, 10)
	r := registerOf(t, ps[:5])
	probe := impressions(rnd, ps[1])
	var wg sync.WaitGroup
	for i := 5; i < 10; i++ {
		wg.Add(2)
		go func() { defer wg.Done(); _ = r.Put(int64(i+1), "x", ps[i]) }()
		go func() {
			defer wg.Done()
			if cs, err := r.Search(probe); err != nil || len(cs) != 1 || cs[0].RecordID != 2 {
				t.Errorf("concurrent search: %+v %v", cs, err)
			}
		}()
	}
	wg.Wait()
}

func TestReadFingers(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 10))
	ts := synth.Tenprint(rnd)
	b, err := synth.Record(ts)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := ReadFingers(b, 0)
	if err != nil || len(fs) != 10 || fs[3].Template.Position != 4 || fs[3].Extracted {
		t.Fatalf("ReadFingers: %d fingers, %v", len(fs), err)
	}
	for name, in := range map[string][]byte{
		"empty":      nil,
		"truncated":  b[:len(b)-7],
		"garbage":    []byte("not a fingerprint at all"),
		"png no dpi": append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 30)...),
	} {
		if _, err := ReadFingers(in, 0); CodeOf(err) == "" {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
}
