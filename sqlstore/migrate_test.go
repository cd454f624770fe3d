package sqlstore

import (
	"context"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/auditrec"
	"nsor/sqlstore/pgtest"
)

// Migration tests run on both databases: dsn opens a fresh, empty one.
var migrationDatabases = map[string]func(t *testing.T) string{
	"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "nsor.db") },
	"postgres": func(t *testing.T) string { return pgtest.NewDatabase(t) },
}

// TestMigrateEmpty: an empty database migrates to the latest schema, a
// second Migrate finds nothing to do, and a reopened one is accepted.
func TestMigrateEmpty(t *testing.T) {
	for name, fresh := range migrationDatabases {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			dsn := fresh(t)
			db := mustOpen(t, dsn, Options{})
			if v, err := db.SchemaVersion(ctx); err != nil || v != 0 {
				t.Errorf("SchemaVersion(empty) = %d, %v; want 0", v, err)
			}
			for range 2 {
				if err := db.Migrate(ctx); err != nil {
					t.Fatalf("Migrate = %v", err)
				}
				if v, err := db.SchemaVersion(ctx); err != nil || v != LatestSchema() {
					t.Errorf("SchemaVersion(migrated) = %d, %v; want %d", v, err, LatestSchema())
				}
			}
			db.Close()
			db = mustOpen(t, dsn, Options{Migrate: true})
			var n int64
			if err := db.write.QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != LatestSchema() {
				t.Errorf("schema_migrations rows = %d, %v; want %d", n, err, LatestSchema())
			}
		})
	}
}

// TestMigratePopulated: a database filled at schema 1 keeps every row, as
// the store reads it, when migrated to the latest schema, and goes on
// numbering where it left off.
func TestMigratePopulated(t *testing.T) {
	for name, fresh := range migrationDatabases {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := mustOpen(t, fresh(t), Options{})
			if err := db.migrateTo(ctx, 1); err != nil {
				t.Fatalf("migrateTo(1) = %v", err)
			}
			j := fillSchema1(t, db)
			before := readAll(t, db, true)
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("Migrate(populated) = %v", err)
			}
			if v, err := db.SchemaVersion(ctx); err != nil || v != LatestSchema() {
				t.Errorf("SchemaVersion(migrated) = %d, %v; want %d", v, err, LatestSchema())
			}
			if after := readAll(t, db, false); !reflect.DeepEqual(after, before) {
				t.Errorf("rows after migrating = %+v, want as before: %+v", after, before)
			}
			next := &nsor.Jurisdiction{Kind: nsor.KindProvince, Code: "SD", Name: "Sindh", ParentID: j.ID}
			if err := db.Update(ctx, func(tx nsor.Tx) error { return tx.CreateJurisdiction(next) }); err != nil || next.ID <= j.ID {
				t.Errorf("CreateJurisdiction after migrating = ID %d, %v; want an ID after %d", next.ID, err, j.ID)
			}
		})
	}
}

func mustOpen(t *testing.T, dsn string, opts Options) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// fillSchema1 writes one of each kind of row the procedure writes; it
// returns the root jurisdiction.
func fillSchema1(t *testing.T, db *DB) *nsor.Jurisdiction {
	t.Helper()
	when := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	root := &nsor.Jurisdiction{Kind: nsor.KindCountry, Code: "PK", Name: "Pakistan"}
	err := db.Update(context.Background(), func(tx nsor.Tx) error {
		// The node is written as schema 1's store wrote it: today's also
		// raises a change sequence that schema 1 has no table for.
		if err := createJurisdictionSchema1(tx, root); err != nil {
			return err
		}
		u := &nsor.User{Username: "io.synthetic", Name: "Officer Synthetic", Rank: "SI", BeltNumber: "B-1", Role: nsor.RoleIO,
			JurisdictionID: root.ID, CreatedAt: when, PasswordHash: "$argon2id$x", TOTPSealed: []byte{1, 2}, CredVersion: 1}
		if err := createUserSchema1(tx, u); err != nil {
			return err
		}
		f := &nsor.FIR{DistrictID: root.ID, StationID: root.ID, Number: "7", Year: 2026, RegisteredOn: "2026-02-01",
			Sections: []string{"PPC-376"}, IOUserID: u.ID, Version: 1, CreatedBy: u.ID, CreatedAt: when,
			Accused: []nsor.Accused{{Name: "Accused Synthetic", CNIC: "9110112345671", Gender: nsor.GenderMale, Age: 30}}}
		if err := tx.CreateFIR(f); err != nil {
			return err
		}
		r := &nsor.Request{Ref: "NSOR-2026-7", FIRID: f.ID, DistrictID: root.ID, DistrictPath: root.Path, IOUserID: u.ID,
			FiledBy: u.ID, State: nsor.StateDraft, Version: 1, Grounds: "named", Declaration: true, CreatedAt: when,
			UpdatedAt: when, Suspects: []nsor.Suspect{{AccusedID: f.Accused[0].ID}}}
		if err := createRequestSchema1(tx, r); err != nil {
			return err
		}
		if err := addEventSchema1(tx, &nsor.Event{RequestID: r.ID, Seq: 1, Action: "create", To: nsor.StateDraft, ActorID: u.ID, At: when}); err != nil {
			return err
		}
		if err := tx.AddJob(&nsor.Job{Kind: nsor.JobReminder, RequestID: r.ID, StageSeq: 1, RunAt: when, Note: "24h"}); err != nil {
			return err
		}
		_, err := tx.AppendAudit(&auditrec.Record{Version: auditrec.Version1, At: when, ActorID: u.ID, Action: "request.create",
			Outcome: auditrec.OutcomeOK, Object: "request/1", RequestID: r.ID})
		return err
	})
	if err != nil {
		t.Fatalf("fill schema 1: %v", err)
	}
	return root
}

