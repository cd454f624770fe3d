package afis

import (
	"math"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"nsor/fingerprint"
)

// randomTemplate is a synthetic template: n minutiae spread over a 300 × 400
// image at 500 dpi, with random directions and kinds.
func randomTemplate(rng *rand.Rand, n int) fingerprint.Template {
	t := fingerprint.Template{Width: 300, Height: 400, ResX: refRes, ResY: refRes}
	for i := 0; i < n; i++ {
		t.Minutiae = append(t.Minutiae, fingerprint.Minutia{
			X: rng.IntN(300), Y: rng.IntN(400), Angle: rng.Float64() * 2 * math.Pi,
			Kind: fingerprint.Kind(1 + rng.IntN(2)),
		})
	}
	return t
}

// transformed is t turned by rot about its centre, moved by (tx, ty), with
// every drop-th minutia left out and spurious random minutiae added, in a
// frame large enough to hold it.
func transformed(rng *rand.Rand, t fingerprint.Template, rot, tx, ty float64, drop, spurious int) fingerprint.Template {
	c, s := math.Cos(rot), math.Sin(rot)
	cx, cy := float64(t.Width)/2, float64(t.Height)/2
	out := fingerprint.Template{Width: 800, Height: 800, ResX: t.ResX, ResY: t.ResY}
	for i, m := range t.Minutiae {
		if drop > 0 && i%drop == 0 {
			continue
		}
		dx, dy := float64(m.X)-cx, float64(m.Y)-cy
		m.X = int(math.Round(400 + c*dx + s*dy + tx))
		m.Y = int(math.Round(400 - s*dx + c*dy + ty))
		m.Angle = math.Mod(m.Angle+rot, 2*math.Pi)
		out.Minutiae = append(out.Minutiae, m)
	}
	for i := 0; i < spurious; i++ {
		out.Minutiae = append(out.Minutiae, fingerprint.Minutia{
			X: 250 + rng.IntN(300), Y: 200 + rng.IntN(400), Angle: rng.Float64() * 2 * math.Pi, Kind: fingerprint.RidgeEnding,
		})
	}
	return out
}

// syntheticGallery holds n random templates; entries 0..len(mates)-1 are
// turned, moved and degraded copies of probes, whose mate is the entry of the
// same number.
func syntheticGallery(t *testing.T, n int) (*Index, []fingerprint.Template) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	ix := NewIndex()
	var probes []fingerprint.Template
	for i := 0; i < 12; i++ {
		p := randomTemplate(rng, 40)
		probes = append(probes, p)
		// A fifth of the minutiae dropped, a fifth spurious, any rotation.
		g := transformed(rng, p, float64(i)*math.Pi/6+0.1, float64(rng.IntN(120)-60), float64(rng.IntN(120)-60), 5, 8)
		if _, err := ix.Add(g); err != nil {
			t.Fatal(err)
		}
	}
	for ix.Len() < n {
		if _, err := ix.Add(transformed(rng, randomTemplate(rng, 30+rng.IntN(30)), rng.Float64()*2*math.Pi, 0, 0, 0, 0)); err != nil {
			t.Fatal(err)
		}
	}
	return ix, probes
}

