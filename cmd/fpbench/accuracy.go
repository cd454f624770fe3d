package main

import (
	"encoding/gob"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"nsor/fingerprint"
	"nsor/fingerprint/afis"
	"nsor/fingerprint/fvc"
)

func accuracy(args []string) error {
	flags := flag.NewFlagSet("accuracy", flag.ExitOnError)
	source := flags.String("source", "both", "images, iso or both")
	calOut := flags.String("calibration", "", "write the pooled impostor distributions as Go source to this file (needs -source both)")
	cache := flags.String("cache", "", "file to keep the templates extracted from the images in, and to read them from when it exists (for tuning the matcher)")
	flags.Parse(args)
	dir, err := fvc.Dir()
	if err != nil {
		return err
	}
	var isoImp, imgImp []float64
	fmt.Printf("fpbench accuracy: FVC2002/2004 DB1-4 set B, %d images; all unordered pairs within a database\n", len(fvc.Samples()))
	fmt.Printf("(genuine: same finger, %d per database; impostor: different fingers, %d per database); GOMAXPROCS=%d\n\n",
		fvc.Fingers*fvc.Impressions*(fvc.Impressions-1)/2, (fvc.Fingers*fvc.Impressions)*(fvc.Fingers*fvc.Impressions-1)/2-fvc.Fingers*fvc.Impressions*(fvc.Impressions-1)/2,
		runtime.GOMAXPROCS(0))
	if *source == "iso" || *source == "both" {
		if err := openAFISBaseline(dir); err != nil {
			return err
		}
		if isoImp, err = accuracyOf("ISO templates (SecuGen SDK minutiae)", dir, func(s fvc.Sample) (fingerprint.Template, error) { return s.LoadTemplate(dir) }); err != nil {
			return err
		}
	}
	if *source == "images" || *source == "both" {
		cached, err := readCache(*cache)
		if err != nil {
			return err
		}
		extracted := make(map[string]fingerprint.Template)
		var mu sync.Mutex
		if imgImp, err = accuracyOf("images (afis.Extract)", dir, func(s fvc.Sample) (fingerprint.Template, error) {
			if t, ok := cached[s.String()]; ok {
				return t, nil
			}
			img, err := s.LoadImage(dir)
			if err != nil {
				return fingerprint.Template{}, err
			}
			t, err := afis.Extract(img, s.Resolution())
			mu.Lock()
			extracted[s.String()] = t
			mu.Unlock()
			return t, err
		}); err != nil {
			return err
		}
		if *cache != "" && cached == nil {
			if err := writeCache(*cache, extracted); err != nil {
				return err
			}
		}
	}
	if *calOut != "" {
		if isoImp == nil || imgImp == nil {
			return errors.New("-calibration needs -source both")
		}
		return writeCalibration(*calOut, isoImp, imgImp)
	}
	return nil
}

