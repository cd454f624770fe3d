package web_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"nsor"
	"nsor/sqlstore/pgtest"
)

// TestStoreOutageIs503: when PostgreSQL cannot be reached (here: the only
// way to it, a loopback proxy, is shut and every connection through it cut),
// every call, signed in or signing in, answers 503 store.unavailable with
// Retry-After, not 500 internal; the server's log names the cause.
func TestStoreOutageIs503(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	p := newTCPProxy(t, dsn)
	e := newEnvAt(t, p.dsn, nil, nil)
	u := e.user("io.outage", nsor.RoleIO, "PB-LHR-LHR")
	api := e.login(u)
	if _, err := api.Requests(e.ctx, ""); err != nil {
		t.Fatalf("Requests before the outage: %v", err)
	}
	p.shut()

	resp, err := api.Do(e.ctx, "GET", "/api/v1/requests", nil, nil)
	problem(t, "GET /api/v1/requests with the database unreachable", err, http.StatusServiceUnavailable, "store.unavailable")
	if got := resp.Header.Get("Retry-After"); got == "" {
		t.Errorf("GET /api/v1/requests: Retry-After = %q, want a number of seconds", got)
	}
	_, _, err = e.api.SignIn(e.ctx, u.Username, u.Password, e.code(u))
	problem(t, "SignIn with the database unreachable", err, http.StatusServiceUnavailable, "store.unavailable")
}

// tcpProxy forwards loopback connections to a PostgreSQL server until shut.
type tcpProxy struct {
	ln     net.Listener
	dsn    string // the database's URL, through the proxy
	mu     sync.Mutex
	conns  []net.Conn
	closed bool
}

func newTCPProxy(t *testing.T, dsn string) *tcpProxy {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	target := u.Host
	u.Host = ln.Addr().String()
	p := &tcpProxy{ln: ln, dsn: u.String()}
	go p.accept(target)
	t.Cleanup(p.shut)
	return p
}

func (p *tcpProxy) accept(target string) {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", target)
		if err != nil {
			c.Close()
			continue
		}
		if !p.track(c, s) {
			return
		}
		go func() { _, _ = io.Copy(s, c); s.Close() }()
		go func() { _, _ = io.Copy(c, s); c.Close() }()
	}
}

// track remembers a pair of connections, or closes them when the proxy was
// shut meanwhile.
func (p *tcpProxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for _, c := range cs {
			c.Close()
		}
		return false
	}
	p.conns = append(p.conns, cs...)
	return true
}

// shut stops accepting and cuts every connection: the server is gone.
func (p *tcpProxy) shut() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns, p.closed = nil, true
}

// TestRefusalUnrecordableIs503: a refusal whose audit record cannot be
// written is not answered as the refusal (it was not recorded) but as the
// outage it is: 503 store.unavailable, not 500 internal.
func TestRefusalUnrecordableIs503(t *testing.T) {
	var down atomic.Bool
	e := newEnvWrapped(t, nil, func(s nsor.Store) nsor.Store { return &switchable{Store: s, down: &down} })
	api := e.login(e.user("io.full", nsor.RoleIO, "PB-LHR-LHR"))
	down.Store(true)
	_, err := api.Request(e.ctx, 999999)
	problem(t, "GET an unknown request with the database full", err, http.StatusServiceUnavailable, "store.unavailable")
}

// switchable is a store whose database takes reads but, while down is
// set, no writes, as when PostgreSQL's disk is full (SQLSTATE 53100).
type switchable struct {
	nsor.Store
	down *atomic.Bool
}

func (s *switchable) Update(ctx context.Context, fn func(nsor.Tx) error) error {
	if s.down.Load() {
		return nsor.Unavailable(errors.New("injected: could not extend file: No space left on device"))
	}
	return s.Store.Update(ctx, fn)
}
