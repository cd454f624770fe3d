package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"nsor/fingerprint/afis"
	"nsor/fingerprint/fvc"
)

// openAFISBaseline prints the rates of the published OpenAFIS score matrix
// (the data's openafis-scores.csv, over the same ISO templates) under the same
// protocol, as a reference beside this matcher's figures. Its rows and
// columns are in fvc.Samples order; the row template is the probe.
func openAFISBaseline(dir string) error {
	f, err := os.Open(filepath.Join(dir, "openafis-scores.csv"))
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return err
	}
	samples := fvc.Samples()
	if len(rows) != len(samples)+1 {
		return fmt.Errorf("openafis-scores.csv has %d rows, want %d", len(rows), len(samples)+1)
	}
	for i, s := range samples {
		want := fmt.Sprintf("FVC%s_B-%d_%d", s.DB[:4]+"-"+s.DB[5:], s.Finger, s.Impression)
		if rows[0][i+1] != want || rows[i+1][0] != want {
			return fmt.Errorf("openafis-scores.csv label %q, want %q", rows[0][i+1], want)
		}
	}
	fmt.Println("== reference: the published OpenAFIS score matrix on the same ISO templates, same pairs ==")
	fmt.Printf("%-9s %8s %8s %8s %8s %8s %8s\n", "database", "genuine", "impostor", "EER%", "FMR100%", "FMR1000%", "thrEER")
	var allG, allI []float64
	for _, db := range fvc.Databases {
		var g, im []float64
		for i := range samples {
			for j := i + 1; j < len(samples); j++ {
				if samples[i].DB != db || samples[j].DB != db {
					continue
				}
				v, err := strconv.ParseFloat(rows[i+1][j+1], 64)
				if err != nil {
					return err
				}
				if samples[i].Finger == samples[j].Finger {
					g = append(g, v)
				} else {
					im = append(im, v)
				}
			}
		}
		allG, allI = append(allG, g...), append(allI, im...)
		printRates(db, afis.ComputeRates(g, im))
	}
	printRates("pooled", afis.ComputeRates(allG, allI))
	fmt.Println()
	return nil
}
