package web_test

import (
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"nsor"
)

// TestSignInFloodBoundsHashing: a flood of bad sign-ins from many addresses
// never runs more password hashes at once than there are hashers (by
// default one per CPU), however many arrive; the excess is refused, quickly,
// with 429 auth.busy and a Retry-After. On main every attempt hashed at once
// (64 attempts took the server to 5.9 GiB).
func TestSignInFloodBoundsHashing(t *testing.T) {
	h := newCountingHasher(true)
	e := newEnvDeps(t, nil, nil, func(d *nsor.Deps) { d.Passwords = h })
	t.Cleanup(h.release)
	const flood = 32
	answers, wg := e.flood(flood)
	busy := 0
	deadline := time.After(15 * time.Second)
	for busy < flood-runtime.NumCPU() {
		select {
		case a := <-answers:
			if a.Status != http.StatusTooManyRequests || a.Code != "auth.busy" || a.RetryAfter == "" {
				t.Fatalf("sign-in during the flood = %d %s (Retry-After %q), want 429 auth.busy with Retry-After", a.Status, a.Code, a.RetryAfter)
			}
			busy++
		case <-deadline:
			t.Errorf("after 15s %d of %d attempts were refused as busy, want %d: the flood is not bounded", busy, flood, flood-runtime.NumCPU())
			busy = flood
		}
	}
	h.release()
	wg.Wait()
	if got, want := h.max.Load(), int64(runtime.NumCPU()); got > want {
		t.Errorf("password hashes at once during a flood of %d = %d, want at most %d (one per CPU)", flood, got, want)
	}
}

// flood starts n bad sign-ins at once from 127.0.0.2..9, for unknown
// usernames; their answers come on the channel.
func (e *env) flood(n int) (chan signInAnswer, *sync.WaitGroup) {
	answers := make(chan signInAnswer, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers <- e.signInFrom(fmt.Sprintf("127.0.0.%d", 2+i%8), fmt.Sprintf("nobody.%d", i), floodPassword, "000000")
		}()
	}
	return answers, &wg
}

// waitFor polls cond for up to 10 seconds.
func waitFor(cond func() bool) bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}

// TestSignInFloodLeavesOfficersAHasher: while a flood for accounts that
// never signed in from the flood's addresses holds every hasher it may, an
// officer signing in from the address they signed in from before still
// finds one.
func TestSignInFloodLeavesOfficersAHasher(t *testing.T) {
	officerFindsAHasher(t, "a flood of sign-ins", func(e *env) *sync.WaitGroup {
		_, wg := e.flood(8)
		return wg
	})
}

// officerFindsAHasher runs flood against a server with two password
// hashers, once an officer has signed in from 127.0.0.1, and requires that
// the flood holds one hasher at most (the other is kept for addresses a user
// signed in from before) and that the officer's next sign-in from there
// succeeds meanwhile.
func officerFindsAHasher(t *testing.T, what string, flood func(e *env) *sync.WaitGroup) {
	t.Helper()
	h := newCountingHasher(true)
	e := newEnvDeps(t, func(c *nsor.Config) { c.SignInHashers = 2 }, nil, func(d *nsor.Deps) { d.Passwords = h })
	t.Cleanup(h.release) // before the server closes, even when the test fails
	officer := e.user("io.office", nsor.RoleIO, "PB-LHR-LHR")
	e.login(officer)
	wg := flood(e)
	if !waitFor(func() bool { return h.now.Load() >= 1 }) {
		t.Fatalf("%s holds no hasher", what)
	}
	time.Sleep(50 * time.Millisecond) // let the flood take all it can
	if n := h.now.Load(); n != 1 {
		t.Fatalf("%s holds %d hashers, want 1 (of 2, one kept for known addresses)", what, n)
	}
	if _, _, err := e.api.SignIn(e.ctx, officer.Username, officer.Password, e.code(officer)); err != nil {
		t.Errorf("officer's sign-in from their own address during %s = %v, want success", what, err)
	}
	h.release()
	wg.Wait()
}

// TestSignInFloodHarnessControl is the planted-bug control of the flood
// tests: with as many hashers as attempts (the bound lifted, as on main)
// the counting hasher sees them all at once, so a bound that does not hold
// cannot pass unseen.
func TestSignInFloodHarnessControl(t *testing.T) {
	h := newCountingHasher(true)
	const flood = 8
	e := newEnvDeps(t, func(c *nsor.Config) { c.SignInHashers = flood + 1 }, nil, func(d *nsor.Deps) { d.Passwords = h })
	t.Cleanup(h.release)
	_, wg := e.flood(flood)
	if !waitFor(func() bool { return h.max.Load() == flood }) {
		t.Errorf("hashes seen at once with the bound lifted = %d, want %d: the harness cannot see a flood", h.max.Load(), flood)
	}
	h.release()
	wg.Wait()
}

// TestPasswordChangeFloodBounded: password changes hash too (the current
// password and the new one); a flood of them with a stolen token runs no
// more hashes at once than there are hashers, and the excess is refused
// with 429 auth.busy.
func TestPasswordChangeFloodBounded(t *testing.T) {
	h := newCountingHasher(true)
	e := newEnvDeps(t, nil, nil, func(d *nsor.Deps) { d.Passwords = h })
	t.Cleanup(h.release)
	io := e.user("io.stolen", nsor.RoleIO, "PB-LHR-LHR")
	c := e.login(io)
	floodIsBounded(t, "password changes", func() error {
		_, err := c.Do(e.ctx, http.MethodPost, "/api/v1/me/password",
			map[string]string{"current_password": floodPassword, "new_password": "a new passphrase 2", "code": "000000"}, nil)
		return err
	}, h.release, h.max.Load)
}
