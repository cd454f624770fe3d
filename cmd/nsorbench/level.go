package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"time"

	"nsor"
	"nsor/auditlog"
	"nsor/auth"
	"nsor/client"
	"nsor/disclosure"
	"nsor/keys"
	"nsor/service"
	"nsor/sqlstore"
	"nsor/web"
)

// result is one concurrency level's measurement.
type result struct {
	procs            int
	elapsed          time.Duration
	commits, updates uint64
	busy, committing time.Duration
	latencies        []time.Duration
	cpu              time.Duration // this process's CPU time, user and system
	roundTrips       uint64        // to PostgreSQL
}

// timing records the duration of every call.
type timing struct {
	next http.RoundTripper
	mu   sync.Mutex
	d    []time.Duration
}

func (t *timing) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	d := time.Since(start)
	t.mu.Lock()
	t.d = append(t.d, d)
	t.mu.Unlock()
	return resp, err
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

// target is the store a level runs on: SQLite, or PostgreSQL with one or
// more nsor instances (each a Service, a store with its own pool, and an
// HTTP server, in this process) sharing one database.
type target struct {
	name      string
	pgAdmin   string // the server's URL; "" for SQLite
	instances int
	noMerkle  bool // run without the audit log's sequencer and checkpoints
}

// stack is one nsor instance.
type stack struct {
	db  *sqlstore.DB
	svc *service.Service
	url string
}

// runLevel starts the target's instances on a fresh database and runs n
// procedures from c concurrent clients, spread over the instances.
func runLevel(ctx context.Context, dir string, tg target, c, n int) (*result, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	dsn := filepath.Join(dir, "nsor.db")
	if tg.pgAdmin != "" {
		u, drop, err := freshDatabase(ctx, tg.pgAdmin)
		if err != nil {
			return nil, err
		}
		defer drop()
		dsn = u
	}
	keyDir := filepath.Join(dir, "keys")
	kr, err := keyring(keyDir)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx) // ends the instances' audit logs
	defer cancel()
	tm := &timing{next: &http.Transport{MaxIdleConnsPerHost: 64}}
	stacks, cs, err := startStacks(ctx, dsn, kr, tm, tg, keyDir)
	defer func() {
		for _, st := range stacks {
			st.db.Close()
		}
	}()
	if err != nil {
		return nil, err
	}
	tm.d = nil
	before := sumStats(stacks)
	cpu0 := processCPU()
	start := time.Now()
	err = drive(ctx, cs, c, n)
	elapsed := time.Since(start)
	cpu := processCPU() - cpu0
	after := sumStats(stacks)
	if err != nil {
		return nil, err
	}
	return &result{procs: n, elapsed: elapsed, commits: after.Commits - before.Commits,
		updates: after.Updates - before.Updates, busy: after.Busy - before.Busy,
		committing: after.Committing - before.Committing, latencies: tm.d, cpu: cpu,
		roundTrips: after.RoundTrips - before.RoundTrips}, nil
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// startStacks starts n instances on dsn and signs the cast in, each
// instance's cast calling it.
func startStacks(ctx context.Context, dsn string, kr *keys.Keyring, tm *timing, tg target, keyDir string) ([]*stack, []*cast, error) {
	n := tg.instances
	var stacks []*stack
	var cs []*cast
	for i := range max(1, n) {
		// The instances share the server's connections as an operator would
		// share them: the store's default budget, divided among them.
		st, err := startStack(ctx, dsn, kr, max(2, 4*runtime.GOMAXPROCS(0)/max(1, n)))
		if err == nil && !tg.noMerkle {
			err = runAuditLog(ctx, st.db, keyDir)
		}
		if err != nil {
			return stacks, nil, err
		}
		stacks = append(stacks, st)
		if i > 0 {
			cs = append(cs, cs[0].at(st.url))
			continue
		}
		// The users and the register record are made before the other
		// instances start, so that what they load finds them.
		c0, err := setUp(ctx, st.svc, st.db, client.New(st.url, &http.Client{Transport: tm}))
		if err != nil {
			return stacks, nil, err
		}
		cs = append(cs, c0)
	}
	return stacks, cs, nil
}

func sumStats(stacks []*stack) sqlstore.Stats {
	var sum sqlstore.Stats
	for _, st := range stacks {
		s := st.db.Stats()
		sum.Commits += s.Commits
		sum.Updates += s.Updates
		sum.Busy += s.Busy
		sum.Committing += s.Committing
		sum.RoundTrips += s.RoundTrips
	}
	return sum
}

func keyring(dir string) (*keys.Keyring, error) {
	if err := keys.Init(dir, nil); err != nil {
		return nil, err
	}
	return keys.Load(dir)
}

// startStack opens the store (migrating it), seeds the jurisdictions when
// missing, and serves the API on a port of its own.
func startStack(ctx context.Context, dsn string, kr *keys.Keyring, conns int) (*stack, error) {
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Migrate: true, WriteConns: conns})
	if err != nil {
		return nil, err
	}
	cfg := nsor.DefaultConfig()
	cfg.SessionTTL = 24 * time.Hour
	svc := service.New(nsor.Deps{Store: db, Clock: nsor.ClockFunc(time.Now), IDs: kr, OTP: auth.NewTOTP(kr, nil),
		Passwords: auth.NewArgon2id(auth.OWASP), Config: cfg, Marks: disclosure.New()})
	if err := svc.SeedJurisdictions(ctx); err != nil {
		db.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		db.Close()
		return nil, err
	}
	srv := &http.Server{Handler: web.New(svc, web.Options{})}
	go srv.Serve(ln) // ends with the process
	return &stack{db: db, svc: svc, url: "http://" + ln.Addr().String()}, nil
}

// runAuditLog runs the audit log's sequencer and checkpoint signer on the
// instance, with the defaults nsor serve uses (integrate every second,
// checkpoint within ten), until ctx ends.
func runAuditLog(ctx context.Context, db *sqlstore.DB, keyDir string) error {
	ak, err := auditlog.LoadKeys(keyDir, auditlog.DefaultOrigin, "")
	if err != nil {
		return err
	}
	l, err := auditlog.New(db, nsor.ClockFunc(time.Now), ak.Signer, auditlog.Config{}, nil)
	if err != nil {
		return err
	}
	go l.Run(ctx)
	return nil
}

// drive runs n procedures from c workers, worker w on instance w mod the
// number of instances.
func drive(ctx context.Context, casts []*cast, c, n int) error {
	jobs := make(chan int)
	errs := make(chan error, c)
	var wg sync.WaitGroup
	for w := 0; w < c; w++ {
		cs := casts[w%len(casts)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := cs.procedure(ctx, i); err != nil {
					errs <- fmt.Errorf("procedure %d: %w", i, err)
					return
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		select {
		case jobs <- i:
		case err := <-errs:
			close(jobs)
			wg.Wait()
			return err
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

var errUnexpected = errors.New("unexpected answer")