// TestSearchFindsTransformedMate: in a gallery of 4,000 where the full
// matcher sees only the first stage's 300, each probe's turned, moved and
// degraded mate comes first, and the first stage alone puts it in its top 10.
func TestSearchFindsTransformedMate(t *testing.T) {
	ix, probes := syntheticGallery(t, 4000)
	if got := DefaultShortList(ix.Live()); got != 300 {
		t.Fatalf("DefaultShortList(%d) = %d, want 300", ix.Live(), got)
	}
	for i, pt := range probes {
		cs, err := ix.Search(pt, SearchOptions{Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 3 || cs[0].Entry != i {
			t.Errorf("Search(probe %d) = %v, want entry %d first", i, cs, i)
		}
		p, _ := Prepare(pt)
		short := ix.firstStage(p, 10, 2)
		found := false
		for _, h := range short {
			found = found || h.entry == i
		}
		if !found {
			t.Errorf("firstStage(probe %d, 10) = %v, want entry %d among them", i, short, i)
		}
	}
}

// TestFirstStageNeedsOneRotation is the control of the rotation vote: an
// entry whose codes agree with the probe's but whose edges each point in an
// unrelated direction (the probe's minutiae scattered in direction) gets
// fewer votes than the true mate.
func TestFirstStageNeedsOneRotation(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	pt := randomTemplate(rng, 40)
	p, _ := Prepare(pt)
	mate, _ := Prepare(transformed(rng, pt, 2, 10, -10, 0, 0))
	table := probeTable(p)
	codes, dirs := firstStageCodes(mate, nil, nil)
	good := votes(table, codes, dirs, 0)
	for i := range dirs {
		dirs[i] = uint8(rng.IntN(256))
	}
	if bad := votes(table, codes, dirs, 0); bad*2 >= good {
		t.Errorf("votes with scattered directions = %d, want under half of the mate's %d", bad, good)
	}
	// More than 255 agreeing codes: the byte lanes must not overflow.
	big := randomTemplate(rng, 200)
	bp, _ := Prepare(big)
	bc, bd := firstStageCodes(bp, nil, nil)
	if got := votes(probeTable(bp), bc, bd, 0); got < len(bc)*9/10 || len(bc) < 300 {
		t.Errorf("votes(self) = %d of %d codes, want nearly all and more than 300 codes", got, len(bc))
	}
}

func TestIndexDelete(t *testing.T) {
	ix, probes := syntheticGallery(t, 400)
	if !ix.Delete(0) {
		t.Fatal("Delete(0) = false, want true")
	}
	if ix.Delete(0) || ix.Delete(-1) || ix.Delete(ix.Len()) {
		t.Error("Delete of a deleted or absent entry = true, want false")
	}
	if ix.Live() != 399 || ix.Len() != 400 {
		t.Errorf("Live(), Len() = %d, %d, want 399, 400", ix.Live(), ix.Len())
	}
	cs, _ := ix.Search(probes[0], SearchOptions{Limit: 1000})
	for _, c := range cs {
		if c.Entry == 0 {
			t.Fatalf("Search after Delete(0) returns entry 0: %v", c)
		}
	}
	if len(cs) != 300 {
		t.Errorf("Search after Delete returns %d candidates, want the short list of 300", len(cs))
	}
	cs, _ = ix.Search(probes[1], SearchOptions{})
	if cs[0].Entry != 1 {
		t.Errorf("Search(probe 1) after Delete(0) = %v, want entry 1 first", cs[:1])
	}
	// Added after a delete: a new number, found.
	e, _ := ix.Add(probes[0])
	if e != 400 {
		t.Errorf("Add after Delete = %d, want 400 (numbers are not reused)", e)
	}
	if cs, _ := ix.Search(probes[0], SearchOptions{Limit: 1}); cs[0].Entry != 400 {
		t.Errorf("Search(probe 0) = %v, want entry 400", cs)
	}
	for e := 0; e < ix.Len(); e++ {
		ix.Delete(e)
	}
	if cs, _ := ix.Search(probes[0], SearchOptions{}); len(cs) != 0 || ix.Live() != 0 {
		t.Errorf("Search of an emptied index = %v (Live %d), want nothing", cs, ix.Live())
	}
	if cs, _ := NewIndex().Search(probes[0], SearchOptions{}); len(cs) != 0 {
		t.Errorf("Search of a new index = %v, want nothing", cs)
	}
}

// TestSearchConcurrent: searches running at once give what they give alone
// (run with -race).
func TestSearchConcurrent(t *testing.T) {
	ix, probes := syntheticGallery(t, 1000)
	want := make([][]Candidate, len(probes))
	for i, p := range probes {
		want[i], _ = ix.Search(p, SearchOptions{Limit: 5})
	}
	var wg sync.WaitGroup
	got := make([][]Candidate, len(probes))
	for i, p := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = ix.Search(p, SearchOptions{Limit: 5, Workers: 3})
		}()
	}
	wg.Wait()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("concurrent Search = %v, want %v", got, want)
	}
}

