package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"nsor"
	"nsor/auditrec"
)

// The benchmarks compare, in one run, nsor's Update (serial: one client, one
// COMMIT each; parallel: many clients, group commit) with the baseline a
// reader would pick: the raw driver committing each INSERT durably on its
// own. Run them with
//
//	go test -run '^$' -bench . -benchtime 3s ./sqlstore/

// parallelClients is how many goroutines per GOMAXPROCS the parallel
// benchmarks run: a server has many requests in flight.
const parallelClients = 16

func benchRecord(i int) *auditrec.Record {
	return &auditrec.Record{At: time.UnixMilli(1700000000000 + int64(i)), ActorID: 7, ActorRole: "io",
		Source: "api", Action: "request.view", Outcome: auditrec.OutcomeOK, Object: fmt.Sprintf("request/%d", i), RequestID: int64(i)}
}

// BenchmarkUpdate: one small write transaction (an audit record and a
// notification), as most acts of the service are.
func BenchmarkUpdate(b *testing.B) {
	for _, parallel := range []bool{false, true} {
		name := "serial"
		if parallel {
			name = "parallel"
		}
		b.Run(name, func(b *testing.B) {
			db := openTemp(b, Options{})
			var user int64
			if err := db.Update(context.Background(), func(tx nsor.Tx) error {
				j := &nsor.Jurisdiction{Kind: nsor.KindCountry, Code: "PK", Name: "Pakistan"}
				if err := tx.CreateJurisdiction(j); err != nil {
					return err
				}
				u := &nsor.User{Username: "bench", Role: nsor.RoleIO, JurisdictionID: j.ID}
				err := tx.CreateUser(u)
				user = u.ID
				return err
			}); err != nil {
				b.Fatal(err)
			}
			var seq atomic.Int64
			work := func() error {
				i := int(seq.Add(1))
				return db.Update(context.Background(), func(tx nsor.Tx) error {
					if _, err := tx.AppendAudit(benchRecord(i)); err != nil {
						return err
					}
					return tx.AddNotification(&nsor.Notification{UserID: user, Kind: nsor.NoteReminder, RequestID: int64(i), Message: "reminder"})
				})
			}
			run(b, parallel, work)
			st := db.Stats()
			b.ReportMetric(float64(st.Updates)/float64(max(st.Commits, 1)), "updates/commit")
		})
	}
}

// BenchmarkRawInsert is the baseline: the driver alone, one durable
// autocommit INSERT at a time (WAL, synchronous=FULL), no nsor code.
func BenchmarkRawInsert(b *testing.B) {
	for _, parallel := range []bool{false, true} {
		name := "serial"
		if parallel {
			name = "parallel"
		}
		b.Run(name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "raw.db")
			raw, err := sql.Open("sqlite", path+"?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=10000&_txlock=immediate")
			if err != nil {
				b.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)"); err != nil {
				b.Fatal(err)
			}
			payload := make([]byte, 64)
			run(b, parallel, func() error {
				_, err := raw.Exec("INSERT INTO t (v) VALUES (?)", payload)
				return err
			})
		})
	}
}

// run runs work b.N times, serially or from parallelClients goroutines per
// GOMAXPROCS, and reports the rate.
func run(b *testing.B, parallel bool, work func() error) {
	b.ResetTimer()
	if !parallel {
		for b.Loop() {
			if err := work(); err != nil {
				b.Fatal(err)
			}
		}
	} else {
		b.SetParallelism(parallelClients)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := work(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

// BenchmarkTransition: a request moving a step as the service moves it: load,
// update with its version check, history event, audit record, deadline jobs
// and two notifications; about fifteen statements in one Update.
func BenchmarkTransition(b *testing.B) {
	for _, parallel := range []bool{false, true} {
		name := "serial"
		if parallel {
			name = "parallel"
		}
		b.Run(name, func(b *testing.B) {
			db := openTemp(b, Options{})
			user, ids := seedRequests(b, db, 512)
			var next atomic.Int64
			var seq atomic.Int64
			work := func(id int64) error {
				i := int(seq.Add(1))
				return db.Update(context.Background(), func(tx nsor.Tx) error {
					return transition(tx, id, user, i)
				})
			}
			if !parallel {
				run(b, false, func() error { return work(ids[0]) })
			} else {
				b.SetParallelism(parallelClients)
				b.RunParallel(func(pb *testing.PB) {
					id := ids[int(next.Add(1)-1)%len(ids)]
					for pb.Next() {
						if err := work(id); err != nil {
							b.Error(err)
							return
						}
					}
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
			}
			st := db.Stats()
			b.ReportMetric(float64(st.Updates)/float64(max(st.Commits, 1)), "updates/commit")
		})
	}
}

func transition(tx nsor.Tx, id, user int64, i int) error {
	r, err := tx.Request(id)
	if err != nil {
		return err
	}
	prev := *r
	r.Version, r.StageSeq, r.UpdatedAt = r.Version+1, r.StageSeq+1, time.UnixMilli(1700000000000+int64(i))
	if err := tx.UpdateRequest(r, &prev); err != nil {
		return err
	}
	at := r.UpdatedAt
	if err := tx.AddEvent(&nsor.Event{RequestID: id, Action: nsor.ActEdit, From: r.State, To: r.State, ActorID: user, At: at}); err != nil {
		return err
	}
	if _, err := tx.AppendAudit(benchRecord(i)); err != nil {
		return err
	}
	for _, h := range []time.Duration{24, 36, 48} {
		if err := tx.AddJob(&nsor.Job{Kind: nsor.JobReminder, RequestID: id, StageSeq: r.StageSeq, RunAt: at.Add(h * time.Hour)}); err != nil {
			return err
		}
	}
	for range 2 {
		if err := tx.AddNotification(&nsor.Notification{UserID: user, Kind: nsor.NoteSubmitted, RequestID: id, Message: "submitted", CreatedAt: at}); err != nil {
			return err
		}
	}
	return nil
}

// seedRequests stores n draft requests, one accused each, of one officer.
func seedRequests(b *testing.B, db *DB, n int) (int64, []int64) {
	var user int64
	var ids []int64
	err := db.Update(context.Background(), func(tx nsor.Tx) error {
		j := &nsor.Jurisdiction{Kind: nsor.KindDistrict, Code: "D", Name: "District"}
		if err := tx.CreateJurisdiction(j); err != nil {
			return err
		}
		u := &nsor.User{Username: "io", Role: nsor.RoleIO, JurisdictionID: j.ID}
		if err := tx.CreateUser(u); err != nil {
			return err
		}
		user = u.ID
		f := &nsor.FIR{DistrictID: j.ID, StationID: j.ID, Number: "1", Year: 2025, IOUserID: u.ID, Version: 1}
		for i := range n {
			f.Accused = append(f.Accused, nsor.Accused{Name: fmt.Sprint("Accused ", i)})
		}
		if err := tx.CreateFIR(f); err != nil {
			return err
		}
		for _, a := range f.Accused {
			r := &nsor.Request{FIRID: f.ID, DistrictID: j.ID, IOUserID: u.ID, State: nsor.StateSubmitted, Version: 1,
				Suspects: []nsor.Suspect{{AccusedID: a.ID}}}
			if err := tx.CreateRequest(r); err != nil {
				return err
			}
			ids = append(ids, r.ID)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return user, ids
}
