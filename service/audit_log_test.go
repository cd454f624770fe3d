package service_test

import (
	"strconv"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"nsor"
)

// TestAuditLogProofs asks for the signed checkpoint, consistency proofs and
// an auditor's inclusion proof, each checked as a witness would check it,
// and every refusal: before the first checkpoint, bad ranges, records too
// new or unknown, and everyone but an auditor.
func TestAuditLogProofs(t *testing.T) {
	w := newAuditWorld(t, t.TempDir()+"/nsor.db")
	auditor := w.as("auditor1")

	if _, err := w.svc.Checkpoint(w.ctx); err == nil {
		t.Error("Checkpoint before the log ever signed one succeeded")
	} else {
		wantCode(t, "Checkpoint before the first", err, "audit.no_checkpoint")
	}
	first := w.checkpoint()
	got, err := w.svc.Checkpoint(w.ctx)
	if err != nil || got.Size != first.Size || got.Root != first.Root || got.Size != w.auditCount() {
		t.Fatalf("Checkpoint = %+v, %v; want size %d (every record)", got, err, w.auditCount())
	}

	// An auditor's proof of the first record of the tree.
	leaf := w.auditRecords(nsor.AuditFilter{Limit: 1})[0]
	before := w.auditCount()
	p, err := w.svc.ProveAuditRecord(w.ctx, auditor, leaf.ID)
	if err != nil {
		t.Fatalf("ProveAuditRecord: %v", err)
	}
	if p.RecordID != leaf.ID || p.TreeSize != first.Size || string(p.Record) != string(leaf.Data) || string(p.Checkpoint) != string(first.Note) {
		t.Errorf("proof of %d = record %d in tree %d", leaf.ID, p.RecordID, p.TreeSize)
	}
	if err := tlog.CheckRecord(auditTLogProof(p.Proof), p.TreeSize, first.Root, p.Index, tlog.RecordHash(p.Record)); err != nil {
		t.Errorf("the inclusion proof does not check against the checkpoint's root: %v", err)
	}
	if r := w.auditWantAct(t, before, "audit.proof"); r.Object != "audit/"+strconv.FormatInt(leaf.ID, 10) {
		t.Errorf("proof recorded on %q", r.Object)
	}

	// The proof's own record is newer than the checkpoint.
	fresh := w.auditLast().ID
	for _, tc := range []struct {
		name string
		a    *nsor.Actor
		id   int64
		code string
	}{
		{"record too new", auditor, fresh, "audit.not_checkpointed"},
		{"unknown record", auditor, fresh + 1000, "audit.record_not_found"},
		{"record zero", auditor, 0, "audit.record_not_found"},
		{"officer", w.as("io.lahore1"), leaf.ID, "auth.forbidden"},
		{"oversight", w.as("oversight.punjab"), leaf.ID, "auth.forbidden"},
		{"token without audit:read", auditWithToken(auditor, nsor.ScopeDashboard), leaf.ID, "auth.scope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.auditCount()
			p, err := w.svc.ProveAuditRecord(w.ctx, tc.a, tc.id)
			wantCode(t, "ProveAuditRecord", err, tc.code)
			if p != nil {
				t.Error("a refused proof was returned")
			}
			w.auditWantRefusal(t, before, "audit.proof", tc.code)
		})
	}

	// A second checkpoint extends the first, and proves it.
	second := w.checkpoint()
	if second.Size <= first.Size {
		t.Fatalf("second checkpoint of size %d after %d", second.Size, first.Size)
	}
	cons, err := w.svc.ConsistencyProof(w.ctx, first.Size, second.Size)
	if err != nil {
		t.Fatalf("ConsistencyProof: %v", err)
	}
	if err := tlog.CheckTree(auditTLogProof(cons), second.Size, second.Root, first.Size, first.Root); err != nil {
		t.Errorf("the consistency proof does not check: %v", err)
	}
	for _, r := range [][2]int64{{0, second.Size}, {2, 1}, {1, second.Size + 1}, {-1, 1}} {
		before := w.auditCount()
		p, err := w.svc.ConsistencyProof(w.ctx, r[0], r[1])
		wantCode(t, "ConsistencyProof("+strconv.FormatInt(r[0], 10)+", "+strconv.FormatInt(r[1], 10)+")", err, "audit.bad_range")
		if p != nil || w.auditCount() != before {
			t.Errorf("refused proof returned %v and wrote %d records", p, w.auditCount()-before)
		}
	}
}

func auditTLogProof(p [][32]byte) []tlog.Hash {
	out := make([]tlog.Hash, len(p))
	for i, h := range p {
		out[i] = h
	}
	return out
}

// TestAuditLogOff: a server without the Merkle log makes no proofs, and
// says so; the auditor's refused proof is recorded.
func TestAuditLogOff(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	_, err := w.svc.Checkpoint(w.ctx)
	wantCode(t, "Checkpoint", err, "audit.no_checkpoint")
	_, err = w.svc.ConsistencyProof(w.ctx, 1, 2)
	wantCode(t, "ConsistencyProof", err, "audit.log_off")
	before := w.auditCount()
	_, err = w.svc.ProveAuditRecord(w.ctx, w.as("auditor1"), 1)
	wantCode(t, "ProveAuditRecord", err, "audit.log_off")
	w.auditWantRefusal(t, before, "audit.proof", "audit.log_off")
}