func accuracyOf(title, dir string, load func(fvc.Sample) (fingerprint.Template, error)) ([]float64, error) {
	samples := fvc.Samples()
	preps := make([]*afis.Prepared, len(samples))
	t0 := time.Now()
	errs := parallel(len(samples), func(i int) error {
		t, err := load(samples[i])
		if err != nil {
			return fmt.Errorf("%s: %w", samples[i], err)
		}
		preps[i], err = afis.Prepare(t)
		if err != nil {
			return fmt.Errorf("%s: %w", samples[i], err)
		}
		return nil
	})
	if errs != nil {
		return nil, errs
	}
	tLoad := time.Since(t0)
	minutiae := 0
	for _, p := range preps {
		minutiae += p.Len()
	}
	type pair struct{ i, j int }
	var pairs []pair
	for i := range samples {
		for j := i + 1; j < len(samples); j++ {
			if samples[i].DB == samples[j].DB {
				pairs = append(pairs, pair{i, j})
			}
		}
	}
	scores := make([]float64, len(pairs))
	t1 := time.Now()
	cmps := make([]*afis.Comparer, runtime.GOMAXPROCS(0))
	var mu sync.Mutex
	next := 0
	parallelWorkers(len(cmps), func(w int) {
		k := afis.NewComparer()
		for {
			mu.Lock()
			lo := next
			next += 256
			mu.Unlock()
			if lo >= len(pairs) {
				return
			}
			for q := lo; q < min(lo+256, len(pairs)); q++ {
				scores[q] = k.Compare(preps[pairs[q].i], preps[pairs[q].j])
			}
		}
	})
	tCmp := time.Since(t1)
	fmt.Printf("== %s ==\n", title)
	fmt.Printf("templates: %d, mean %.1f minutiae; load+extract+prepare %v; %d comparisons in %v (%.0f µs each per core)\n",
		len(preps), float64(minutiae)/float64(len(preps)), tLoad.Round(time.Millisecond), len(pairs), tCmp.Round(time.Millisecond),
		float64(tCmp.Microseconds())*float64(runtime.GOMAXPROCS(0))/float64(len(pairs)))
	fmt.Printf("%-9s %8s %8s %8s %8s %8s %8s\n", "database", "genuine", "impostor", "EER%", "FMR100%", "FMR1000%", "thrEER")
	var allG, allI []float64
	for _, db := range fvc.Databases {
		var g, im []float64
		for q, p := range pairs {
			if samples[p.i].DB != db {
				continue
			}
			if samples[p.i].Finger == samples[p.j].Finger {
				g = append(g, scores[q])
			} else {
				im = append(im, scores[q])
			}
		}
		allG, allI = append(allG, g...), append(allI, im...)
		printRates(db, afis.ComputeRates(g, im))
	}
	printRates("pooled", afis.ComputeRates(allG, allI))
	fmt.Printf("thresholds on the pooled impostor scores: FMR 1%% %.2f, FMR 0.1%% %.2f, FMR 0.01%% %.2f\n\n",
		afis.ThresholdAtFMR(allI, 0.01), afis.ThresholdAtFMR(allI, 0.001), afis.ThresholdAtFMR(allI, 0.0001))
	return allI, nil
}

func printRates(name string, r afis.Rates) {
	fmt.Printf("%-9s %8d %8d %8.2f %8.2f %8.2f %8.2f\n", name, r.Genuine, r.Impostor, 100*r.EER, 100*r.FMR100, 100*r.FMR1000, r.EERThreshold)
}

// parallel runs f(0..n-1) on GOMAXPROCS goroutines and returns the first error.
func parallel(n int, f func(int) error) error {
	var mu sync.Mutex
	var first error
	next := 0
	parallelWorkers(runtime.GOMAXPROCS(0), func(int) {
		for {
			mu.Lock()
			i := next
			next++
			stop := first != nil
			mu.Unlock()
			if i >= n || stop {
				return
			}
			if err := f(i); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}
	})
	return first
}

func parallelWorkers(w int, f func(int)) {
	var wg sync.WaitGroup
	for i := 0; i < w; i++ {
		wg.Add(1)
		go func(i int) { defer wg.Done(); f(i) }(i)
	}
	wg.Wait()
}

func readCache(path string) (map[string]fingerprint.Template, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var m map[string]fingerprint.Template
	return m, gob.NewDecoder(f).Decode(&m)
}

func writeCache(path string, m map[string]fingerprint.Template) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(f).Encode(m); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeCalibration writes the pooled impostor scores, compacted, as the Go
// source of the package's shipped calibrations.
func writeCalibration(path string, iso, img []float64) error {
	var b strings.Builder
	b.WriteString("// Code generated by go run ./cmd/fpbench accuracy -source both -calibration fingerprint/afis/calibration_fvc.go; DO NOT EDIT.\n\n")
	b.WriteString("package afis\n\n")
	for _, c := range []struct {
		name, source string
		imp          []float64
	}{
		{"fvcISO", "FVC2002/2004 DB1-4 B, ISO templates, pooled impostor pairs", iso},
		{"fvcImages", "FVC2002/2004 DB1-4 B, afis.Extract on the images, pooled impostor pairs", img},
	} {
		cal := afis.NewCalibration(c.source, c.imp).Compact(300)
		scores, counts := cal.Table()
		fmt.Fprintf(&b, "var %sScores = []float64{", c.name)
		for i, s := range scores {
			if i%8 == 0 {
				b.WriteString("\n\t")
			} else {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%s,", strconv.FormatFloat(s, 'g', -1, 64))
		}
		fmt.Fprintf(&b, "\n}\n\nvar %sCounts = []int{", c.name)
		for i, k := range counts {
			if i%16 == 0 {
				b.WriteString("\n\t")
			} else {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%d,", k)
		}
		fmt.Fprintf(&b, "\n}\n\nconst %sSource = %q\n\n", c.name, c.source)
	}
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		return err
	}
	return os.WriteFile(path, src, 0o644)
}