// TestDirectionsPacked: an entry's direction bins read back the same wherever
// its codes start in the index's shared arrays, odd or even.
func TestDirectionsPacked(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	a, _ := Prepare(randomTemplate(rng, 3)) // 6 codes
	b, _ := Prepare(randomTemplate(rng, 4)) // 12 codes
	c, _ := Prepare(randomTemplate(rng, 30))
	// Every template gives an even number of codes (n minutiae, min(8, n-1)
	// codes each), so an odd start is made by hand: one code before.
	odd := func(codes []uint16, dirs []uint8) ([]uint16, []uint8) {
		return append(codes, noCode), append(dirs, 7)
	}
	table := probeTable(c)
	cc, cd := firstStageCodes(c, nil, nil)
	want := votes(table, cc, cd, 0)
	for _, before := range [][]func([]uint16, []uint8) ([]uint16, []uint8){
		{codesOf(a)}, {odd}, {codesOf(a), odd}, {codesOf(b), odd, codesOf(a)},
	} {
		var codes []uint16
		var dirs []uint8
		for _, add := range before {
			codes, dirs = add(codes, dirs)
		}
		first := len(codes)
		codes, dirs = firstStageCodes(c, codes, dirs)
		for k := range cc {
			if dirAt(dirs, first+k) != dirAt(cd, k) {
				t.Fatalf("after %d codes, dirAt(%d) = %d, want %d", first, first+k, dirAt(dirs, first+k), dirAt(cd, k))
			}
		}
		if got := votes(table, codes[first:], dirs, first); got != want {
			t.Errorf("after %d codes, votes = %d, want %d", first, got, want)
		}
	}
}

func codesOf(p *Prepared) func([]uint16, []uint8) ([]uint16, []uint8) {
	return func(codes []uint16, dirs []uint8) ([]uint16, []uint8) { return firstStageCodes(p, codes, dirs) }
}

