package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"nsor/dna"
)

// dnaCommands are the subcommands of "nsor dna": the statistics and searches
// an examiner runs on files, outside the register (docs/dna.md).
var dnaCommands = map[string]func(ctx context.Context, args []string, stdout io.Writer) error{
	"rmp":    dnaRMP,
	"search": dnaSearch,
}

// dnaCmd dispatches "nsor dna <command>".
func dnaCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if err := subcommand("dna", args, stdout); err != nil {
		return err
	}
	return dnaCommands[args[0]](ctx, args[1:], stdout)
}

// dnaRMP prints the random match probability of every profile of a wide
// profile file, as CSV "sample,log10_rmp", so that anyone can check the
// register's statistics on their own data:
//
//	nsor dna rmp --frequencies F.csv [--population P] [--theta 0.03] [--formula 4.10|4.1] [--floor 5/2N|none] [--loci codis20|all] PROFILES.csv
//
// Without --population each profile is taken against its own pop column's
// table; with it (a comma-separated list, or "all"), against the most
// conservative (largest RMP) of the tables named.
func dnaRMP(_ context.Context, args []string, stdout io.Writer) error {
	const cmd = "dna rmp"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	freqs := fs.String("frequencies", "", "allele frequencies in the long format (pop,locus,allele,count,n_alleles,freq)")
	pops := fs.String("population", "", "the population tables, comma-separated, or all (default: each profile's own pop column)")
	theta := fs.Float64("theta", dna.DefaultTheta, "θ, the coancestry coefficient")
	formula := fs.String("formula", string(dna.NRC410), "NRC II formula: 4.10 (Balding-Nichols) or 4.1 (product rule, θ for homozygotes)")
	floor := fs.String("floor", "5/2N", "minimum allele frequency: 5/2N or none")
	loci := fs.String("loci", "codis20", "the loci used: codis20 or all (every autosomal locus of the profile)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	o := dna.Options{Formula: dna.Formula(*formula), Theta: *theta, Loci: dna.CODIS20}
	switch {
	case *freqs == "":
		return usagef(cmd, "--frequencies F.csv is required")
	case fs.NArg() != 1:
		return usagef(cmd, "give one profile file: nsor dna rmp --frequencies F.csv PROFILES.csv")
	case o.Formula != dna.NRC41 && o.Formula != dna.NRC410:
		return usagef(cmd, "--formula %q: 4.10 or 4.1", *formula)
	case *floor != "5/2N" && *floor != "none":
		return usagef(cmd, "--floor %q: 5/2N or none", *floor)
	case *loci != "codis20" && *loci != "all":
		return usagef(cmd, "--loci %q: codis20 or all", *loci)
	case *theta < 0 || *theta >= 1:
		return usagef(cmd, "--theta %v: θ is in [0, 1)", *theta)
	}
	o.Floor = *floor == "5/2N"
	if *loci == "all" {
		o.Loci = nil
	}
	tables, err := readFile(*freqs, dna.ReadFrequencies)
	if err != nil {
		return err
	}
	samples, err := readFile(fs.Arg(0), dna.ReadProfiles)
	if err != nil {
		return err
	}
	chosen, err := pickTables(tables, *pops)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	fmt.Fprintln(w, "sample,log10_rmp")
	for _, s := range samples {
		ts := chosen
		if ts == nil {
			if tables[s.Population] == nil {
				return fmt.Errorf("sample %s: its population %q has no table in %s; name one with --population", s.Profile.ID, s.Population, *freqs)
			}
			ts = []*dna.Table{tables[s.Population]}
		}
		r, err := dna.Conservative(s.Profile, ts, o)
		if err != nil {
			return fmt.Errorf("sample %s: %w", s.Profile.ID, err)
		}
		fmt.Fprintf(w, "%s,%s\n", csvField(s.Profile.ID), strconv.FormatFloat(r.Log10, 'f', -1, 64))
	}
	return w.Flush()
}

// pickTables returns the tables --population names (nil for each profile's
// own).
func pickTables(tables map[string]*dna.Table, pops string) ([]*dna.Table, error) {
	if pops == "" {
		return nil, nil
	}
	var names []string
	if pops == "all" {
		for n := range tables {
			names = append(names, n)
		}
		slices.Sort(names)
	} else {
		names = strings.Split(pops, ",")
	}
	var out []*dna.Table
	for _, n := range names {
		t := tables[strings.TrimSpace(n)]
		if t == nil {
			have := make([]string, 0, len(tables))
			for k := range tables {
				have = append(have, k)
			}
			slices.Sort(have)
			return nil, fmt.Errorf("no population %q in the frequencies; they have %s", n, strings.Join(have, ", "))
		}
		out = append(out, t)
	}
	return out, nil
}

// readFile opens path and reads it with read.
func readFile[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	v, err := read(bufio.NewReader(f))
	if err != nil {
		return v, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// csvField quotes s when CSV needs it.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// dnaSearch searches a file of profiles with each profile of a probe file,
// as an examiner checks a hit outside the register (docs/dna.md):
//
//	nsor dna search --database PROFILES.csv [--stringency high|moderate|low] [--min-loci 8] [--mismatch] PROBES.csv
//
// It prints CSV "probe,candidate,shared_loci,mismatch_locus", the
// candidates of each probe most shared loci first; a probe without
// candidates prints no row.
func dnaSearch(_ context.Context, args []string, stdout io.Writer) error {
	const cmd = "dna search"
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	db := fs.String("database", "", "the profiles searched, in the wide format (sample,pop,LOCUS.1,LOCUS.2,...)")
	stringency := fs.String("stringency", string(dna.High), "high (the same alleles), moderate (one contains the other) or low (an allele in common)")
	minLoci := fs.Int("min-loci", 8, "the fewest loci a candidate must share with the probe")
	mismatch := fs.Bool("mismatch", false, "let one shared locus differ by an allele")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	switch s := dna.Stringency(*stringency); {
	case *db == "":
		return usagef(cmd, "--database PROFILES.csv is required")
	case fs.NArg() != 1:
		return usagef(cmd, "give one probe file: nsor dna search --database PROFILES.csv PROBES.csv")
	case s != dna.High && s != dna.Moderate && s != dna.Low:
		return usagef(cmd, "--stringency %q: high, moderate or low", *stringency)
	case *minLoci < 1:
		return usagef(cmd, "--min-loci %d: at least 1", *minLoci)
	}
	profiles, err := readFile(*db, dna.ReadProfiles)
	if err != nil {
		return err
	}
	probes, err := readFile(fs.Arg(0), dna.ReadProfiles)
	if err != nil {
		return err
	}
	ix := dna.NewIndex()
	for _, p := range profiles {
		ix.Add(p.Profile)
	}
	w := bufio.NewWriter(stdout)
	fmt.Fprintln(w, "probe,candidate,shared_loci,mismatch_locus")
	for _, pr := range probes {
		hits, err := ix.Search(dna.Query{Probe: pr.Profile, Stringency: dna.Stringency(*stringency), MinLoci: *minLoci, Mismatch: *mismatch})
		if err != nil {
			return fmt.Errorf("probe %s: %w", pr.Profile.ID, err)
		}
		for _, h := range hits {
			fmt.Fprintf(w, "%s,%s,%d,%s\n", csvField(pr.Profile.ID), csvField(h.ID), h.Shared, h.Mismatch)
		}
	}
	return w.Flush()
}