// TestAuditRecordBackup records an operator's backup and restore with the
// backup's manifest, as the console's acts.
func TestAuditRecordBackup(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	op := nsor.Operator{Name: "ops", Host: "nsor1"}
	b := nsor.BackupInfo{Database: "sqlite", Schema: 7, AuditTreeSize: 42, ManifestSHA256: "ab12",
		CreatedAt: time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		action string
		fn     func() error
	}{
		{"system.backup", func() error { return w.svc.RecordBackup(w.ctx, op, b) }},
		{"system.restore", func() error { return w.svc.RecordRestoredBackup(w.ctx, op, b) }},
	} {
		before := w.auditCount()
		if err := tc.fn(); err != nil {
			t.Fatalf("%s: %v", tc.action, err)
		}
		r := w.auditWantAct(t, before, tc.action)
		want := map[string]string{"database": "sqlite", "schema": "7", "audit_tree_size": "42", "manifest_sha256": "ab12",
			"created_at_ms": strconv.FormatInt(b.CreatedAt.UnixMilli(), 10), "operator": "ops@nsor1"}
		for k, v := range want {
			if got := auditDetail(r, k); got != v {
				t.Errorf("%s detail %s = %q, want %q", tc.action, k, got, v)
			}
		}
		if r.Source != "cli" || r.ActorID != 0 {
			t.Errorf("%s recorded as by %d from %q, want the console's operator", tc.action, r.ActorID, r.Source)
		}
	}
}

// TestAuditDashboard counts the requests each overseer's jurisdiction holds, by
// district and state, with the overdue ones once their clocks run out; and
// refuses everyone else, recording the refusal.
func TestAuditDashboard(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	lahore := map[nsor.State]int{nsor.StateAcknowledged: 1, nsor.StateSubmitted: 1, nsor.StateAnswered: 1, nsor.StateForwarded: 1}
	rawalpindi := map[nsor.State]int{nsor.StateReleased: 1, nsor.StateReturned: 1}
	type district struct {
		byState                 map[nsor.State]int
		open, returned, overdue int
	}
	cases := []struct {
		who  string
		want map[string]district // by district name
	}{
		{"oversight.punjab", map[string]district{"Lahore": {lahore, 3, 0, 0}, "Rawalpindi": {rawalpindi, 1, 1, 0}}},
		{"oversight.lahore", map[string]district{"Lahore": {lahore, 3, 0, 0}}},
		{"dpo.rawalpindi", map[string]district{"Rawalpindi": {rawalpindi, 1, 1, 0}}},
		{"supervisor1", map[string]district{"Lahore": {map[nsor.State]int{nsor.StateAnswered: 1, nsor.StateForwarded: 1}, 2, 0, 0}}},
	}
	check := func(t *testing.T, who string, d *nsor.Dashboard, want map[string]district) {
		t.Helper()
		if len(d.Districts) != len(want) {
			t.Errorf("%s sees %d districts, want %d", who, len(d.Districts), len(want))
		}
		for _, ds := range d.Districts {
			wd, ok := want[ds.District]
			if !ok {
				t.Errorf("%s sees district %s", who, ds.District)
				continue
			}
			if !auditSameCounts(ds.ByState, wd.byState) || ds.Open != wd.open || ds.Returned != wd.returned || ds.Overdue != wd.overdue {
				t.Errorf("%s: %s = %v open %d returned %d overdue %d; want %v open %d returned %d overdue %d", who, ds.District,
					ds.ByState, ds.Open, ds.Returned, ds.Overdue, wd.byState, wd.open, wd.returned, wd.overdue)
			}
		}
	}
	for _, tc := range cases {
		t.Run(tc.who, func(t *testing.T) {
			before := w.auditCount()
			d, err := w.svc.Dashboard(w.ctx, w.as(tc.who))
			if err != nil {
				t.Fatalf("Dashboard: %v", err)
			}
			if len(d.Overdue) != 0 {
				t.Errorf("overdue before any clock ran out: %+v", d.Overdue)
			}
			check(t, tc.who, d, tc.want)
			if n := w.auditCount(); n != before {
				t.Errorf("the dashboard (no register data) wrote %d audit records", n-before)
			}
		})
	}

	// 49 hours on: the prosecutor's 48 hours and the bureau's 24 to confirm
	// have run out; the bureau's 72 to answer have not.
	w.clock.Advance(49 * time.Hour)
	d, err := w.svc.Dashboard(w.ctx, w.as("oversight.lahore"))
	if err != nil {
		t.Fatal(err)
	}
	check(t, "oversight.lahore", d, map[string]district{"Lahore": {lahore, 3, 0, 2}})
	kinds := map[nsor.DeadlineKind]nsor.State{}
	for _, o := range d.Overdue {
		kinds[o.Deadline] = o.State
		if o.OverdueHours <= 0 || o.District != "Lahore" || o.Ref == "" {
			t.Errorf("overdue item %+v", o)
		}
	}
	if len(d.Overdue) != 2 || kinds[nsor.DeadlineForward] != nsor.StateSubmitted || kinds[nsor.DeadlineConfirm] != nsor.StateAnswered {
		t.Errorf("overdue = %+v; want the submitted request (prosecutor) and the answered one (confirm)", d.Overdue)
	}

	for _, tc := range []struct {
		name string
		a    *nsor.Actor
		code string
	}{
		{"officer", w.as("io.lahore1"), "auth.forbidden"},
		{"auditor", w.as("auditor1"), "auth.forbidden"},
		{"prosecutor", w.as("dpp.lahore1"), "auth.forbidden"},
		{"token without dashboard:read", auditWithToken(w.as("oversight.punjab"), nsor.ScopeRequestsRead), "auth.scope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.auditCount()
			d, err := w.svc.Dashboard(w.ctx, tc.a)
			wantCode(t, "Dashboard", err, tc.code)
			if d != nil {
				t.Error("a refused dashboard was returned")
			}
			w.auditWantRefusal(t, before, "dashboard.view", tc.code)
		})
	}
}

func auditSameCounts(a, b map[nsor.State]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
