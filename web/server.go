// Package web is the HTTP adapter of nsor: the JSON API under /api/v1 (held
// to its OpenAPI document), the health check, and the mount of the web
// interface (package ui, given in Options.UI) for every other path.
package web

import (
	"context"
	_ "embed"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"nsor"
)

// Options configure a Server.
type Options struct {
	// Demo marks every page and response as synthetic data.
	Demo bool
	// Log receives the operator's log: never a body, a query or an
	// identifier, only method, route, status and duration.
	Log *slog.Logger
	// Ready reports whether the server can serve (the database answers
	// and takes a write). /healthz calls it at most once per ReadyEvery
	// (default 1s) and answers with its last result in between.
	Ready      func(ctx context.Context) error
	ReadyEvery time.Duration
	// PublicBodyTimeout bounds the time a client that has not signed in
	// has to send a request's body; default 10s. BodyTimeout is the same
	// for a signed-in client (an FIR copy over a slow link); default 2m.
	PublicBodyTimeout, BodyTimeout time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (proxy.go); none by default.
	TrustedProxies []netip.Prefix
	// UI serves every path outside /api/ and /healthz: the web interface
	// (package ui), built by the caller over the same nsor.App. Without
	// one, those paths answer the API's 404.
	UI http.Handler
}

// hsts is the Strict-Transport-Security of every response served over TLS
// (RFC 6797): browsers then refuse plain HTTP to this host for a year.
const hsts = "max-age=31536000; includeSubDomains"

// Server serves the API.
type Server struct {
	svc       nsor.App
	opts      Options
	mux       *http.ServeMux
	readiness readiness
}

// New returns a Server over svc.
func New(svc nsor.App, opts Options) *Server {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.PublicBodyTimeout <= 0 {
		opts.PublicBodyTimeout = 10 * time.Second
	}
	if opts.BodyTimeout <= 0 {
		opts.BodyTimeout = 2 * time.Minute
	}
	if opts.ReadyEvery <= 0 {
		opts.ReadyEvery = time.Second
	}
	s := &Server{svc: svc, opts: opts, mux: http.NewServeMux()}
	s.routes()
	return s
}

// ServeHTTP serves one request with the security headers, panic recovery and
// access log every response gets.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	h := rw.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'")
	h.Set("Cache-Control", "no-store")
	if s.opts.Demo {
		h.Set("X-NSOR-Data", "synthetic")
	}
	if r.TLS != nil {
		h.Set("Strict-Transport-Security", hsts)
	}
	bodyDeadline(w, s.opts.PublicBodyTimeout)
	defer func() {
		if v := recover(); v != nil {
			s.opts.Log.Error("panic", "route", r.Pattern, "panic", v, "stack", string(debug.Stack()))
			writeProblem(rw, nsor.Internalf(nil, "panic"))
		}
		s.opts.Log.Info("http", "method", r.Method, "route", r.Pattern, "status", rw.status,
			"ms", time.Since(start).Milliseconds())
	}()
	if len(s.opts.TrustedProxies) > 0 {
		// Every handler reads the caller's address from RemoteAddr (client).
		r.RemoteAddr = net.JoinHostPort(s.clientAddr(r), "0")
	}
	if err := checkQuery(r); err != nil {
		writeProblem(rw, nsor.AsError(err))
		return
	}
	s.mux.ServeHTTP(rw, r)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// bodyDeadline gives the client d from now to send the rest of the body; a
// body still arriving then fails to read (body.timeout), and the connection
// is closed after the answer. Without it, a client that has not signed in
// could trickle a body byte by byte and hold a connection for minutes.
func bodyDeadline(w http.ResponseWriter, d time.Duration) {
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(d)) // unsupported only off a real connection
}

// client describes the caller for the audit record.
func client(r *http.Request) nsor.Client {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return nsor.Client{Addr: host, Source: "api"}
}

// handler is an API handler of a signed-in actor.
type handler func(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error

// authed authenticates the bearer token, then runs h; any error becomes a
// problem document.
func (s *Server) authed(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || secret == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="nsor"`)
			writeProblem(w, nsor.Errorf(nsor.KindUnauthenticated, "auth.required", "Sign in first: this call needs a bearer token."))
			return
		}
		a, err := s.svc.Authenticate(r.Context(), secret, client(r))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="nsor", error="invalid_token"`)
			s.fail(w, err)
			return
		}
		bodyDeadline(w, s.opts.BodyTimeout)
		if err := h(w, r, a); err != nil {
			s.fail(w, err)
		}
	}
}

// public wraps a handler that needs no sign-in.
func (s *Server) public(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, err)
		}
	}
}

// fail writes err as a problem; internal errors go to the operator's log
// with their cause, and to the caller without it.
func (s *Server) fail(w http.ResponseWriter, err error) {
	e := nsor.AsError(err)
	switch e.Kind {
	case nsor.KindInternal:
		s.opts.Log.Error("internal error", "code", e.Code, "err", err)
	case nsor.KindUnavailable:
		s.opts.Log.Error("store unavailable", "code", e.Code, "err", err)
	}
	writeProblem(w, e)
}
