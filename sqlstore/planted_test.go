package sqlstore

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"nsor"
	"nsor/sqlstore/pgtest"
)

// Planted-bug controls (HOUSE-STYLE.md, Tests): the conformance suite claims
// to catch broken stores, so each fault below, planted in a wrapper around a
// sound store, must make the named subtest fail with the named message.
// A bug whose test is not TestConformance names it; one on PostgreSQL runs
// only where the PostgreSQL tests do.
var plantedBugs = []struct {
	bug, subtest, message, test string
}{
	{"seconds", "Requests", "Request(updated) =", ""},
	{"duplicate-unnamed", "OpenRequestPerAccused", "CreateRequest(B again).Ref", ""},
	{"stale-accepted", "Requests", "UpdateRequest(prev 4, stored 5)", ""},
	{"claim-ahead", "Jobs", "ClaimDueJobs(now, 0)", ""},
	{"view-writes", "ViewReadOnly", "want an error", ""},
	{"update-not-atomic", "UpdateAtomic", "after a failed Update", ""},
	{"disabled-listed", "UserFilters", "Users(", ""},
	{"aliases-dropped", "SearchOffenders", "SearchOffenders(alias)", ""},
	{"lost-update", "ConcurrentUpdates", "after concurrent Updates", ""},
	{"claim-unlocked", "ClaimJobsOnce", "jobs claimed by two instances", "TestInstancesPostgres"},
}

const plantEnv = "SQLSTORE_PLANTED_BUG"

func TestPlantedBugs(t *testing.T) {
	if os.Getenv(plantEnv) != "" {
		t.Skip("inside a planted-bug run")
	}
	for _, pb := range plantedBugs {
		t.Run(pb.bug, func(t *testing.T) {
			test := "TestConformance"
			if pb.test != "" {
				test = pb.test
				pgtest.Available(t)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$/^"+pb.subtest+"$", "-test.count=1")
			cmd.Env = append(os.Environ(), plantEnv+"="+pb.bug)
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), pb.message) {
				t.Errorf("conformance %s with bug %s: err %v, output:\n%s\nwant a failure naming %q", pb.subtest, pb.bug, err, out, pb.message)
			}
		})
	}
}

// planted returns the store the conformance suite runs on: db itself, or db
// with the bug named in the environment.
func planted(db *DB) nsor.Store {
	if bug := os.Getenv(plantEnv); bug != "" {
		return &buggyStore{DB: db, bug: bug}
	}
	return db
}

type buggyStore struct {
	*DB
	bug string
	n   atomic.Int64
}

func (s *buggyStore) Update(ctx context.Context, fn func(nsor.Tx) error) error {
	switch {
	case s.bug == "update-not-atomic":
		var fnErr error
		if err := s.DB.Update(ctx, func(tx nsor.Tx) error { fnErr = fn(tx); return nil }); err != nil {
			return err
		}
		return fnErr
	case s.bug == "lost-update" && s.n.Add(1)%7 == 0:
		return nil
	}
	return s.DB.Update(ctx, func(tx nsor.Tx) error { return fn(buggyTx{tx, s.bug}) })
}

func (s *buggyStore) View(ctx context.Context, fn func(nsor.Tx) error) error {
	if s.bug == "view-writes" {
		return s.DB.Update(ctx, fn)
	}
	return s.DB.View(ctx, func(tx nsor.Tx) error { return fn(buggyTx{tx, s.bug}) })
}

type buggyTx struct {
	nsor.Tx
	bug string
}

func (b buggyTx) Request(id int64) (*nsor.Request, error) {
	r, err := b.Tx.Request(id)
	if b.bug == "seconds" && r != nil {
		r.UpdatedAt = r.UpdatedAt.Truncate(time.Second)
	}
	return r, err
}

func (b buggyTx) CreateRequest(r *nsor.Request) error {
	err := b.Tx.CreateRequest(r)
	if e, ok := err.(*nsor.Error); ok && b.bug == "duplicate-unnamed" {
		e.Ref = ""
	}
	return err
}

func (b buggyTx) UpdateRequest(r, prev *nsor.Request) error {
	if b.bug == "stale-accepted" {
		if stored, err := b.Tx.Request(r.ID); err == nil {
			prev = stored
		}
	}
	return b.Tx.UpdateRequest(r, prev)
}

func (b buggyTx) ClaimDueJobs(now time.Time, limit int) ([]*nsor.Job, error) {
	if b.bug == "claim-ahead" {
		now = now.Add(time.Hour)
	}
	return b.Tx.ClaimDueJobs(now, limit)
}

func (b buggyTx) Users(f nsor.UserFilter) ([]*nsor.User, error) {
	if b.bug == "disabled-listed" {
		f.IncludeDisabled = true
	}
	return b.Tx.Users(f)
}

func (b buggyTx) CreateOffender(o *nsor.Offender, v *nsor.OffenderVersion) error {
	if b.bug == "aliases-dropped" {
		saved := o.Record.Aliases
		o.Record.Aliases = nil
		defer func() { o.Record.Aliases = saved }()
	}
	return b.Tx.CreateOffender(o, v)
}

// unlockedClaims is the PostgreSQL dialect claiming jobs without FOR UPDATE
// SKIP LOCKED: two instances then claim the same jobs.
type unlockedClaims struct{ pgDialect }

func (unlockedClaims) claimJobsSQL() string {
	return strings.Replace(pgDialect{}.claimJobsSQL(), " FOR UPDATE SKIP LOCKED", "", 1)
}

// plantDialect gives db the planted bug's dialect, if the bug is one.
func plantDialect(db *DB) *DB {
	if os.Getenv(plantEnv) == "claim-unlocked" {
		db.d = unlockedClaims{}
	}
	return db
}
