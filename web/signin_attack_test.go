package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"nsor"
	"nsor/auth"
	"nsor/web"
)

// countingHasher is a password hasher that counts the Verify calls running
// at once (and the most ever), remembers whether any was asked to verify
// against an empty hash (which costs nothing, and so tells by its speed that
// the user does not exist), and, while hold is open, keeps every Verify
// waiting so that a test can fill the hashers.
type countingHasher struct {
	nsor.PasswordHasher
	now, max, calls, empty atomic.Int64
	hold                   chan struct{} // Verify waits until it is closed; nil: no wait
	once                   sync.Once
}

func (h *countingHasher) Verify(password, hash string) bool {
	n := h.now.Add(1)
	defer h.now.Add(-1)
	for m := h.max.Load(); n > m && !h.max.CompareAndSwap(m, n); m = h.max.Load() {
	}
	h.calls.Add(1)
	if hash == "" {
		h.empty.Add(1)
	}
	if h.hold != nil && password == floodPassword {
		<-h.hold
	}
	return h.PasswordHasher.Verify(password, hash)
}

// floodPassword is the attackers' password, the one a holding
// countingHasher holds.
const floodPassword = "wrong password 1"

func newCountingHasher(hold bool) *countingHasher {
	h := &countingHasher{PasswordHasher: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1})}
	if hold {
		h.hold = make(chan struct{})
	}
	return h
}

// release lets every held Verify go on; it may be called more than once.
func (h *countingHasher) release() {
	h.once.Do(func() { close(h.hold) })
}

// signInAnswer is one sign-in's answer as the wire carries it.
type signInAnswer struct {
	Status     int
	RetryAfter string
	Code       string
	Body       []byte
}

