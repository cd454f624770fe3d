package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"nsor"
	"nsor/auth"
	"nsor/client"
	"nsor/disclosure"
	"nsor/keys"
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

// runLevel starts a server on a fresh database and runs n procedures from c
// concurrent clients.
func runLevel(ctx context.Context, dir string, c, n int) (*result, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	db, svc, err := open(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: web.New(svc, web.Options{})}
	go srv.Serve(ln)
	defer srv.Close()
	tm := &timing{next: &http.Transport{MaxIdleConnsPerHost: 64}}
	base := client.New("http://"+ln.Addr().String(), &http.Client{Transport: tm})
	cast, err := setUp(ctx, svc, db, base)
	if err != nil {
		return nil, err
	}
	tm.d = nil
	before := db.Stats()
	start := time.Now()
	err = drive(ctx, cast, c, n)
	elapsed := time.Since(start)
	after := db.Stats()
	if err != nil {
		return nil, err
	}
	return &result{procs: n, elapsed: elapsed, commits: after.Commits - before.Commits,
		updates: after.Updates - before.Updates, busy: after.Busy - before.Busy,
		committing: after.Committing - before.Committing, latencies: tm.d}, nil
}

func open(ctx context.Context, dir string) (*sqlstore.DB, *nsor.Service, error) {
	db, err := sqlstore.Open(ctx, filepath.Join(dir, "nsor.db"), sqlstore.Options{Migrate: true})
	if err != nil {
		return nil, nil, err
	}
	kdir := filepath.Join(dir, "keys")
	if err := keys.Init(kdir, nil); err != nil {
		return nil, nil, err
	}
	kr, err := keys.Load(kdir)
	if err != nil {
		return nil, nil, err
	}
	cfg := nsor.DefaultConfig()
	cfg.SessionTTL = 24 * time.Hour
	svc := nsor.NewService(nsor.Deps{Store: db, Clock: nsor.ClockFunc(time.Now), IDs: kr, OTP: auth.NewTOTP(kr, nil),
		Passwords: auth.NewArgon2id(auth.OWASP), Config: cfg, Marks: disclosure.New()})
	return db, svc, svc.SeedJurisdictions(ctx)
}

// drive runs n procedures from c workers.
func drive(ctx context.Context, cs *cast, c, n int) error {
	jobs := make(chan int)
	errs := make(chan error, c)
	var wg sync.WaitGroup
	for w := 0; w < c; w++ {
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
