package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"

	"nsor/fingerprint"
	"nsor/fingerprint/afis"
)

// fpCommands are the subcommands of "nsor fp": the comparisons and searches
// a fingerprint examiner runs on files, outside the register
// (docs/fingerprints.md). They print scores and false-match rates for an
// examiner; nothing they print is an identification.
var fpCommands = map[string]func(ctx context.Context, args []string, stdout io.Writer) error{
	"compare": fpCompare,
	"search":  fpSearch,
}

// fpCmd dispatches "nsor fp <command>".
func fpCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if err := subcommand("fp", args, stdout); err != nil {
		return err
	}
	return fpCommands[args[0]](ctx, args[1:], stdout)
}

// The words of a result: a score at or beyond the threshold is for an
// examiner to compare, never an identification.
const (
	wordCompare = "examiner should compare"
	wordBelow   = "below threshold"
)

// positionNames are the finger positions of ANSI/NIST-ITL 1-2011 Table 8.
var positionNames = [...]string{"position unknown", "right thumb", "right index", "right middle", "right ring", "right little",
	"left thumb", "left index", "left middle", "left ring", "left little"}

func positionName(p fingerprint.Position) string {
	if int(p) < len(positionNames) {
		return positionNames[p]
	}
	return fmt.Sprintf("position %d", p)
}

// fpFlags are the flags compare and search share.
type fpFlags struct {
	ppi *int
	fmr *float64
}

func addFPFlags(fs *flag.FlagSet) fpFlags {
	return fpFlags{
		ppi: fs.Int("ppi", 0, "the resolution of images that do not state their own (pixels per inch)"),
		fmr: fs.Float64("fmr", 1e-4, "the false-match rate the threshold is set from"),
	}
}

func (f fpFlags) check(cmd string) error {
	switch {
	case !(*f.fmr > 0 && *f.fmr < 1):
		return usagef(cmd, "--fmr %v: a false-match rate is in (0, 1)", *f.fmr)
	case *f.ppi != 0 && (*f.ppi < 100 || *f.ppi > 4000):
		return usagef(cmd, "--ppi %d: 100 to 4000", *f.ppi)
	}
	return nil
}

// readFingerFile reads the fingers of a file (afis.ReadFingers), naming the
// file in a refusal.
func readFingerFile(path string, ppi int) ([]afis.Finger, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fs, err := afis.ReadFingers(b, ppi)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return fs, nil
}

// fpCompare compares the fingers of two files:
//
//	nsor fp compare [--ppi N] [--fmr 1e-4] A B
//
// One finger each: the matcher's score, its false-match rate and the
// threshold score at --fmr. Fingers with positions on both sides (a
// tenprint): each position both hold, and the fingers fused by Fisher's
// method against a fused false-match rate of --fmr (afis.Verify).
func fpCompare(_ context.Context, args []string, stdout io.Writer) error {
	const cmd = "fp compare"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	ff := addFPFlags(fs)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef(cmd, "give two fingerprint files: nsor fp compare A B")
	}
	if err := ff.check(cmd); err != nil {
		return err
	}
	a, err := readFingerFile(fs.Arg(0), *ff.ppi)
	if err != nil {
		return err
	}
	b, err := readFingerFile(fs.Arg(1), *ff.ppi)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	if len(a) == 1 && len(b) == 1 {
		cal := afis.CalibrationFor(a[0], b[0])
		s := afis.Compare(mustPrepare(a[0]), mustPrepare(b[0]))
		th := cal.Threshold(*ff.fmr)
		fmt.Fprintf(w, "calibration: %s (%d impostor comparisons)\n", cal.Source, cal.Impostors())
		fmt.Fprintf(w, "score: %.2f (false-match rate %.3g)\n", s, cal.FMR(s))
		fmt.Fprintf(w, "threshold: score %s, set from a false-match rate of %g\n", thresholdWord(th), *ff.fmr)
		fmt.Fprintf(w, "result: %s\n", verdict(s >= th))
		return w.Flush()
	}
	if !positioned(a) || !positioned(b) {
		return fmt.Errorf("%s has %d fingers and %s %d: several fingers are compared by position, and a finger without one (0) cannot be paired", fs.Arg(0), len(a), fs.Arg(1), len(b))
	}
	cal := calibrationOfAll(a, b)
	v, err := afis.Verify(templatesOf(a), templatesOf(b), cal, *ff.fmr)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "calibration: %s (%d impostor comparisons)\n", cal.Source, cal.Impostors())
	for _, f := range v.Fingers {
		fmt.Fprintf(w, "finger %d (%s): score %.2f (false-match rate %.3g)\n", f.Position, positionName(f.Position), f.Score, f.FMR)
	}
	fmt.Fprintf(w, "fused false-match rate: %.3g (Fisher's method over %d fingers)\n", v.FusedFMR, len(v.Fingers))
	fmt.Fprintf(w, "threshold: fused false-match rate at most %g; one finger alone: score %s\n", *ff.fmr, thresholdWord(cal.Threshold(*ff.fmr)))
	fmt.Fprintf(w, "result: %s\n", verdict(v.MeetsThreshold))
	return w.Flush()
}

