package web

import (
	"context"
	_ "embed"
	"net/http"
	"sync"
	"time"

	"nsor"
)

// health answers 200 when the server can serve: the database answers and
// takes a write (Options.Ready); 503 with Retry-After when it cannot. A
// KindUnavailable answer (the store is down, or the audit log refuses every
// change because the database is behind the checkpoint it exported) names
// its code and message, so that the operator sees why.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if err := s.readiness.check(r.Context(), s.opts.Ready, s.opts.ReadyEvery); err != nil {
		s.opts.Log.Error("health", "err", err)
		msg := "unavailable"
		if e := nsor.AsError(err); e.Kind == nsor.KindUnavailable {
			msg += ": " + e.Code + ": " + e.Message
		}
		w.Header().Set("Retry-After", retryAfter)
		http.Error(w, msg, http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readiness remembers Ready's last answer, so that however often /healthz
// is called, and by whom (it needs no sign-in), the database sees at most
// one probe (a small write) per interval.
type readiness struct {
	mu  sync.Mutex
	at  time.Time
	err error
}

// check returns ready's answer, asking it again only when the last answer
// is older than every. Callers meanwhile wait for the one probe in flight.
func (c *readiness) check(ctx context.Context, ready func(context.Context) error, every time.Duration) error {
	if ready == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < every {
		return c.err
	}
	// The answer serves other callers too: one caller going away must not
	// make it a cancellation.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	c.err, c.at = ready(ctx), time.Now()
	return c.err
}

func notFoundRoute() error {
	return nsor.Errorf(nsor.KindNotFound, "route.not_found", "There is no such API call; see /api/v1/openapi.json.")
}