// TestPoseVoteNeedsOneTranslation is the control of the pose vote: an entry
// made of the probe's two halves moved apart keeps most of the probe's codes
// in one rotation, so the rotation vote scores it about as the true mate, but
// its agreeing codes split between two translations, and the pose vote gives
// it well under the mate's count.
func TestPoseVoteNeedsOneTranslation(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	pt := randomTemplate(rng, 40)
	split := pt
	split.Minutiae = nil
	split.Width = 700
	for _, m := range pt.Minutiae {
		if m.X >= 150 {
			m.X += 400 // the right half, 400 pixels further right
		}
		split.Minutiae = append(split.Minutiae, m)
	}
	ix := NewIndex()
	for _, g := range []fingerprint.Template{
		transformed(rng, split, 1, 0, 0, 0, 0),
		transformed(rng, pt, 1, 20, -30, 0, 0),
	} {
		if _, err := ix.Add(g); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := Prepare(pt)
	table, pose, pc := probeTable(p), newPoseTable(p), newPoseCounter()
	rot := func(e int) int {
		return votes(table, ix.codes[ix.coff[e]:ix.coff[e+1]], ix.dirs, int(ix.coff[e]))
	}
	splitRot, mateRot := rot(0), rot(1)
	splitPose, matePose := pc.votes(ix, pose, 0), pc.votes(ix, pose, 1)
	t.Logf("rotation votes: split %d, mate %d; pose votes: split %d, mate %d", splitRot, mateRot, splitPose, matePose)
	if splitRot*10 < mateRot*7 {
		t.Fatalf("rotation votes: split %d, mate %d; the control needs the split entry at 70%% of the mate or more", splitRot, mateRot)
	}
	if splitPose*10 >= matePose*7 {
		t.Errorf("pose votes: split %d, mate %d, want the split entry under 70%% of the mate", splitPose, matePose)
	}
	// The counter is cleared between entries: the same entry counts the same
	// again.
	if again := pc.votes(ix, pose, 1); again != matePose {
		t.Errorf("pose votes of the mate again = %d, want %d", again, matePose)
	}
}

// TestCodesPerMinutia: every minutia gives codesPer codes, edges too long for
// a code included as noCode, so that the pose vote can find a code's minutia;
// and neither vote reads past its table on them.
func TestCodesPerMinutia(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 13))
	for n := 2; n <= 30; n++ {
		tp := fingerprint.Template{Width: 2000, Height: 2000, ResX: refRes, ResY: refRes}
		for i := 0; i < n; i++ {
			tp.Minutiae = append(tp.Minutiae, fingerprint.Minutia{X: rng.IntN(2000), Y: rng.IntN(2000), Angle: rng.Float64() * 2 * math.Pi, Kind: fingerprint.RidgeEnding})
		}
		p, _ := Prepare(tp)
		codes, dirs := firstStageCodes(p, nil, nil)
		if len(codes) != n*codesPer(n) {
			t.Fatalf("%d minutiae: %d codes, want %d", n, len(codes), n*codesPer(n))
		}
		long := 0
		for _, c := range codes {
			if c == noCode {
				long++
			}
		}
		if n > 10 && long == 0 {
			t.Errorf("%d minutiae over 2000 pixels: no edge too long for a code", n)
		}
		ix := NewIndex()
		ix.AddPrepared(p)
		if got := votes(probeTable(p), codes, dirs, 0); got == 0 && long < len(codes) {
			t.Errorf("%d minutiae: rotation votes against itself = 0", n)
		}
		if got := newPoseCounter().votes(ix, newPoseTable(p), 0); got == 0 && long < len(codes) {
			t.Errorf("%d minutiae: pose votes against itself = 0", n)
		}
	}
}

// TestSearchPassesMateOverSplitDecoys: a gallery holds a degraded mate of the
// probe and a dozen entries each made of the probe's two halves moved apart.
// The rotation vote ranks every decoy above the mate, so a short list of four
// drawn by it alone would lose the mate; the pose vote passes it, and it comes
// first.
func TestSearchPassesMateOverSplitDecoys(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 17))
	pt := randomTemplate(rng, 40)
	ix := NewIndex()
	for i := 0; i < 12; i++ {
		split := pt
		split.Minutiae = nil
		split.Width = 620
		for _, m := range pt.Minutiae {
			if m.X >= 150 {
				m.X += 200 + 10*i
			}
			split.Minutiae = append(split.Minutiae, m)
		}
		if _, err := ix.Add(transformed(rng, split, float64(i)/2, 0, 0, 0, 0)); err != nil {
			t.Fatal(err)
		}
	}
	mate, err := ix.Add(transformed(rng, pt, 2.5, 30, 10, 5, 4))
	if err != nil {
		t.Fatal(err)
	}
	for ix.Len() < 300 {
		if _, err := ix.Add(randomTemplate(rng, 30+rng.IntN(30))); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := Prepare(pt)
	for _, h := range ix.firstStage(p, 12, 2) {
		if h.entry == mate {
			t.Fatalf("the rotation vote ranks the mate among its best 12 (%+v); the control needs every decoy above it", h)
		}
	}
	cs := ix.SearchPrepared(p, SearchOptions{ShortList: 4, Limit: 1})
	if len(cs) != 1 || cs[0].Entry != mate {
		t.Errorf("SearchPrepared(short list 4) = %v, want entry %d first", cs, mate)
	}
}
