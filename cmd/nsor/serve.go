package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"nsor"
	"nsor/demo"
	"nsor/service"
	"nsor/ui"
	"nsor/web"
)

func serve(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var c config
	var l limits
	c.flags(fs)
	l.flags(fs)
	addr := fs.String("addr", env("NSOR_ADDR", "127.0.0.1:8080"), "address to listen on")
	demoFlag := fs.Bool("demo", false, "when the database is empty, seed synthetic users, records and FIRs, and mark every page synthetic")
	certFile := fs.String("tls-cert", env("NSOR_TLS_CERT", ""), "TLS certificate file (with --tls-key); without, serve plain HTTP behind a TLS proxy")
	keyFile := fs.String("tls-key", env("NSOR_TLS_KEY", ""), "TLS key file")
	maxUpload := fs.Int64("max-upload-mib", 10, "largest FIR copy accepted, in MiB")
	dnaFreqs := fs.String("dna-frequencies", env("NSOR_DNA_FREQUENCIES", ""), "allele frequencies (long format) for the statistics of the register's DNA search; without, DNA search is not offered (with --demo, the demo's synthetic table)")
	proxies := fs.String("trusted-proxies", env("NSOR_TRUSTED_PROXIES", ""),
		"comma-separated address prefixes of reverse proxies whose X-Forwarded-For is believed (e.g. 10.0.0.5/32); none by default")
	cfg := nsor.DefaultConfig()
	signInFlags(fs, &cfg)
	if err := c.parse(fs, args, stdout, needKeys|needCheckpoints); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve", "unexpected argument %q", fs.Arg(0))
	}
	if *demoFlag && c.database != "" && !c.named["data"] {
		return usagef("serve", "--demo with --database writes the demo credentials to --data DIR: give it")
	}
	if err := l.check(); err != nil {
		return err
	}
	trusted, err := parsePrefixes(*proxies)
	if err != nil {
		return err
	}
	cfg.MaxUpload = *maxUpload << 20
	if c.dna, c.fp, err = biometricIndexes(*dnaFreqs, *demoFlag); err != nil {
		return err
	}
	// Bind first: an address in use is the operator's mistake to hear of at
	// once, before the database is opened or migrated.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", *addr, err)
	}
	defer ln.Close()
	// The goroutines below end with ctx; a failure of serve must end them
	// too, or the deferred wait for the sequencer would never return.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	a, err := c.open(ctx, true, cfg)
	if err != nil {
		return err
	}
	defer a.db.Close()
	log := logger()
	if err := guardAuditLog(ctx, a, cfg); err != nil {
		return err
	}
	if *demoFlag {
		if err := seedDemo(ctx, a, c.data, stdout); err != nil {
			return err
		}
	}
	go runJobs(ctx, a.svc, log)
	// The sequencer yields its lease when ctx ends; the database must stay
	// open until it has (deferred calls run last first).
	logDone := make(chan struct{})
	go func() { defer close(logDone); a.log.Run(ctx) }()
	defer func() { cancel(); <-logDone }()
	go followChanges(ctx, a.svc, log)
	pages := ui.New(a.svc, ui.Options{Demo: *demoFlag, Log: log})
	srv := l.server(*addr, web.New(a.svc, l.options(web.Options{Demo: *demoFlag, Log: log, Ready: auditReady(a, ready(a)),
		TrustedProxies: trusted, UI: pages})))
	return listen(ctx, ln, srv, l.maxConns, *certFile, *keyFile, stdout)
}

// ready reports whether the database answers a read and takes a write: a
// full disk fails the write probe alone (web/health.go bounds how often).
func ready(a *app) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		if err := a.db.View(ctx, func(tx nsor.Tx) error { _, err := tx.Jurisdictions(); return err }); err != nil {
			return err
		}
		return a.db.Probe(ctx)
	}
}

func listen(ctx context.Context, ln net.Listener, srv *http.Server, maxConns int, cert, key string, stdout io.Writer) error {
	ln = limitListen(ln, maxConns)
	scheme := "http"
	if cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "nsor: serving on %s://%s\n", scheme, ln.Addr())
	errc := make(chan error, 1)
	go func() {
		if cert != "" {
			errc <- srv.ServeTLS(ln, cert, key)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// runJobs runs due reminders and escalations every few seconds.
func runJobs(ctx context.Context, svc *service.Service, log *slog.Logger) {
	every(ctx, 5*time.Second, func() {
		if n, err := svc.RunDueJobs(ctx); err != nil {
			log.Error("jobs", "err", err)
		} else if n > 0 {
			log.Info("jobs", "ran", n)
		}
	})
}

// followChanges keeps this instance's caches in step with changes other
// instances make to the same database, within a second.
func followChanges(ctx context.Context, svc *service.Service, log *slog.Logger) {
	// The register index first: built from the store (docs/import.md gives
	// its time for a million records), then followed with the other caches.
	start := time.Now()
	if n, err := svc.BuildRegisterIndex(ctx); err != nil {
		log.Error("register index", "err", err)
	} else {
		log.Info("register index built", "records", n, "took", time.Since(start).Round(time.Millisecond))
	}
	start = time.Now()
	if n, unread, err := svc.BuildBiometricIndex(ctx); err != nil {
		log.Error("biometric index", "err", err)
	} else {
		log.Info("biometric index built", "records", n, "unread samples", unread, "took", time.Since(start).Round(time.Millisecond))
	}
	every(ctx, time.Second, func() {
		if err := svc.FollowChanges(ctx); err != nil && ctx.Err() == nil {
			log.Error("follow changes", "err", err)
		}
		if err := svc.FollowBiometric(ctx); err != nil && ctx.Err() == nil {
			log.Error("follow biometric", "err", err)
		}
	})
}

// every calls fn at each tick of d until ctx ends.
func every(ctx context.Context, d time.Duration, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

// seedDemo fills an empty database with synthetic data and writes the demo
// credentials beside it (mode 0600) as well as to stdout.
func seedDemo(ctx context.Context, a *app, dir string, stdout io.Writer) error {
	var users []*nsor.User
	err := a.db.View(ctx, func(tx nsor.Tx) error {
		var err error
		users, err = tx.Users(nsor.UserFilter{IncludeDisabled: true})
		return err
	})
	if err != nil || len(users) > 0 {
		if err == nil {
			fmt.Fprintf(stdout, "nsor: demo data already present; credentials are in %s\n", filepath.Join(dir, "demo-credentials.txt"))
		}
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, "demo-credentials.txt"), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	// O_CREATE's mode applies only to a new file: one left by an earlier run
	// keeps its own, so make it the owner's alone (the credentials sign in).
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	_, err = demo.Seed(ctx, a.svc, a.db, rand.New(rand.NewPCG(2024, 8)), io.MultiWriter(stdout, f))
	return err
}
