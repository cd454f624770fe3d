// Command nsorbench measures complete procedures per second through the API
// against the embedded database, beside the raw durable SQLite commit rate
// measured in the same run on the same disk (docs/benchmarks.md). With
// -database, the same run measures PostgreSQL too: one nsor instance, and
// two instances on one database with the clients spread over both, each
// level on a fresh database of that server.
//
//	go run ./cmd/nsorbench [-n 400] [-clients 1,4,16] [-rounds 1] [-database postgres://...]
//
// With -rounds R, each level runs every store R times, the stores taking
// turns, and the table shows each store's median run (the others' procs/s
// beside it): on a shared 2-core machine a single run of one store can fall
// on a burst of other work. The last lines give the ratios that
// docs/benchmarks.md sets bars on, from the medians.
//
// Tokens are issued before timing. Each procedure makes the calls of the
// end-to-end test: FIR, copy, request, submit, return, resubmit, forward,
// assign, two searches, answer, reopen, answer, confirm, release, a refused
// read, acknowledge, read.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	n := flag.Int("n", 400, "complete procedures per concurrency level")
	clients := flag.String("clients", "1,4,16", "concurrency levels")
	raw := flag.Int("raw", 3000, "commits for the raw SQLite measurement")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the timed runs to this file")
	pg := flag.String("database", "", "a PostgreSQL server's URL (a role that may create databases): measure it beside SQLite")
	rounds := flag.Int("rounds", 1, "runs of every store per level, the stores taking turns; the median is shown")
	stores := flag.String("stores", "sqlite,sqlite-nomerkle", "which stores to measure: sqlite, sqlite-nomerkle (the audit log's sequencer and checkpoints off), and with -database pg1 (one instance), pg2 (two instances)")
	flag.Parse()
	if *rounds < 1 || *n < 1 {
		fail(fmt.Errorf("-rounds and -n must be at least 1 (got %d and %d)", *rounds, *n))
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400) // as nsor serve runs (cmd/nsor/main.go)
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	dir, err := os.MkdirTemp("", "nsorbench-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	rawRate, err := rawCommitRate(filepath.Join(dir, "raw.db"), *raw)
	if err != nil {
		fail(err)
	}
	fmt.Printf("raw durable SQLite commits (WAL, synchronous=FULL, one row each): %.0f/s\n", rawRate)
	rawPG := 0.0
	if *pg != "" {
		if rawPG, err = rawPGCommitRate(ctx, *pg, *raw); err != nil {
			fail(err)
		}
		fmt.Printf("raw durable PostgreSQL commits (one connection, one row each): %.0f/s\n", rawPG)
	}
	targets, err := parseTargets(*stores, *pg)
	if err != nil {
		fail(err)
	}
	fmt.Printf("\n%-9s %-8s %6s %10s %12s %10s %9s %9s %14s %18s %11s %10s %11s %8s  %s\n", "store", "clients", "procs", "procs/s", "commits/proc", "calls/proc", "p50 ms", "p99 ms", "tx/s ÷ raw", "writer busy", "exec µs/tx", "commit ms", "cpu ms/proc", "rt/proc", "runs (procs/s)")
	var ratios []string
	for _, s := range strings.Split(*clients, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fail(err)
		}
		runs := make([][]*result, len(targets))
		for r := range *rounds {
			for i, tg := range targets {
				res, err := runLevel(ctx, filepath.Join(dir, fmt.Sprintf("%s-c%d-r%d", tg.instancesDir(), c, r)), tg, c, *n)
				if err != nil {
					fail(fmt.Errorf("%s, %d clients: %w", tg.name, c, err))
				}
				runs[i] = append(runs[i], res)
			}
		}
		medians := map[string]float64{}
		for i, tg := range targets {
			base := rawRate
			if tg.pgAdmin != "" {
				base = rawPG
			}
			med := median(runs[i])
			medians[tg.name] = med.rate()
			printLevel(tg, c, med, base, runs[i])
		}
		ratios = append(ratios, barRatios(c, medians)...)
	}
	if len(ratios) > 0 {
		fmt.Println()
		for _, r := range ratios {
			fmt.Println(r)
		}
	}
	fmt.Println("\ncommits/proc: durable COMMITs per procedure (group commit shares one among concurrent calls);")
	fmt.Println("tx/s ÷ raw: write transactions per second over the raw one-row commit rate of this disk.")
	fmt.Println("writer busy: share of the run the single writer spent in batches (of it, in COMMIT); SQLite only;")
	fmt.Println("exec µs/tx: time per write transaction outside COMMIT; commit ms: per COMMIT. On PostgreSQL")
	fmt.Println("transactions overlap, and these are the means of each one's own time.")
	fmt.Println("cpu ms/proc: this process's CPU time (user and system) per procedure; a PostgreSQL server's is not in it.")
	fmt.Println("rt/proc: round trips to PostgreSQL per procedure (statements, batches and preparations sent and waited for).")
}

