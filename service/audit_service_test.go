package service_test

import (
	"context"
	"errors"
	"testing"

	"nsor"
	"nsor/auditrec"
	"nsor/auth"
	"nsor/disclosure"
	"nsor/keys/keystest"
	"nsor/service"
)

// auditFaultStore is a store whose transactions cannot append audit
// records: fail is what RecordAudit returns.
type auditFaultStore struct {
	nsor.Store
	fail error
}

type auditFaultTx struct {
	nsor.Tx
	fail error
}

func (t auditFaultTx) RecordAudit(*auditrec.Record) error { return t.fail }

func (s auditFaultStore) Update(ctx context.Context, fn func(nsor.Tx) error) error {
	return s.Store.Update(ctx, func(tx nsor.Tx) error { return fn(auditFaultTx{tx, s.fail}) })
}

// auditFaultyService is a second service over the world's database whose audit
// records cannot be written.
func (w *world) auditFaultyService(fail error) *service.Service {
	w.t.Helper()
	dir := w.t.TempDir()
	kr := keystest.Init(w.t, dir)
	return service.New(nsor.Deps{Store: auditFaultStore{w.db, fail}, Clock: w.clock, IDs: kr, OTP: auth.NewTOTP(kr, nil),
		Passwords: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1}), Config: nsor.DefaultConfig(), Marks: disclosure.New()})
}

// TestAuditUnrecordedActsFail: when its audit record cannot be written an act
// fails and nothing of it remains, and a refusal that cannot be recorded is
// answered as the system's fault, not as the refusal (service.go, do and
// refused): no act and no refused attempt goes unrecorded.
func TestAuditUnrecordedActsFail(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	_, rel := w.auditReleased()
	broken := errors.New("audit table unwritable")
	for _, tc := range []struct {
		name string
		fail error
		kind nsor.ErrorKind
	}{
		{"internal", broken, nsor.KindInternal},
		{"unavailable", nsor.Unavailable(broken), nsor.KindUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := w.auditFaultyService(tc.fail)
			auditor := w.as("auditor1")
			before, cases := w.auditCount(), w.auditCaseCount()

			_, err := svc.OpenCase(w.ctx, auditor, nsor.CaseInput{Disclosure: rel.Number, Reason: "A copy surfaced."})
			if !nsor.IsFault(err) {
				t.Errorf("OpenCase without its record = %v; want the system's fault", err)
			}
			if w.auditCaseCount() != cases {
				t.Error("the case was opened though its record was not written")
			}
			if err := svc.RecordBackup(w.ctx, nsor.Operator{Name: "ops"}, nsor.BackupInfo{Database: "sqlite"}); nsor.KindOf(err) != nsor.KindInternal {
				t.Errorf("RecordBackup without its record = %v; want internal", err)
			}

			// Refusals: by do (a misuse case), by read (the dashboard) and
			// by a search that authorises itself in a snapshot.
			refusals := map[string]error{}
			_, refusals["OpenCase by an officer"] = svc.OpenCase(w.ctx, w.as("io.lahore1"), nsor.CaseInput{Disclosure: rel.Number, Reason: "x"})
			_, refusals["Dashboard by an officer"] = svc.Dashboard(w.ctx, w.as("io.lahore1"))
			_, refusals["SearchAudit by an officer"] = svc.SearchAudit(w.ctx, w.as("io.lahore1"), nsor.AuditQuery{})
			_, refusals["TraceDisclosure by an officer"] = svc.TraceDisclosure(w.ctx, w.as("io.lahore1"), nsor.TraceQuery{Number: rel.Number})
			for what, err := range refusals {
				if nsor.KindOf(err) != tc.kind {
					t.Errorf("%s, unrecordable = %v; want kind %v, not the refusal", what, err, tc.kind)
				}
			}
			// An auditor's search is answered only once recorded.
			if es, err := svc.SearchAudit(w.ctx, auditor, nsor.AuditQuery{}); es != nil || !nsor.IsFault(err) {
				t.Errorf("SearchAudit unrecordable = %d records, %v", len(es), err)
			}
			if tr, err := svc.TraceDisclosure(w.ctx, auditor, nsor.TraceQuery{Number: rel.Number}); tr != nil || !nsor.IsFault(err) {
				t.Errorf("TraceDisclosure unrecordable = %v, %v", tr, err)
			}
			if n := w.auditCount(); n != before {
				t.Errorf("%d audit records written through a store that cannot write them", n-before)
			}
		})
	}
}