// schema1Rows is what the store reads back of fillSchema1's rows.
type schema1Rows struct {
	Jurisdictions []*nsor.Jurisdiction
	Users         []*nsor.User
	FIRs          []*nsor.FIR
	Requests      []*nsor.Request
	Events        []*nsor.Event
	Audit         []*nsor.AuditEntry
}

// readAll reads every row back with today's store; at schema 1 (schema1
// true) the users as schema 1 holds them, as today's store reads them after
// migrating: persons, granted no scopes.
func readAll(t *testing.T, db *DB, schema1 bool) schema1Rows {
	t.Helper()
	var all schema1Rows
	err := db.View(context.Background(), func(tx nsor.Tx) (err error) {
		if schema1 {
			all.Jurisdictions, err = jurisdictionsSchema1(tx)
		} else {
			all.Jurisdictions, err = tx.Jurisdictions()
		}
		if err != nil {
			return err
		}
		if schema1 {
			all.Users, err = usersSchema1(tx)
		} else {
			all.Users, err = tx.Users(nsor.UserFilter{IncludeDisabled: true})
		}
		if err != nil {
			return err
		}
		if all.FIRs, err = tx.FIRs(nsor.FIRFilter{}); err != nil {
			return err
		}
		if schema1 {
			all.Requests, all.Events, err = requestsSchema1(tx)
		} else {
			all.Requests, all.Events, err = requestsNow(tx)
		}
		if err != nil {
			return err
		}
		all.Audit, err = tx.AuditRecords(nsor.AuditFilter{})
		return err
	})
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	if len(all.Jurisdictions) != 1 || len(all.Users) != 1 || len(all.FIRs) != 1 || len(all.Requests) != 1 ||
		len(all.Events) != 1 || len(all.Audit) != 1 {
		t.Fatalf("read back %d jurisdictions, %d users, %d FIRs, %d requests, %d events, %d audit records; want one of each",
			len(all.Jurisdictions), len(all.Users), len(all.FIRs), len(all.Requests), len(all.Events), len(all.Audit))
	}
	return all
}

func createJurisdictionSchema1(ntx nsor.Tx, j *nsor.Jurisdiction) error {
	t := ntx.(*tx)
	id, err := t.insert("INSERT INTO jurisdictions (kind, code, name, parent_id, path, head) VALUES (?, ?, ?, ?, ?, ?)",
		j.Kind, j.Code, j.Name, nullable(j.ParentID), "", j.Head)
	if err != nil {
		return err
	}
	j.ID, j.Path = id, "/"+strconv.FormatInt(id, 10)+"/"
	_, err = t.exec("UPDATE jurisdictions SET path = ? WHERE id = ?", j.Path, id)
	return err
}

// schema1UserCols are the users' columns of schema 1.
const schema1UserCols = "username, name, rank_title, belt_number, role, jurisdiction_id, disabled, created_at, " +
	"password_hash, totp_sealed, totp_last_step, failures, locked_until, cred_version"

func createUserSchema1(ntx nsor.Tx, u *nsor.User) error {
	t := ntx.(*tx)
	id, err := t.insert("INSERT INTO users ("+schema1UserCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		u.Username, u.Name, u.Rank, u.BeltNumber, u.Role, u.JurisdictionID, u.Disabled, ms(u.CreatedAt), u.PasswordHash,
		u.TOTPSealed, u.TOTPLastStep, u.Failures, ms(u.LockedUntil), u.CredVersion)
	u.ID = id
	return err
}

// usersSchema1 reads the users of schema 1 as today's store reads them once
// migrated: every one a person, granted no scopes.
// jurisdictionsSchema1 reads the nodes as schema 1 holds them: without a
// version, which migration 0021 starts at 1.
func jurisdictionsSchema1(ntx nsor.Tx) ([]*nsor.Jurisdiction, error) {
	return list(ntx.(*tx), "jurisdiction", func(j *nsor.Jurisdiction) func(scanner) error {
		return func(s scanner) error {
			j.Version = 1
			return s.Scan(&j.ID, &j.Kind, &j.Code, &j.Name, optID{&j.ParentID}, &j.Path, &j.Head)
		}
	}, "SELECT id, kind, code, name, parent_id, path, head FROM jurisdictions ORDER BY path")
}

