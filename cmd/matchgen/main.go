// Command matchgen writes a synthetic evaluation set for identity matching:
// a register, the frozen stratified 1,000 queries and their labels, the bulk
// hard negatives and their labels, and a manifest naming the seed, the
// generator's version and the files' SHA-256 (docs/matching-benchmark.md).
//
//	go run ./cmd/matchgen --n 50000 --seed 12 --out DIR
//
// Every spelling in a query comes from the dev split of the Dakshina Urdu
// lexicon, read from $NSOR_SHARED_DATA (default ../shared/data).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"nsor/match/synth"
)

func main() {
	n := flag.Int("n", 50000, "register records")
	seed := flag.Uint64("seed", synth.DefaultSeed, "seed")
	hard := flag.Int("hard", 0, "bulk hard negatives (0: the default for n)")
	out := flag.String("out", "", "directory to write into (required)")
	lexicon := flag.String("lexicon", "", "dev lexicon (default $NSOR_SHARED_DATA/"+synth.DevLexicon+")")
	flag.Parse()
	if *out == "" || *n < 1000 {
		fmt.Fprintln(os.Stderr, "usage: matchgen --out DIR [--n N>=1000] [--seed S] [--hard H] [--lexicon PATH]")
		os.Exit(2)
	}
	if *lexicon == "" {
		*lexicon = filepath.Join(synth.SharedData("."), synth.DevLexicon)
	}
	if *hard == 0 {
		*hard = synth.DefaultHard(*n)
	}
	lx, err := synth.LoadLexicon(*lexicon)
	if err != nil {
		fmt.Fprintln(os.Stderr, "matchgen:", err, "(set NSOR_SHARED_DATA to the shared data directory)")
		os.Exit(1)
	}
	reg := synth.Generate(*n, *seed)
	set := synth.Queries(reg, lx, *seed, *hard)
	m, err := synth.WriteSet(*out, reg, set, synth.Manifest{Generator: synth.Version, Seed: *seed, N: *n,
		Hard: *hard, Lexicon: synth.DevLexicon})
	if err != nil {
		fmt.Fprintln(os.Stderr, "matchgen:", err)
		os.Exit(1)
	}
	for f, sum := range m.Files {
		fmt.Printf("%s  %s\n", sum, filepath.Join(*out, f))
	}
}
