// Command matchbench measures identity matching on a synthetic register, in
// one run, side by side: the engine (match.Index, in a child process so that
// its peak resident memory is its own) and PostgreSQL's pg_trgm (GIN `%` at
// the default threshold, and GiST nearest neighbour `<->` LIMIT 10) on the
// same register and the same frozen, stratified 1,000 queries
// (docs/matching-benchmark.md).
//
//	go run ./cmd/matchbench --n 50000 --check     # what CI runs (.ci/matchbench)
//	go run ./cmd/matchbench --n 1000000           # the full run, committed in docs/
//
// The register and queries are drawn from --seed by match/synth; the dev
// lexicon is read from $NSOR_SHARED_DATA (default ../shared/data).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"nsor/internal/benchenv"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"nsor/match/synth"
)

type config struct {
	n, hard, k, examples int
	seed                 uint64
	pg, lexicon          string
	check, checkAll      bool
	child                bool
}

func main() {
	var c config
	flag.IntVar(&c.n, "n", 50000, "register records")
	flag.Uint64Var(&c.seed, "seed", synth.DefaultSeed, "seed of the register and queries")
	flag.IntVar(&c.hard, "hard", 0, "bulk hard negatives, engine only (0: the default for n)")
	flag.IntVar(&c.k, "k", 10, "candidates per query")
	flag.IntVar(&c.examples, "examples", 5, "failed queries shown per stratum")
	flag.StringVar(&c.pg, "pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
		"PostgreSQL server for pg_trgm (a fresh database is made and dropped); empty: engine only")
	flag.StringVar(&c.lexicon, "lexicon", "", "dev lexicon (default $NSOR_SHARED_DATA/"+synth.DevLexicon+")")
	flag.BoolVar(&c.check, "check", false, "exit 1 when an accuracy bar is missed")
	flag.BoolVar(&c.checkAll, "check-all", false, "exit 1 when any bar is missed, speed and memory too")
	flag.BoolVar(&c.child, "engine-child", false, "internal: run the engine and write its results to stdout")
	flag.Parse()
	if c.lexicon == "" {
		c.lexicon = filepath.Join(synth.SharedData("."), synth.DevLexicon)
	}
	if c.hard == 0 {
		c.hard = synth.DefaultHard(c.n)
	}
	var err error
	if c.child {
		err = runChild(c, os.Stdout)
	} else {
		err = run(context.Background(), c, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "matchbench:", err)
		os.Exit(1)
	}
}

// load draws the register and the queries from the seed.
func load(c config) (*synth.Register, *synth.Set, error) {
	lx, err := synth.LoadLexicon(c.lexicon)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (set NSOR_SHARED_DATA to the shared data directory)", err)
	}
	reg := synth.Generate(c.n, c.seed)
	return reg, synth.Queries(reg, lx, c.seed, c.hard), nil
}

func run(ctx context.Context, c config, out io.Writer) error {
	start := time.Now()
	reg, set, err := load(c)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "matchbench: %s seed %d, %d records, %d frozen queries, %d hard negatives; %s, %d CPUs\n",
		synth.Version, c.seed, len(reg.Records), len(set.Queries), len(set.HardNegatives), runtime.Version(), runtime.NumCPU())
	fmt.Fprintf(out, "generated in %s; load average at start %s\n\n", time.Since(start).Round(time.Millisecond), benchenv.LoadAverage())
	eng, err := runEngine(c)
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	var pg *pgRun
	if c.pg != "" {
		if pg, err = runPG(ctx, c, reg, set); err != nil {
			return fmt.Errorf("pg_trgm: %w", err)
		}
	}
	missed := report(out, c, reg, set, eng, pg)
	fmt.Fprintf(out, "\nload average at the end %s (the machine's other work shares its 2 CPUs)\n", benchenv.LoadAverage())
	if len(missed) > 0 && (c.check || c.checkAll) {
		return fmt.Errorf("bars missed: %v", missed)
	}
	return nil
}
