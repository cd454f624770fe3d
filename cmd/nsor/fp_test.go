package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nsor/fingerprint"
	"nsor/fingerprint/synth"
)

// writeFingers writes synthetic fingers as one ISO 19794-2:2005 record.
func writeFingers(t *testing.T, path string, fs ...fingerprint.Template) string {
	t.Helper()
	b, err := synth.Record(fs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func impressionsOf(rnd *rand.Rand, fs []fingerprint.Template) []fingerprint.Template {
	out := make([]fingerprint.Template, len(fs))
	for i, f := range fs {
		out[i] = synth.Impression(rnd, f)
	}
	return out
}

// TestFPCompareTenprint: a person's second tenprint is for an examiner to
// compare, another person's is below the threshold; each finger is
// listed with its score and the result never says identified.
func TestFPCompareTenprint(t *testing.T) {
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(11, 12))
	person := synth.Tenprint(rnd)
	a := writeFingers(t, filepath.Join(dir, "a.iso"), person...)
	b := writeFingers(t, filepath.Join(dir, "b.iso"), impressionsOf(rnd, person)...)
	c := writeFingers(t, filepath.Join(dir, "c.iso"), synth.Tenprint(rnd)...)

	code, out, errs := runCLI(t, "fp", "compare", a, b)
	if code != 0 || errs != "" {
		t.Fatalf("mate: exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{"finger 1 (right thumb): score", "finger 10 (left little)", "fused false-match rate", "threshold: fused false-match rate at most 0.0001", "calibration:", "result: examiner should compare"} {
		if !strings.Contains(out, want) {
			t.Errorf("mate: output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, "fp", "compare", "--fmr", "1e-3", a, c)
	if code != 0 || !strings.Contains(out, "result: below threshold") || !strings.Contains(out, "at most 0.001") {
		t.Errorf("stranger: exit %d\n%s", code, out)
	}
	for _, o := range []string{out} {
		if strings.Contains(strings.ToLower(o), "identified") {
			t.Errorf("the output says identified:\n%s", o)
		}
	}
}

// TestFPCompareOneFinger: single fingers print the score, its rate and the
// threshold score set from --fmr.
func TestFPCompareOneFinger(t *testing.T) {
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(13, 14))
	f := synth.Finger(rnd, 0)
	a := writeFingers(t, filepath.Join(dir, "a.iso"), f)
	b := writeFingers(t, filepath.Join(dir, "b.iso"), synth.Impression(rnd, f))
	c := writeFingers(t, filepath.Join(dir, "c.iso"), synth.Finger(rnd, 0))
	code, out, _ := runCLI(t, "fp", "compare", a, b)
	if code != 0 || !strings.Contains(out, "score: ") || !strings.Contains(out, "threshold: score ") ||
		!strings.Contains(out, "false-match rate of 0.0001") || !strings.HasSuffix(out, "result: examiner should compare\n") {
		t.Errorf("mate: exit %d\n%s", code, out)
	}
	if code, out, _ = runCLI(t, "fp", "compare", a, c); code != 0 || !strings.HasSuffix(out, "result: below threshold\n") {
		t.Errorf("stranger: exit %d\n%s", code, out)
	}
}

// TestFPSearch: a folder searched with a finger ranks its mate first and
// says it is for an examiner; other files follow below the threshold.
func TestFPSearch(t *testing.T) {
	dir := t.TempDir()
	gallery := filepath.Join(dir, "gallery")
	if err := os.Mkdir(gallery, 0o700); err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(15, 16))
	var mate fingerprint.Template
	for i := range 12 {
		f := synth.Finger(rnd, fingerprint.Position(1+i%10))
		if i == 7 {
			mate = f
		}
		writeFingers(t, filepath.Join(gallery, "p"+string(rune('a'+i))+".iso"), f)
	}
	probe := writeFingers(t, filepath.Join(dir, "probe.iso"), synth.Impression(rnd, mate))
	code, out, errs := runCLI(t, "fp", "search", "--gallery", gallery, "--limit", "3", probe)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "gallery: 12 fingers") ||
		!strings.HasPrefix(lines[2], "  1. ph.iso finger 8 (left middle): score") || !strings.HasSuffix(lines[2], "examiner should compare") ||
		!strings.HasSuffix(lines[3], "below threshold") {
		t.Errorf("search output:\n%s", out)
	}
	// A file the gallery cannot read stops the search, naming it.
	if err := os.WriteFile(filepath.Join(gallery, "zz.txt"), []byte("notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs = runCLI(t, "fp", "search", "--gallery", gallery, probe); code != 1 || !strings.Contains(errs, "zz.txt") {
		t.Errorf("unreadable gallery file: exit %d, stderr %q", code, errs)
	}
}

// TestFPRefusals: usage errors exit 2, bad data 1, each saying why.
func TestFPRefusals(t *testing.T) {
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(17, 18))
	ten := synth.Tenprint(rnd)
	good := writeFingers(t, filepath.Join(dir, "good.iso"), ten...)
	b, _ := os.ReadFile(good)
	trunc := filepath.Join(dir, "trunc.iso")
	os.WriteFile(trunc, b[:len(b)-9], 0o600)
	unplaced := ten[:2]
	unplaced[0].Position, unplaced[1].Position = 0, 0
	twoUnknown := writeFingers(t, filepath.Join(dir, "two.iso"), unplaced...)
	png := filepath.Join(dir, "noppi.png")
	os.WriteFile(png, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 40)...), 0o600)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"fp"}, 2, "which one?"},
		{[]string{"fp", "match"}, 2, "unknown command"},
		{[]string{"fp", "compare", good}, 2, "give two fingerprint files"},
		{[]string{"fp", "compare", "--fmr", "2", good, good}, 2, "--fmr 2"},
		{[]string{"fp", "compare", "--ppi", "20", good, good}, 2, "--ppi 20"},
		{[]string{"fp", "search", good}, 2, "--gallery DIR is required"},
		{[]string{"fp", "search", "--gallery", dir, "--limit", "0", good}, 2, "--limit 0"},
		{[]string{"fp", "search", "--gallery", dir}, 2, "give one probe file"},
		{[]string{"fp", "compare", good, trunc}, 1, "trunc.iso"},
		{[]string{"fp", "compare", good, filepath.Join(dir, "absent.iso")}, 1, "absent.iso"},
		{[]string{"fp", "compare", good, twoUnknown}, 1, "cannot be paired"},
		{[]string{"fp", "compare", good, png}, 1, "noppi.png"},
		{[]string{"fp", "search", "--gallery", filepath.Join(dir, "none"), good}, 1, "none"},
	} {
		code, out, errs := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) || out != "" {
			t.Errorf("nsor %s: exit %d, stdout %q, stderr %q; want %d saying %q", strings.Join(c.args, " "), code, out, errs, c.code, c.want)
		}
	}
	for _, cmd := range []string{"compare", "search"} {
		if code, out, _ := runCLI(t, "fp", cmd, "--help"); code != 0 || !strings.Contains(out, "nsor fp "+cmd) {
			t.Errorf("nsor fp %s --help: exit %d\n%s", cmd, code, out)
		}
	}
}

// TestFPCompareSharedImages: the FVC images of one finger, read as PNG and
// extracted here, and its ISO template give results on the images'
// calibration (a template and an image: the images' calibration). Skipped
// without the shared data.
func TestFPCompareSharedImages(t *testing.T) {
	root := os.Getenv("NSOR_SHARED_DATA")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "data")
	}
	img := filepath.Join(root, "fingerprints", "fvc-b", "2002-DB1", "101_1.png")
	tpl := filepath.Join(root, "fingerprints", "fvc-b-iso", "2002-DB1", "101_2.iso")
	if _, err := os.Stat(img); err != nil {
		t.Skipf("no FVC images at %s (set NSOR_SHARED_DATA to the shared data directory): %v", img, err)
	}
	code, out, errs := runCLI(t, "fp", "compare", "--ppi", "500", img, tpl)
	if code != 0 || !strings.Contains(out, "calibration: ") || !strings.Contains(out, "result: ") {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
	if !strings.Contains(out, "extract") && !strings.Contains(strings.ToLower(out), "image") {
		t.Errorf("an image compared with a template is read on the images' calibration:\n%s", out)
	}
}