// parseTargets reads -stores.
func parseTargets(stores, pg string) ([]target, error) {
	known := map[string]target{
		"sqlite":          {name: "sqlite", instances: 1},
		"sqlite-nomerkle": {name: "sqlite-nm", instances: 1, noMerkle: true},
		"pg1":             {name: "pg×1", pgAdmin: pg, instances: 1},
		"pg2":             {name: "pg×2", pgAdmin: pg, instances: 2},
	}
	var targets []target
	for _, s := range strings.Split(stores, ",") {
		tg, ok := known[s]
		switch {
		case !ok:
			return nil, fmt.Errorf("-stores: unknown store %q", s)
		case strings.HasPrefix(s, "pg") && pg == "":
			return nil, fmt.Errorf("-stores: %s needs -database", s)
		}
		targets = append(targets, tg)
	}
	return targets, nil
}

// rate is the run's complete procedures per second.
func (res *result) rate() float64 { return float64(res.procs) / res.elapsed.Seconds() }

// median is the run of median procedures per second (of an even number,
// the slower of the two middle ones).
func median(runs []*result) *result {
	sorted := slices.Clone(runs)
	slices.SortFunc(sorted, func(a, b *result) int { return cmp.Compare(a.rate(), b.rate()) })
	return sorted[(len(sorted)-1)/2]
}

// barRatios are the ratios of median procedures per second that
// docs/benchmarks.md holds the stores to: the audit log on against off (at
// least 80% at 16 clients), PostgreSQL with one instance against SQLite (at
// least half) and two instances against one (no slower).
func barRatios(c int, m map[string]float64) []string {
	var out []string
	pair := func(what, a, b string) {
		if m[a] > 0 && m[b] > 0 {
			out = append(out, fmt.Sprintf("%2d clients: %-36s %5.1f / %5.1f = %3.0f%%", c, what, m[a], m[b], 100*m[a]/m[b]))
		}
	}
	pair("sqlite, audit log on ÷ off", "sqlite", "sqlite-nm")
	pair("PostgreSQL one instance ÷ SQLite", "pg×1", "sqlite")
	pair("PostgreSQL two instances ÷ one", "pg×2", "pg×1")
	return out
}

func printLevel(tg target, c int, res *result, raw float64, runs []*result) {
	txRate := float64(res.updates) / res.elapsed.Seconds()
	busy := "-"
	if tg.pgAdmin == "" {
		busy = fmt.Sprintf("%5.0f%% (%2.0f%% commit)", 100*res.busy.Seconds()/res.elapsed.Seconds(),
			100*res.committing.Seconds()/res.elapsed.Seconds())
	}
	rt := "-"
	if tg.pgAdmin != "" {
		rt = fmt.Sprintf("%.0f", float64(res.roundTrips)/float64(res.procs))
	}
	var each []string
	for _, r := range runs {
		each = append(each, fmt.Sprintf("%.1f", r.rate()))
	}
	fmt.Printf("%-9s %-8d %6d %10.1f %12.2f %10.1f %9.2f %9.2f %14.2f %18s %11.0f %10.2f %11.1f %8s  %s\n", tg.name, c, res.procs,
		res.rate(), float64(res.commits)/float64(res.procs),
		float64(len(res.latencies))/float64(res.procs), ms(percentile(res.latencies, 50)), ms(percentile(res.latencies, 99)),
		txRate/raw, busy, float64((res.busy-res.committing).Microseconds())/float64(res.updates),
		ms(res.committing)/float64(max(1, res.commits)), ms(res.cpu)/float64(res.procs), rt, strings.Join(each, " "))
}

func (tg target) instancesDir() string {
	switch {
	case tg.pgAdmin != "":
		return fmt.Sprintf("pg%d", tg.instances)
	case tg.noMerkle:
		return "sqlite-nomerkle"
	}
	return "sqlite"
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "nsorbench:", err)
	os.Exit(1)
}