// fpSearch searches a folder of fingerprint files with each finger of a
// probe file:
//
//	nsor fp search --gallery DIR [--ppi N] [--fmr 1e-4] [--limit 10] PROBE
//
// Every file of DIR (not its subfolders) is read; a file that cannot be
// read stops the search, naming it. For each probe finger the candidates
// are printed ranked by score, each with its false-match rate and whether
// it reaches the threshold set from --fmr.
func fpSearch(_ context.Context, args []string, stdout io.Writer) error {
	const cmd = "fp search"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	dir := fs.String("gallery", "", "the folder of fingerprint files searched")
	limit := fs.Int("limit", 10, "the most candidates printed for each probe finger")
	ff := addFPFlags(fs)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	switch {
	case *dir == "":
		return usagef(cmd, "--gallery DIR is required")
	case fs.NArg() != 1:
		return usagef(cmd, "give one probe file: nsor fp search --gallery DIR PROBE")
	case *limit < 1:
		return usagef(cmd, "--limit %d: at least 1", *limit)
	}
	if err := ff.check(cmd); err != nil {
		return err
	}
	probe, err := readFingerFile(fs.Arg(0), *ff.ppi)
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(*dir)
	if err != nil {
		return err
	}
	type entry struct {
		file   string
		finger afis.Finger
	}
	var gallery []entry
	ix := afis.NewIndex()
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		fingers, err := readFingerFile(filepath.Join(*dir, e.Name()), *ff.ppi)
		if err != nil {
			return err
		}
		for _, f := range fingers {
			ix.AddPrepared(mustPrepare(f))
			gallery = append(gallery, entry{e.Name(), f})
		}
	}
	if len(gallery) == 0 {
		return fmt.Errorf("%s: no fingerprint file in the folder", *dir)
	}
	w := bufio.NewWriter(stdout)
	fmt.Fprintf(w, "gallery: %d fingers from %s; threshold set from a false-match rate of %g\n", len(gallery), *dir, *ff.fmr)
	for i, p := range probe {
		fmt.Fprintf(w, "probe finger %d (%s):\n", i+1, positionName(p.Template.Position))
		for r, c := range ix.SearchPrepared(mustPrepare(p), afis.SearchOptions{Limit: *limit}) {
			g := gallery[c.Entry]
			cal := afis.CalibrationFor(p, g.finger)
			fmt.Fprintf(w, "  %d. %s finger %d (%s): score %.2f, false-match rate %.3g, threshold %s: %s\n", r+1, g.file,
				g.finger.Template.Position, positionName(g.finger.Template.Position), c.Score, cal.FMR(c.Score),
				thresholdWord(cal.Threshold(*ff.fmr)), verdict(c.Score >= cal.Threshold(*ff.fmr)))
		}
	}
	fmt.Fprintln(w, "A candidate is a lead for an examiner's comparison, not a finding.")
	return w.Flush()
}

func verdict(meets bool) string {
	if meets {
		return wordCompare
	}
	return wordBelow
}

// thresholdWord is a threshold score, or why there is none: a calibration
// of n impostor comparisons cannot show a rate below 1/(n+1).
func thresholdWord(th float64) string {
	if math.IsInf(th, 1) {
		return "none (the calibration has too few impostor comparisons to show so low a rate)"
	}
	return fmt.Sprintf("%.2f", th)
}

// mustPrepare prepares a finger ReadFingers has checked.
func mustPrepare(f afis.Finger) *afis.Prepared {
	p, err := afis.Prepare(f.Template)
	if err != nil {
		panic(err) // ReadFingers refuses what Prepare would
	}
	return p
}

func positioned(fs []afis.Finger) bool {
	return !slices.ContainsFunc(fs, func(f afis.Finger) bool { return f.Template.Position == 0 })
}

func templatesOf(fs []afis.Finger) []fingerprint.Template {
	out := make([]fingerprint.Template, len(fs))
	for i, f := range fs {
		out[i] = f.Template
	}
	return out
}

// calibrationOfAll is the images' calibration when any finger of a or b was
// extracted here, else the templates'.
func calibrationOfAll(a, b []afis.Finger) *afis.Calibration {
	if slices.ContainsFunc(append(slices.Clone(a), b...), func(f afis.Finger) bool { return f.Extracted }) {
		return afis.CalibrationImages()
	}
	return afis.CalibrationISO()
}