func usersSchema1(ntx nsor.Tx) ([]*nsor.User, error) {
	t := ntx.(*tx)
	return list(t, "user", func(u *nsor.User) func(scanner) error {
		return func(s scanner) error {
			u.Kind, u.Scopes = nsor.UserPerson, []string{}
			return s.Scan(&u.ID, &u.Username, &u.Name, &u.Rank, &u.BeltNumber, &u.Role, &u.JurisdictionID, &u.Disabled,
				instant{&u.CreatedAt}, &u.PasswordHash, &u.TOTPSealed, &u.TOTPLastStep, &u.Failures, instant{&u.LockedUntil},
				&u.CredVersion)
		}
	}, "SELECT id, "+schema1UserCols+" FROM users ORDER BY id")
}

func requestsNow(tx nsor.Tx) ([]*nsor.Request, []*nsor.Event, error) {
	rs, err := tx.Requests(nsor.RequestFilter{})
	if err != nil {
		return nil, nil, err
	}
	var es []*nsor.Event
	for _, r := range rs {
		evs, err := tx.Events(r.ID)
		if err != nil {
			return nil, nil, err
		}
		es = append(es, evs...)
	}
	return rs, es, nil
}

// The requests' and events' columns of schema 1 (migrations 0010 and 0011
// add the last ones today's store writes).
var (
	schema1RequestCols = strings.TrimSuffix(requestDataCols, ", returned_items, acknowledged_by")
	schema1EventCols   = "request_id, seq, action, from_state, to_state, actor_id, actor_role, reason, at"
)

func createRequestSchema1(ntx nsor.Tx, r *nsor.Request) error {
	t := ntx.(*tx)
	args := requestArgs(r)
	id, err := t.insert("INSERT INTO requests ("+schema1RequestCols+") VALUES (?"+strings.Repeat(", ?", len(args)-3)+")",
		args[:len(args)-2]...)
	if err != nil {
		return err
	}
	r.ID = id
	for i := range r.Suspects {
		sp := &r.Suspects[i]
		id, err := t.insert("INSERT INTO request_suspects ("+schema1SuspectCols+", pos, is_open) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			r.ID, sp.AccusedID, sp.Outcome, sp.RecordID, sp.Basis, sp.BiometricRef, asJSON(&sp.Needed), sp.Note, i, r.State.Open())
		if err != nil {
			return err
		}
		sp.ID = id
	}
	return nil
}

// schema1SuspectCols are the request_suspects columns of schema 1 (0024
// adds comparison_id), id aside.
const schema1SuspectCols = "request_id, accused_id, outcome, record_id, basis, biometric_ref, needed, note"

// loadSuspectsSchema1 reads the suspects of rs as schema 1 holds them.
func loadSuspectsSchema1(t *tx, rs []*nsor.Request) error {
	byID := map[int64]*nsor.Request{}
	for _, r := range rs {
		byID[r.ID], r.Suspects = r, []nsor.Suspect{}
	}
	return t.each("suspect", func(sc scanner) error {
		var sp nsor.Suspect
		var requestID int64
		d := suspectDests(&sp, &requestID)
		if err := sc.Scan(d[:len(d)-1]...); err != nil {
			return err
		}
		byID[requestID].Suspects = append(byID[requestID].Suspects, sp)
		return nil
	}, "SELECT id, "+schema1SuspectCols+" FROM request_suspects ORDER BY request_id, pos, id")
}

func addEventSchema1(ntx nsor.Tx, e *nsor.Event) error {
	_, err := ntx.(*tx).exec("INSERT INTO events ("+schema1EventCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		e.RequestID, e.Seq, e.Action, e.From, e.To, e.ActorID, e.ActorRole, e.Reason, ms(e.At))
	return err
}

// requestsSchema1 reads the requests and events of schema 1 as today's store
// reads them once migrated: no items returned, and each event with the name
// its actor has now (migration 0010 fills in what it cannot know better).
func requestsSchema1(ntx nsor.Tx) ([]*nsor.Request, []*nsor.Event, error) {
	t := ntx.(*tx)
	rs, err := list(t, "request", func(r *nsor.Request) func(scanner) error {
		return func(s scanner) error { d := requestDests(r); return s.Scan(d[:len(d)-2]...) }
	}, "SELECT id, "+schema1RequestCols+" FROM requests ORDER BY id DESC")
	if err != nil {
		return nil, nil, err
	}
	if err := loadSuspectsSchema1(t, rs); err != nil {
		return nil, nil, err
	}
	es, err := list(t, "event", func(e *nsor.Event) func(scanner) error {
		return func(s scanner) error {
			return s.Scan(&e.RequestID, &e.Seq, &e.Action, &e.From, &e.To, &e.ActorID, &e.ActorRole, &e.ActorName, &e.Reason, instant{&e.At})
		}
	}, "SELECT e.request_id, e.seq, e.action, e.from_state, e.to_state, e.actor_id, e.actor_role, u.name, e.reason, e.at "+
		"FROM events e JOIN users u ON u.id = e.actor_id ORDER BY e.request_id, e.seq")
	return rs, es, err
}
