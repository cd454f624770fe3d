// Package pgtest gives each test a fresh PostgreSQL database of its own,
// dropped when the test ends.
//
// Which server: the URL in NSOR_TEST_POSTGRES, and then the PostgreSQL tests
// are mandatory, so that an unreachable server fails the test; without it,
// the default local server (DefaultURL), and when that does not answer the
// test is skipped with a message that says so. .ci/run sets the variable.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the variable that makes the PostgreSQL tests mandatory.
const Env = "NSOR_TEST_POSTGRES"

// DefaultURL is the server tried when Env is unset: a local PostgreSQL with
// trust authentication, as on a development machine.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable&connect_timeout=3"

// Server returns the URL of the server to test against, and whether the
// tests on it are mandatory.
func Server() (string, bool) {
	if u := os.Getenv(Env); u != "" {
		return u, true
	}
	return DefaultURL, false
}

var (
	reachOnce sync.Once
	reachErr  error
)

// reachable connects once per test binary.
func reachable(admin string) error {
	reachOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, admin)
		if err != nil {
			reachErr = err
			return
		}
		reachErr = c.Close(ctx)
	})
	return reachErr
}

// Available skips t when no PostgreSQL is to be tested, and fails it when
// one must be but does not answer. It returns the server's URL.
func Available(t testing.TB) string {
	t.Helper()
	admin, mandatory := Server()
	if err := reachable(admin); err != nil {
		if mandatory {
			t.Fatalf("PostgreSQL at %s (%s) is unreachable: %v", redact(admin), Env, err)
		}
		t.Skipf("PostgreSQL test skipped: no server at %s (%v); set %s to a URL to make these tests mandatory",
			redact(admin), err, Env)
	}
	return admin
}

// NewDatabase creates an empty database for t and returns its URL; the
// database is dropped when t ends (t.Cleanup), connections and all.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin := Available(t)
	name := "nsor_test_" + randomHex()
	if err := adminExec(admin, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if err := adminExec(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u, err := WithDatabase(admin, name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// WithDatabase returns the URL u naming database name instead.
func WithDatabase(u, name string) (string, error) {
	p, err := url.Parse(u)
	if err != nil {
		return "", fmt.Errorf("pgtest: %s is not a URL: %v", Env, err)
	}
	p.Path = "/" + name
	return p.String(), nil
}

// Exec runs statements on the database at u, for setting up what a test
// needs outside nsor (another application's tables, a setting).
func Exec(t testing.TB, u string, stmts ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatalf("connect to %s: %v", redact(u), err)
	}
	defer c.Close(ctx)
	for _, q := range stmts {
		if _, err := c.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func adminExec(admin, q string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, q)
	return err
}

func randomHex() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable URL)"
	}
	return p.Redacted()
}
