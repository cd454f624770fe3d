// Command auditbench measures how long "nsor audit verify" takes over a
// large audit log, beside two baselines measured in the same run on the
// same file: reading the verifier's rows and nothing more, and SHA-256 of
// the records' bytes (docs/benchmarks.md).
//
//	go run ./cmd/auditbench [-records 1000000] [-dir DIR] [-runs 3] [-cpuprofile FILE]
//
// It builds the log as nsor does, but fast: the records are inserted in
// bulk with synchronous writes off, then the auditlog sequencer integrates
// them in batches of 100,000 and signs a checkpoint after each. With -dir,
// a log already built there (by an earlier run) is reused.
package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"flag"
	"fmt"
	"nsor/internal/benchenv"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"time"

	"nsor/auditverify"
)

func main() {
	records := flag.Int("records", 1000000, "audit records in the log")
	dir := flag.String("dir", "", "directory of the log (kept, and reused when it holds one); empty means a temporary one")
	runs := flag.Int("runs", 3, "timed runs of each measurement; the median is reported")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the verifications to this file")
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400) // as nsor runs (cmd/nsor/main.go) and nsor-verify
	}
	ctx := context.Background()
	if *dir == "" {
		d, err := os.MkdirTemp("", "auditbench")
		check(err)
		defer os.RemoveAll(d)
		*dir = d
	}
	path := filepath.Join(*dir, "nsor.db")
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		check(build(ctx, *dir, *records))
		fmt.Printf("built a log of %d records in %v\n", *records, time.Since(start).Round(time.Millisecond))
	}
	fmt.Printf("GOMAXPROCS %d, %s/%s\n", runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH)
	read := median(*runs, func() { check(readRows(ctx, path)) })
	hash := median(*runs, func() { check(hashRecords(ctx, path)) })
	if *profile != "" {
		f, err := os.Create(*profile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	var rep, exp *auditverify.Report
	verify := median(*runs, func() { rep = verifyLog(ctx, *dir, false) })
	withExport := median(*runs, func() { exp = verifyLog(ctx, *dir, true) })
	fmt.Printf("%-44s %v\n", "read the rows (SELECT, scan, nothing else)", read)
	fmt.Printf("%-44s %v\n", "read the records and SHA-256 each", hash)
	fmt.Printf("%-44s %v  (%d records, %d leaves, %d checkpoints, ok=%v)\n", "nsor audit verify", verify,
		rep.Records, rep.TreeSize, rep.Checkpoints, rep.OK())
	fmt.Printf("%-44s %v  (%d exported checkpoints, verdict %s)\n", "nsor audit verify, with the export directory", withExport,
		exp.Export.Checkpoints, exp.Verdict())
	for _, r := range []*auditverify.Report{rep, exp} {
		if !r.OK() {
			check(r.WriteText(os.Stdout))
			os.Exit(1)
		}
	}
}

// verifyLog verifies the log, reading its export directory (the history
// of checkpoints and the kept leaf hashes) when export is set.
func verifyLog(ctx context.Context, dir string, export bool) *auditverify.Report {
	keys, err := auditverify.LoadKeys(filepath.Join(dir, "keys", "audit-verifiers.pub"))
	check(err)
	opts := auditverify.Options{Keys: keys, Window: -1}
	if export {
		opts.Export, err = auditverify.LoadExport(filepath.Join(dir, "checkpoints"))
		check(err)
	}
	db, err := auditverify.Open(ctx, filepath.Join(dir, "nsor.db"))
	check(err)
	defer db.Close()
	rep, err := db.Verify(ctx, opts)
	check(err)
	return rep
}

// readRows reads what the verifier reads, and does nothing with it.
func readRows(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range []string{
		"SELECT leaf_index, record_id FROM audit_leaves ORDER BY leaf_index",
		"SELECT id, data, actor_id, request_id, action, object, at_ms FROM audit_records ORDER BY id",
		"SELECT hash_index, hash FROM audit_hashes ORDER BY hash_index",
	} {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			return err
		}
		cols, _ := rows.Columns()
		dest := make([]any, len(cols))
		for i := range dest {
			dest[i] = new(sql.RawBytes)
		}
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// hashRecords reads the records' bytes and hashes each once.
func hashRecords(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT data FROM audit_records ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	var d sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&d); err != nil {
			return err
		}
		_ = sha256.Sum256(d)
	}
	return rows.Err()
}

// timing is a measurement's wall time and the CPU time (user and system)
// the process spent in it: on a machine shared with other work the CPU time
// is the steadier figure.
type timing struct{ wall, cpu time.Duration }

func (t timing) String() string {
	return fmt.Sprintf("%8v wall %8v CPU", t.wall.Round(time.Millisecond), t.cpu.Round(time.Millisecond))
}

// median runs f runs times and returns the run of median wall time.
func median(runs int, f func()) timing {
	var ts []timing
	for i := 0; i < max(runs, 1); i++ {
		runtime.GC()
		start, cpu := time.Now(), benchenv.CPUTime()
		f()
		ts = append(ts, timing{time.Since(start), benchenv.CPUTime() - cpu})
	}
	slices.SortFunc(ts, func(a, b timing) int { return int(a.wall - b.wall) })
	return ts[len(ts)/2]
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "auditbench:", err)
		os.Exit(2)
	}
}
