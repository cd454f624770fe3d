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
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"nsor"
	"nsor/demo"
	"nsor/web"
)

func serve(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var c config
	c.flags(fs)
	addr := fs.String("addr", env("NSOR_ADDR", "127.0.0.1:8080"), "address to listen on")
	demoFlag := fs.Bool("demo", false, "when the database is empty, seed synthetic users, records and FIRs, and mark every page synthetic")
	certFile := fs.String("tls-cert", env("NSOR_TLS_CERT", ""), "TLS certificate file (with --tls-key); without, serve plain HTTP behind a TLS proxy")
	keyFile := fs.String("tls-key", env("NSOR_TLS_KEY", ""), "TLS key file")
	maxUpload := fs.Int64("max-upload-mib", 10, "largest FIR copy accepted, in MiB")
	proxies := fs.String("trusted-proxies", env("NSOR_TRUSTED_PROXIES", ""),
		"comma-separated address prefixes of reverse proxies whose X-Forwarded-For is believed (e.g. 10.0.0.5/32); none by default")
	cfg := nsor.DefaultConfig()
	signInFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	trusted, err := parsePrefixes(*proxies)
	if err != nil {
		return err
	}
	cfg.MaxUpload = *maxUpload << 20
	a, err := c.open(ctx, true, cfg)
	if err != nil {
		return err
	}
	defer a.db.Close()
	log := logger()
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
	defer func() { <-logDone }()
	go followChanges(ctx, a.svc, log)
	srv := &http.Server{Addr: *addr, Handler: web.New(a.svc, web.Options{Demo: *demoFlag, Log: log, Ready: ready(a), TrustedProxies: trusted}),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	return listen(ctx, srv, *certFile, *keyFile, stdout)
}

// signInFlags set the guards of sign-in (docs/adr/0015-sign-in-under-attack.md).
func signInFlags(fs *flag.FlagSet, cfg *nsor.Config) {
	fs.IntVar(&cfg.SignInHashers, "signin-hashers", envInt("NSOR_SIGNIN_HASHERS", cfg.SignInHashers),
		"password hashes run at once (argon2id, 19 MiB each); more sign-ins wait a second, then are refused with 429")
	fs.IntVar(&cfg.SignInBurst, "signin-burst", envInt("NSOR_SIGNIN_BURST", cfg.SignInBurst),
		"failed sign-ins one address may make at once, before it is slowed to one per --signin-every")
	fs.DurationVar(&cfg.SignInEvery, "signin-every", cfg.SignInEvery, "the pace an address that used its burst is slowed to")
}

// parsePrefixes reads comma-separated address prefixes; a bare address is
// its own /32 or /128.
func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("--trusted-proxies: %w", err)
			}
			f = netip.PrefixFrom(a, a.BitLen()).String()
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxies: %w", err)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// envInt reads an integer from the environment, or def.
func envInt(name string, def int) int {
	n, err := strconv.Atoi(env(name, ""))
	if err != nil {
		return def
	}
	return n
}

func ready(a *app) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		return a.db.View(ctx, func(tx nsor.Tx) error { _, err := tx.Jurisdictions(); return err })
	}
}

func listen(ctx context.Context, srv *http.Server, cert, key string, stdout io.Writer) error {
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "nsor: serving on http://%s\n", ln.Addr())
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
func runJobs(ctx context.Context, svc *nsor.Service, log *slog.Logger) {
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
func followChanges(ctx context.Context, svc *nsor.Service, log *slog.Logger) {
	every(ctx, time.Second, func() {
		if err := svc.FollowChanges(ctx); err != nil && ctx.Err() == nil {
			log.Error("follow changes", "err", err)
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
	_, err = demo.Seed(ctx, a.svc, a.db, rand.New(rand.NewPCG(2024, 8)), io.MultiWriter(stdout, f))
	return err
}
