package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"nsor/web"
)

// limits bound what a client can hold of the server before it has signed
// in: connections, and the time to send a request's headers and body
// (docs/adr/0018-deployment-hygiene.md).
type limits struct {
	maxConns   int
	header     time.Duration
	publicBody time.Duration
	body       time.Duration
	envErr     error // a setting in the environment that does not parse
}

func (l *limits) flags(fs *flag.FlagSet) {
	fs.IntVar(&l.maxConns, "max-conns", l.envInt("NSOR_MAX_CONNS", 512), "most connections served at once; more wait to be accepted")
	fs.DurationVar(&l.header, "header-timeout", l.envDuration("NSOR_HEADER_TIMEOUT", 10*time.Second), "time a client has to send a request's headers")
	fs.DurationVar(&l.publicBody, "public-body-timeout", l.envDuration("NSOR_PUBLIC_BODY_TIMEOUT", 10*time.Second), "time a client that has not signed in has to send a request's body")
	fs.DurationVar(&l.body, "body-timeout", l.envDuration("NSOR_BODY_TIMEOUT", 2*time.Minute), "time a signed-in client has to send a request's body (an FIR copy)")
}

// check refuses settings that do not parse or make no sense.
func (l *limits) check() error {
	if l.maxConns < 1 || l.header <= 0 || l.publicBody <= 0 || l.body <= 0 {
		return errors.Join(l.envErr, errors.New("serve: --max-conns and the timeouts must be positive"))
	}
	return l.envErr
}

func (l *limits) envInt(name string, def int) int {
	v, ok := os.LookupEnv(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		l.envErr = errors.Join(l.envErr, fmt.Errorf("serve: %s=%q is not a number", name, v))
	}
	return n
}

func (l *limits) envDuration(name string, def time.Duration) time.Duration {
	v, ok := os.LookupEnv(name)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		l.envErr = errors.Join(l.envErr, fmt.Errorf("serve: %s=%q is not a duration such as 10s", name, v))
	}
	return d
}

// server returns the HTTP server of h under the limits.
func (l *limits) server(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: l.header,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
}

// options sets the body deadlines the web adapter applies.
func (l *limits) options(o web.Options) web.Options {
	o.PublicBodyTimeout, o.BodyTimeout = l.publicBody, l.body
	return o
}

// limitListener accepts at most n connections at once: Accept waits until
// one of them is closed. The waiting connections queue in the kernel's
// backlog, costing the server nothing.
type limitListener struct {
	net.Listener
	sem    chan struct{}
	closed chan struct{}
	once   sync.Once
}

func limitListen(ln net.Listener, n int) net.Listener {
	return &limitListener{Listener: ln, sem: make(chan struct{}, n), closed: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.sem <- struct{}{}:
	case <-l.closed:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
}

// Close also ends an Accept waiting for a place.
func (l *limitListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// limitConn gives its place back once, on the first Close.
type limitConn struct {
	net.Conn
	release func()
	once    sync.Once
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
