// Command signinflood measures sign-in under a flood of bad sign-ins
// (docs/benchmarks.md, docs/adr/0015-sign-in-under-attack.md). It starts the
// real `nsor serve` as a separate process, so that its memory is measured
// alone, on a fresh data directory and a loopback port, creates a few users,
// and in one run measures:
//
//   - the baseline: the p50/p99 of legitimate users' sign-ins (password and
//     a fresh TOTP code, from 127.0.0.1) and of an authenticated read (GET
//     /api/v1/me), with no flood;
//   - the flood: at least -n bad sign-ins with -inflight in flight, from
//     127.0.0.2..127.0.0.9, half of them against the legitimate users'
//     usernames (to lock them out) and half against unknown ones, lasting
//     until the same measurements of the legitimate users, made during it,
//     are done;
//   - the server's peak resident memory (VmHWM of /proc/PID/status) after
//     each.
//
// A legitimate call answered 429 waits its Retry-After and tries again, as
// a client should; its latency includes the wait.
//
//	go run ./cmd/signinflood [-nsor BINARY] [-n 1000] [-inflight 200] [-users 20] [-reads 200] [-- SERVE FLAGS]
//
// Without -nsor it builds ./cmd/nsor of this module first. With -nsor it
// measures that binary (e.g. one built from another commit).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

func main() {
	bin := flag.String("nsor", "", "the nsor binary to measure; empty: build ./cmd/nsor")
	n := flag.Int("n", 1000, "bad sign-ins in the flood, at least")
	inflight := flag.Int("inflight", 200, "bad sign-ins in flight at once")
	users := flag.Int("users", 20, "legitimate users, each signing in once per phase")
	reads := flag.Int("reads", 200, "authenticated reads per phase")
	flag.Parse()
	if *n < 1 || *inflight < 1 || *users < 1 || *reads < 1 {
		fail(fmt.Errorf("-n, -inflight, -users and -reads must be at least 1"))
	}
	dir, err := os.MkdirTemp("", "signinflood-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	if *bin == "" {
		*bin = filepath.Join(dir, "nsor")
		if out, err := exec.Command("go", "build", "-o", *bin, "./cmd/nsor").CombinedOutput(); err != nil {
			fail(fmt.Errorf("go build ./cmd/nsor: %v\n%s", err, out))
		}
	}
	if err := run(context.Background(), *bin, dir, flag.Args(), plan{n: *n, inflight: *inflight, users: *users, reads: *reads}); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "signinflood:", err)
	os.Exit(1)
}

// plan is what one run does.
type plan struct{ n, inflight, users, reads int }

func run(ctx context.Context, bin, dir string, serveArgs []string, p plan) error {
	srv, err := startServer(ctx, bin, filepath.Join(dir, "data"), serveArgs)
	if err != nil {
		return err
	}
	defer srv.stop()
	us, err := srv.setup(ctx, p.users+1)
	if err != nil {
		return err
	}
	reader := us[p.users] // signed in once, for the reads of both phases
	us = us[:p.users]
	if status, err := newClient("127.0.0.1").signIn(ctx, srv.base, reader, nil); status != 201 {
		return fmt.Errorf("reader's sign-in = %d, %v", status, err)
	}
	fmt.Printf("nsor %s serve %v, pid %d, %d users; flood: at least %d bad sign-ins, %d in flight, from 127.0.0.2-9\n",
		bin, serveArgs, srv.cmd.Process.Pid, len(us), p.n, p.inflight)
	base := srv.legitimate(ctx, us, reader, p.reads)
	base.hwm = srv.peakMemory()
	waitNextStep() // each user's next sign-in needs a code of a later TOTP step
	stop := make(chan struct{})
	floodDone := make(chan floodResult)
	go func() { floodDone <- srv.flood(ctx, us, p, stop) }()
	during := srv.legitimate(ctx, us, reader, p.reads)
	close(stop)
	f := <-floodDone
	during.hwm = srv.peakMemory()
	report(base, during, f)
	return nil
}

// waitNextStep sleeps into the next 30-second TOTP step (RFC 6238).
func waitNextStep() {
	now := time.Now()
	time.Sleep(now.Truncate(30 * time.Second).Add(30*time.Second + 500*time.Millisecond).Sub(now))
}

// phase is what the legitimate users saw in one phase.
type phase struct {
	signIns, reads  []time.Duration
	failed, retried int
	hwm             int64 // KiB
}

// flood's result: the answers by kind, and how long it ran.
type floodResult struct {
	answers map[string]int
	took    time.Duration
}

func report(base, during phase, f floodResult) {
	total := 0
	for _, c := range f.answers {
		total += c
	}
	fmt.Printf("\n| | sign-in p50 | sign-in p99 | read p50 | read p99 | legitimate failures | retries after 429 | peak RSS (VmHWM) |\n")
	fmt.Printf("|---|---|---|---|---|---|---|---|\n")
	for _, r := range []struct {
		name string
		p    phase
	}{{"baseline", base}, {"during the flood", during}} {
		fmt.Printf("| %s | %s | %s | %s | %s | %d of %d | %d | %d MiB |\n", r.name,
			pct(r.p.signIns, 50), pct(r.p.signIns, 99), pct(r.p.reads, 50), pct(r.p.reads, 99),
			r.p.failed, len(r.p.signIns), r.p.retried, r.p.hwm/1024)
	}
	fmt.Printf("\nflood: %d bad sign-ins in %.1fs (%.0f/s):", total, f.took.Seconds(), float64(total)/f.took.Seconds())
	keys := make([]string, 0, len(f.answers))
	for k := range f.answers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Printf(" %s %d;", k, f.answers[k])
	}
	fmt.Println()
}

// pct is the p-th percentile of ds (nearest rank), in milliseconds.
func pct(ds []time.Duration, p int) string {
	if len(ds) == 0 {
		return "-"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := max(0, (len(s)*p+99)/100-1)
	return fmt.Sprintf("%.0f ms", float64(s[i].Microseconds())/1000)
}
