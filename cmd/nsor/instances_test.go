package main

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"nsor"
	"nsor/auth"
	"nsor/client"
	"nsor/demo"
	"nsor/disclosure"
	"nsor/keys/keystest"
	"nsor/service"
	"nsor/sqlstore"
	"nsor/sqlstore/pgtest"
)

// TestTwoInstancesOnPostgres runs two nsor processes on one PostgreSQL
// database (docs/adr/0011-postgresql.md): two prosecutors forward the same request at the same
// moment, one on each instance, and exactly one wins; due jobs run once
// across both; the instance holding the audit log's sequencer is killed and
// the other takes over; the log stays gapless and the independent verifier
// passes it, against the checkpoint the killed instance exported last.
func TestTwoInstancesOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dsn := pgtest.NewDatabase(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "nsor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	keyDir := filepath.Join(dir, "keys")
	seeded := seedOn(t, dsn, keyDir)
	a := startInstance(t, bin, dsn, keyDir, filepath.Join(dir, "a"))
	b := startInstance(t, bin, dsn, keyDir, filepath.Join(dir, "b"))

	onB := conflictingForwards(t, seeded, a, b)
	renameFollowed(t, seeded, a, onB)
	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	noDuplicateNotices(t, pg)

	holder, survivor := sequencerHolder(t, pg, a, b)
	exported := filepath.Join(holder.data, "checkpoints", "checkpoint")
	waitFor(t, "a checkpoint exported by the sequencer's holder", func() bool { return fileExists(exported) })
	stop(holder.cmd)
	signIn(t, survivor, seeded, "auditor1") // acts after the kill
	waitFor(t, "the surviving instance to take the sequencer's lease", func() bool {
		return strings.Contains(leaseHolder(t, pg), "/"+strconv.Itoa(survivor.cmd.Process.Pid)+"/")
	})
	waitFor(t, "every record to be a leaf", func() bool { return unsequenced(t, pg) == 0 })
	stop(survivor.cmd)
	out, err := exec.Command(bin, "audit", "verify", "--database", dsn, "--keys", keyDir, "--checkpoint", exported).CombinedOutput()
	if err != nil {
		t.Fatalf("nsor audit verify after the handover: %v\n%s", err, out)
	}
}

type instance struct {
	cmd        *exec.Cmd
	addr, data string
}

