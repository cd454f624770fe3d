package web_test

import (
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"nsor"
)

// hashHolder is a password hasher whose Hash calls are counted (at once, and
// the most ever) and, until released, held when they hash floodPassword, so
// that a test can see how many argon2id hashes an administrator's calls run
// at once.
type hashHolder struct {
	*countingHasher
	hashing, most atomic.Int64
}

func (h *hashHolder) Hash(password string) (string, error) {
	n := h.hashing.Add(1)
	defer h.hashing.Add(-1)
	for m := h.most.Load(); n > m && !h.most.CompareAndSwap(m, n); m = h.most.Load() {
	}
	if password == floodPassword {
		<-h.hold
	}
	return h.countingHasher.Hash(password)
}

// TestUserCreateFloodBounded: creating an account hashes its password with
// argon2id (19 MiB each) before the transaction; a flood of account
// creations with a stolen administrator's token (the same username each
// time, so only the first would ever commit) runs no more hashes at once
// than there are hashers, and the excess is refused with 429 auth.busy, as
// a flood of sign-ins or password changes is (docs/adr/0015). Before, every
// creation hashed at once, without bound.
func TestUserCreateFloodBounded(t *testing.T) {
	h := &hashHolder{countingHasher: newCountingHasher(true)}
	e := newEnvDeps(t, nil, nil, func(d *nsor.Deps) { d.Passwords = h })
	t.Cleanup(h.release)
	c := e.login(e.users["admin"])
	district := e.jurisdiction("PB-LHR-LHR").ID
	floodIsBounded(t, "account creations", func() error {
		_, err := c.Do(e.ctx, http.MethodPost, "/api/v1/users", map[string]any{
			"username": "dpo.flood", "name": "Flood (synthetic)", "rank": "SSP", "belt_number": "B-1",
			"role": nsor.RoleDPO, "jurisdiction_id": district, "password": floodPassword}, nil)
		return err
	}, h.release, h.most.Load)
}

// floodIsBounded makes eight calls at once, each of which hashes a password
// held until release, and requires that all but one per CPU are refused 429
// auth.busy meanwhile, and that no more hashes than CPUs ran at once (most).
func floodIsBounded(t *testing.T, what string, call func() error, release func(), most func() int64) {
	t.Helper()
	const flood = 8
	errs := make(chan error, flood)
	var wg sync.WaitGroup
	for range flood {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- call()
		}()
	}
	busy := 0
	for busy < flood-runtime.NumCPU() {
		select {
		case err := <-errs:
			problem(t, what+" during a flood", err, http.StatusTooManyRequests, "auth.busy")
			busy++
		case <-time.After(15 * time.Second):
			release()
			wg.Wait()
			t.Fatalf("after 15s %d of %d %s were refused as busy, want %d; %d hashes ran at once",
				busy, flood, what, flood-runtime.NumCPU(), most())
		}
	}
	release()
	wg.Wait()
	if got, want := most(), int64(runtime.NumCPU()); got > want {
		t.Errorf("password hashes at once during %d %s = %d, want at most %d", flood, what, got, want)
	}
}

// TestPasswordChangeFloodLeavesOfficersAHasher: a signed-in user (an
// insider, or a stolen token) who floods password changes holds no more of
// the hashers than a flood of sign-ins from unknown addresses may: one
// stays for officers signing in from where they signed in before. Before,
// the password changes took every hasher, and nobody could sign in.
func TestPasswordChangeFloodLeavesOfficersAHasher(t *testing.T) {
	officerFindsAHasher(t, "a flood of password changes", func(e *env) *sync.WaitGroup {
		flooder := e.login(e.user("io.flooder", nsor.RoleIO, "PB-LHR-LHR"))
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _ = flooder.Do(e.ctx, http.MethodPost, "/api/v1/me/password",
					map[string]string{"current_password": floodPassword, "new_password": "a new passphrase 2", "code": "000000"}, nil)
			}()
		}
		return &wg
	})
}

// TestSignInBodyBounded: sign-in is open to anyone and its body was read up
// to the 1 MiB of any JSON call before the throttle could refuse it, so
// each connection of a flood held a megabyte or more of memory, and the
// megabyte-long password went on to the hasher. A sign-in body is a
// username, a password of at most 128 characters and a code: more than a
// few KiB is refused, 413, before it is decoded or hashed.
func TestSignInBodyBounded(t *testing.T) {
	h := newCountingHasher(false)
	e := newEnvDeps(t, nil, nil, func(d *nsor.Deps) { d.Passwords = h })
	long := map[string]string{"username": "io.nobody", "password": strings.Repeat("p", 64<<10), "code": "000000"}
	_, err := e.api.Do(e.ctx, http.MethodPost, "/api/v1/auth/token", long, nil)
	problem(t, "sign-in with a 64 KiB password", err, http.StatusRequestEntityTooLarge, "body.too_large")
	if n := h.calls.Load(); n != 0 {
		t.Errorf("password hashes for a 64 KiB sign-in body = %d, want 0", n)
	}
}
