// Command variantgen builds match/variants.tsv, the spelling-variant
// dictionary of the matching engine, from the train split of the Dakshina
// Urdu romanisation lexicon (urdu<TAB>latin<TAB>count). It never reads the
// dev split: the evaluation draws its query spellings from that one.
//
//	go run ./match/internal/variantgen [-in FILE] [-out match/variants.tsv]
//
// The input defaults to $NSOR_SHARED_DATA/names/dakshina-ur-lexicon.train.tsv,
// NSOR_SHARED_DATA defaulting to ../shared/data relative to the repository.
// Each output line is one Urdu word and the Latin spellings native speakers
// wrote for it, most written first:
//
//	محمد<TAB>muhammad mohammad mohammed muhammed ...
//
// The output is derived data under CC BY-SA 4.0 (match/VARIANTS-README.md).
package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	def := filepath.Join(sharedData(), "names", "dakshina-ur-lexicon.train.tsv")
	in := flag.String("in", def, "the Dakshina Urdu lexicon's train split")
	out := flag.String("out", filepath.Join("match", "variants.tsv"), "the dictionary to write")
	flag.Parse()
	if strings.Contains(filepath.Base(*in), ".dev.") || strings.Contains(filepath.Base(*in), ".test.") {
		fmt.Fprintln(os.Stderr, "variantgen: only the train split may build the dictionary")
		os.Exit(2)
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "variantgen:", err)
		os.Exit(1)
	}
}

func sharedData() string {
	if d := os.Getenv("NSOR_SHARED_DATA"); d != "" {
		return d
	}
	return filepath.Join("..", "shared", "data")
}

type spelling struct {
	latin string
	count int
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	words := map[string][]spelling{}
	var order []string
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 {
			return fmt.Errorf("%s:%d: want 3 tab-separated columns, got %d", in, line, len(cols))
		}
		n, err := strconv.Atoi(cols[2])
		if err != nil || n < 1 {
			return fmt.Errorf("%s:%d: bad count %q", in, line, cols[2])
		}
		latin := strings.ToLower(strings.TrimSpace(cols[1]))
		if latin == "" || strings.ContainsAny(latin, " \t") {
			continue
		}
		ur := strings.TrimSpace(cols[0])
		if _, ok := words[ur]; !ok {
			order = append(order, ur)
		}
		words[ur] = append(words[ur], spelling{latin, n})
	}
	if err := sc.Err(); err != nil {
		return err
	}
	slices.Sort(order)
	var b strings.Builder
	for _, ur := range order {
		sp := words[ur]
		slices.SortStableFunc(sp, func(a, b spelling) int {
			return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.latin, b.latin))
		})
		b.WriteString(ur)
		b.WriteByte('\t')
		for i, s := range sp {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s.latin)
		}
		b.WriteByte('\n')
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}