// seedOn fills the database with the demo's synthetic data, in-process,
// under the keys the instances will use.
func seedOn(t *testing.T, dsn, keyDir string) *demo.Seeded {
	ctx := context.Background()
	kr := keystest.Init(t, keyDir)
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := service.New(nsor.Deps{Store: db, Clock: wallClock, IDs: kr, OTP: auth.NewTOTP(kr, nil),
		Passwords: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1}), Config: nsor.DefaultConfig(), Marks: disclosure.New()})
	if err := svc.SeedJurisdictions(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := demo.Seed(ctx, svc, db, rand.New(rand.NewPCG(4, 2)), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func startInstance(t *testing.T, bin, dsn, keyDir, data string) *instance {
	addr := freeAddr(t)
	cmd := startServer(t, bin, "serve", "--database", dsn, "--keys", keyDir, "--data", data, "--addr", addr)
	t.Cleanup(func() { stop(cmd) })
	return &instance{cmd: cmd, addr: addr, data: data}
}

func signIn(t *testing.T, in *instance, s *demo.Seeded, username string) *client.Client {
	t.Helper()
	acc := s.Users[username]
	c, _, err := client.New("http://"+in.addr, nil).SignIn(context.Background(), username, acc.Password, currentCode(t, acc.TOTPSecret))
	if err != nil {
		t.Fatalf("sign in %s on %s: %v", username, in.addr, err)
	}
	return c
}

// conflictingForwards has two prosecutors of one district forward the same
// submitted request at once, on different instances.
func conflictingForwards(t *testing.T, s *demo.Seeded, a, b *instance) *client.Client {
	ctx := context.Background()
	id := s.Requests[nsor.StateSubmitted][0]
	p1, p2 := signIn(t, a, s, "dpp.lahore1"), signIn(t, b, s, "dpp.lahore2")
	cur, err := p1.Request(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"version": cur.Version, "checklist": map[string]any{"fir_copy_matches": true,
		"eligible_section": true, "suspects_named_in_fir": true, "grounds_substantiated": true}}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, p := range []*client.Client{p1, p2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = p.Act(ctx, id, "forward", body)
		}()
	}
	close(start)
	wg.Wait()
	var won, lost int
	for _, err := range errs {
		var p *client.Error
		switch {
		case err == nil:
			won++
		case errors.As(err, &p) && p.Status == 409:
			lost++
		default:
			t.Errorf("forward = %v, want success or 409", err)
		}
	}
	if won != 1 || lost != 1 {
		t.Fatalf("two concurrent forwards on two instances: %d won, %d refused; want exactly one each", won, lost)
	}
	return p2
}

// renameFollowed renames the district on instance a and waits for instance
// b, which has it cached, to show the new name: well within the cache's
// one-minute lifetime, so only the change sequence can have told it.
func renameFollowed(t *testing.T, s *demo.Seeded, a *instance, onB *client.Client) {
	ctx := context.Background()
	var me struct{ Jurisdiction nsor.Jurisdiction }
	if _, err := onB.Do(ctx, "GET", "/api/v1/me", nil, &me); err != nil {
		t.Fatal(err)
	}
	admin := signIn(t, a, s, "admin")
	name := me.Jurisdiction.Name + " (renamed, synthetic)"
	if _, err := admin.Do(ctx, "PATCH", "/api/v1/jurisdictions/"+strconv.FormatInt(me.Jurisdiction.ID, 10),
		map[string]any{"name": name}, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for me.Jurisdiction.Name != name {
		if time.Now().After(deadline) {
			t.Fatalf("the other instance still shows %q 10 s after the rename, want %q", me.Jurisdiction.Name, name)
		}
		time.Sleep(100 * time.Millisecond)
		if _, err := onB.Do(ctx, "GET", "/api/v1/me", nil, &me); err != nil {
			t.Fatal(err)
		}
	}
}

// noDuplicateNotices checks that no job ran twice: every reminder and
// escalation reached each recipient once per request and stage.
func noDuplicateNotices(t *testing.T, pg *sql.DB) {
	time.Sleep(6 * time.Second) // both instances have run their jobs at least once
	var due, dup int
	if err := pg.QueryRow("SELECT COUNT(*) FROM jobs WHERE NOT done AND run_at <= $1", time.Now().Add(-6*time.Second).UnixMilli()).Scan(&due); err != nil {
		t.Fatal(err)
	}
	if err := pg.QueryRow(`SELECT COUNT(*) FROM (SELECT user_id, request_id, kind, message FROM notifications
		GROUP BY user_id, request_id, kind, message HAVING COUNT(*) > 1) d`).Scan(&dup); err != nil {
		t.Fatal(err)
	}
	if due != 0 || dup != 0 {
		t.Errorf("after both instances ran their jobs: %d due jobs left, %d duplicated notices; want none of either", due, dup)
	}
}

func leaseHolder(t *testing.T, pg *sql.DB) string {
	var h string
	if err := pg.QueryRow("SELECT holder FROM audit_sequencer").Scan(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

// sequencerHolder waits for one instance to hold the lease and returns it
// and the other.
func sequencerHolder(t *testing.T, pg *sql.DB, a, b *instance) (holder, other *instance) {
	waitFor(t, "an instance to take the sequencer's lease", func() bool { return leaseHolder(t, pg) != "" })
	h := leaseHolder(t, pg)
	if strings.Contains(h, "/"+strconv.Itoa(a.cmd.Process.Pid)+"/") {
		return a, b
	}
	if !strings.Contains(h, "/"+strconv.Itoa(b.cmd.Process.Pid)+"/") {
		t.Fatalf("the lease's holder %q is neither instance", h)
	}
	return b, a
}

func unsequenced(t *testing.T, pg *sql.DB) int {
	var n int
	if err := pg.QueryRow(`SELECT COUNT(*) FROM audit_records r WHERE NOT EXISTS
		(SELECT 1 FROM audit_leaves l WHERE l.record_id = r.id)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %s", what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() > 0
}
