package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"nsor"
	"nsor/web"
)

// TestHealthProbeBounded: /healthz answers 503 with Retry-After when the
// readiness check (the database's write probe) fails, and however many
// callers ask at once, the check runs once per interval.
func TestHealthProbeBounded(t *testing.T) {
	e := newEnv(t)
	var calls atomic.Int64
	var fail atomic.Bool
	ready := func(ctx context.Context) error {
		calls.Add(1)
		if fail.Load() {
			return nsor.Unavailable(errors.New("disk full"))
		}
		return nil
	}
	srv := httptest.NewServer(web.New(e.svc, web.Options{Ready: ready, ReadyEvery: time.Hour}))
	t.Cleanup(srv.Close)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if got := healthStatus(t, srv.URL); got != http.StatusOK {
				t.Errorf("GET /healthz = %d, want 200", got)
			}
		})
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("50 calls of /healthz probed the database %d times, want once per interval", n)
	}

	fail.Store(true)
	srv2 := httptest.NewServer(web.New(e.svc, web.Options{Ready: ready}))
	t.Cleanup(srv2.Close)
	resp, err := http.Get(srv2.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("GET /healthz with the probe failing = %d, Retry-After %q; want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func healthStatus(t *testing.T, base string) int {
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