// signInFrom posts a sign-in from the loopback source address from (e.g.
// "127.0.0.2"), so that tests can play an attacker elsewhere than the
// officer's own office; every answer is held to the OpenAPI document.
func (e *env) signInFrom(from, username, password, code string) signInAnswer {
	e.t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	tr := &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	hc := validatingClient(e.t, &http.Client{Transport: tr, Timeout: 30 * time.Second})
	body, _ := json.Marshal(map[string]string{"username": username, "password": password, "code": code})
	resp, err := hc.Post(e.srv.URL+"/api/v1/auth/token", "application/json", bytes.NewReader(body))
	if err != nil {
		e.t.Errorf("sign-in from %s: %v", from, err)
		return signInAnswer{}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var p struct{ Code string }
	_ = json.Unmarshal(b, &p)
	return signInAnswer{Status: resp.StatusCode, RetryAfter: resp.Header.Get("Retry-After"), Code: p.Code, Body: b}
}

// TestSignInThrottledByAddress: one address that keeps failing is slowed
// with 429 auth.throttled and a Retry-After before any hash is spent; other
// addresses are not affected.
func TestSignInThrottledByAddress(t *testing.T) {
	h := newCountingHasher(false)
	e := newEnvDeps(t, nil, nil, func(d *nsor.Deps) { d.Passwords = h })
	var last signInAnswer
	for i := range 40 {
		last = e.signInFrom("127.0.0.2", fmt.Sprintf("nobody.%d", i), "wrong password 1", "000000")
		if last.Status == http.StatusTooManyRequests {
			break
		}
	}
	if last.Status != http.StatusTooManyRequests || last.Code != "auth.throttled" || last.RetryAfter == "" {
		t.Fatalf("40 failed sign-ins from one address, last = %d %s (Retry-After %q), want 429 auth.throttled with Retry-After",
			last.Status, last.Code, last.RetryAfter)
	}
	calls := h.calls.Load()
	if a := e.signInFrom("127.0.0.2", "nobody", "wrong password 1", "000000"); a.Status != http.StatusTooManyRequests {
		t.Errorf("throttled address again = %d %s, want 429", a.Status, a.Code)
	}
	if got := h.calls.Load(); got != calls {
		t.Errorf("a throttled attempt ran %d password hashes, want none", got-calls)
	}
	if a := e.signInFrom("127.0.0.3", "nobody", "wrong password 1", "000000"); a.Status != http.StatusUnauthorized {
		t.Errorf("another address = %d %s, want 401: the throttle is per address", a.Status, a.Code)
	}
	e.clock.Advance(10 * time.Minute)
	if a := e.signInFrom("127.0.0.2", "nobody", "wrong password 1", "000000"); a.Status != http.StatusUnauthorized {
		t.Errorf("the throttled address 10 minutes later = %d %s, want 401", a.Status, a.Code)
	}
}

// attack fails to sign in as u perAddr times from each of the addresses
// 127.0.0.2..9, as someone who knows the username but not the password.
func (e *env) attack(u *testUser, perAddr int) {
	e.t.Helper()
	for i := range 8 {
		for range perAddr {
			a := e.signInFrom(fmt.Sprintf("127.0.0.%d", 2+i), u.Username, "not the password 1", "000000")
			if a.Status != http.StatusUnauthorized || a.Code != "auth.invalid_credentials" {
				e.t.Fatalf("attacker's sign-in = %d %s, want 401 auth.invalid_credentials", a.Status, a.Code)
			}
		}
	}
}

// TestSignInAttackerCannotLockOfficerOut: someone who knows an officer's
// username and fails from other addresses (here 32 times from eight) locks
// out only those addresses and new ones: the officer still signs in from the
// address they signed in from before. On main the account was locked for
// everyone after 5 failures from anywhere.
func TestSignInAttackerCannotLockOfficerOut(t *testing.T) {
	e := newEnv(t)
	io := e.user("io.attacked", nsor.RoleIO, "PB-LHR-LHR")
	e.login(io) // from 127.0.0.1, the officer's office
	e.attack(io, 4)
	if _, _, err := e.api.SignIn(e.ctx, io.Username, io.Password, e.code(io)); err != nil {
		t.Fatalf("officer's sign-in from their own address after an attack from others = %v, want success", err)
	}
	if a := e.signInFrom("127.0.0.10", io.Username, io.Password, e.code(io)); a.Status != http.StatusUnauthorized || a.Code != "auth.invalid_credentials" {
		t.Errorf("right credentials from a new address while the account is under attack = %d %s, want 401 auth.invalid_credentials", a.Status, a.Code)
	}
	e.clock.Advance(e.svc.Config().LockoutFor)
	if a := e.signInFrom("127.0.0.10", io.Username, io.Password, e.code(io)); a.Status != http.StatusCreated {
		t.Errorf("right credentials from a new address once the lock expired = %d %s, want 201", a.Status, a.Code)
	}
}

// TestSignInAttackAlertsAdministrators: when failures from unknown
// addresses pass the threshold, every administrator is told, once for the
// window however long the attack goes on, and the alert is in the audit log.
func TestSignInAttackAlertsAdministrators(t *testing.T) {
	e := newEnv(t)
	io := e.user("io.target", nsor.RoleIO, "PB-LHR-LHR")
	admin := e.login(e.users["admin"])
	e.attack(io, 4)
	e.attack(io, 1)
	ns, err := admin.Notifications(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	alerts := 0
	for _, n := range ns {
		if n.Kind == "auth.signin_attack" {
			alerts++
			if !bytes.Contains([]byte(n.Message), []byte(io.Username)) {
				t.Errorf("alert %q does not name the account", n.Message)
			}
		}
	}
	if alerts != 1 {
		t.Errorf("administrator's sign-in attack alerts = %d, want 1", alerts)
	}
	var recs []*nsor.AuditEntry
	err = e.db.View(context.Background(), func(tx nsor.Tx) error {
		recs, err = tx.AuditRecords(nsor.AuditFilter{Action: "auth.signin_alert"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Record.Object != fmt.Sprintf("user/%d", io.ID) {
		t.Errorf("audit records of the alert = %d, want 1 on user/%d", len(recs), io.ID)
	}
}

// TestSignInRefusalsLookAlike: an unknown user, a wrong password, a wrong
// code, an account locked for this address, a disabled account and a
// service account (which has no password: docs/adr/0014) get the
// same answer, byte for byte, and each costs one password hash against a
// real hash (never an empty one, which would answer at once and so tell
// that the user does not exist).
func TestSignInRefusalsLookAlike(t *testing.T) {
	h := newCountingHasher(false)
	e := newEnvDeps(t, nil, nil, func(d *nsor.Deps) { d.Passwords = h })
	io := e.user("io.alike", nsor.RoleIO, "PB-LHR-LHR")
	gone := e.user("io.gone", nsor.RoleIO, "PB-LHR-LHR")
	yes := true
	if _, _, err := e.svc.UpdateUser(e.ctx, e.admin, gone.ID, nsor.UserPatch{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	for range e.svc.Config().LockoutAfter {
		e.signInFrom("127.0.0.3", io.Username, "not the password 1", "000000")
	}
	svc := "svc.alike"
	serviceToken(t, e, svc, nsor.RoleIO, io.JurisdictionID, nsor.ScopeRequestsRead)
	cases := []struct{ name, from, user, password, code string }{
		{"unknown user", "127.0.0.2", "io.nobody", "some password 1", e.code(io)},
		{"wrong password", "127.0.0.2", io.Username, "not the password 1", e.code(io)},
		{"wrong code", "127.0.0.2", io.Username, io.Password, "000000"},
		{"locked for this address", "127.0.0.3", io.Username, io.Password, e.code(io)},
		{"disabled", "127.0.0.2", gone.Username, gone.Password, e.code(gone)},
		{"service account", "127.0.0.2", svc, "some password 1", e.code(io)},
	}
	var first signInAnswer
	for i, c := range cases {
		calls := h.calls.Load()
		a := e.signInFrom(c.from, c.user, c.password, c.code)
		if i == 0 {
			first = a
		}
		if a.Status != http.StatusUnauthorized || a.Code != "auth.invalid_credentials" || !bytes.Equal(a.Body, first.Body) {
			t.Errorf("sign-in, %s = %d %s %s, want 401 auth.invalid_credentials %s", c.name, a.Status, a.Code, a.Body, first.Body)
		}
		if got := h.calls.Load() - calls; got != 1 {
			t.Errorf("sign-in, %s: %d password hashes, want 1", c.name, got)
		}
	}
	if n := h.empty.Load(); n != 0 {
		t.Errorf("password verified against an empty hash %d times, want never", n)
	}
}

// TestSignInForwardedFor: X-Forwarded-For is believed only from a
// configured proxy. Sent straight to the server it is ignored, so an
// attacker who writes a new address into it at every attempt is throttled
// all the same; behind a configured proxy each client is throttled on its
// own, and addresses the client wrote to the left of the proxy's are not
// believed.
func TestSignInForwardedFor(t *testing.T) {
	e := newEnv(t)
	post := func(base, xff string) int {
		body := `{"username":"nobody","password":"` + floodPassword + `","code":"000000"}`
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/auth/token", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", xff)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	status := 0
	for i := range 12 {
		status = post(e.srv.URL, fmt.Sprintf("203.0.113.%d", i))
	}
	if status != http.StatusTooManyRequests {
		t.Errorf("12 failures straight to the server, each with another X-Forwarded-For: last = %d, want 429", status)
	}
	proxied := httptest.NewServer(web.New(e.svc, web.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}))
	defer proxied.Close()
	for range 12 {
		status = post(proxied.URL, "198.51.100.7")
	}
	if status != http.StatusTooManyRequests {
		t.Errorf("12 failures of one client behind the proxy: last = %d, want 429", status)
	}
	if got := post(proxied.URL, "192.0.2.1, 198.51.100.7"); got != http.StatusTooManyRequests {
		t.Errorf("the throttled client, with an address of its own to the left = %d, want 429", got)
	}
	if got := post(proxied.URL, "198.51.100.8"); got != http.StatusUnauthorized {
		t.Errorf("another client behind the proxy = %d, want 401", got)
	}
}
