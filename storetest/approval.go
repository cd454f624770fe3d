package storetest

import (
	"testing"

	"nsor"
)

// testApprovals: proposals round-trip with their change as given, list
// newest first by state, and are decided once: a second decision, as when
// two administrators decide at once, is a conflict.
func testApprovals(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	create := &nsor.Approval{Kind: nsor.ApproveUserCreate, Change: []byte(`{"username":"registrar.new","role":"npb_registrar"}`),
		State: nsor.ApprovalPending, ProposedBy: w.admin.ID, ProposedAt: at(0), ExpiresAt: at(72 * 60)}
	reset := &nsor.Approval{Kind: nsor.ApproveReset, TargetID: w.io.ID, Change: []byte("null"),
		State: nsor.ApprovalPending, ProposedBy: w.admin.ID, ProposedAt: at(1), ExpiresAt: at(72*60 + 1)}
	update(t, s, func(tx nsor.Tx) error {
		for _, p := range []*nsor.Approval{create, reset} {
			if err := tx.CreateApproval(p); err != nil || p.ID == 0 {
				t.Errorf("CreateApproval(%s) = %v, ID %d; want nil and an ID", p.Kind, err, p.ID)
				return err
			}
		}
		return nil
	})
	reset.State, reset.DecidedBy, reset.DecidedAt = nsor.ApprovalApproved, w.dpp.ID, at(5)
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.DecideApproval(reset); err != nil {
			t.Errorf("DecideApproval(pending) = %v, want nil", err)
			return err
		}
		again := *reset
		again.State = nsor.ApprovalDeclined
		wantErr(t, "DecideApproval(decided)", tx.DecideApproval(&again), nsor.KindConflict, "approval.decided")
		missing := *reset
		missing.ID = 999999
		wantNotFound(t, "DecideApproval(999999)", tx.DecideApproval(&missing), "approval")
		return nil
	})
	wantAllSet(t, "Approval", create, reset)
	view(t, s, func(tx nsor.Tx) error {
		for _, want := range []*nsor.Approval{create, reset} {
			got, err := tx.Approval(want.ID)
			if err != nil {
				t.Fatalf("Approval(%d) = %v", want.ID, err)
			}
			wantUTC(t, "Approval().ProposedAt", got.ProposedAt)
			same(t, "Approval("+string(want.Kind)+")", got, want)
		}
		_, err := tx.Approval(999999)
		wantNotFound(t, "Approval(999999)", err, "approval")
		testApprovalLists(t, tx, create, reset)
		return nil
	})
}

func testApprovalLists(t *testing.T, tx nsor.Tx, pending, approved *nsor.Approval) {
	for _, tc := range []struct {
		state nsor.ApprovalFilter
		want  []int64
	}{
		{nsor.ApprovalFilter{}, []int64{approved.ID, pending.ID}},
		{nsor.ApprovalFilter{State: nsor.ApprovalPending}, []int64{pending.ID}},
		{nsor.ApprovalFilter{State: nsor.ApprovalApproved}, []int64{approved.ID}},
		{nsor.ApprovalFilter{State: nsor.ApprovalDeclined}, nil},
		{nsor.ApprovalFilter{State: nsor.ApprovalPending, At: pending.ExpiresAt.Add(-1)}, []int64{pending.ID}},
		{nsor.ApprovalFilter{State: nsor.ApprovalPending, At: pending.ExpiresAt}, nil},
		{nsor.ApprovalFilter{State: nsor.ApprovalPending, At: pending.ExpiresAt, Lapsed: true}, []int64{pending.ID}},
		{nsor.ApprovalFilter{State: nsor.ApprovalPending, At: pending.ExpiresAt.Add(-1), Lapsed: true}, nil},
		{nsor.ApprovalFilter{BeforeID: approved.ID}, []int64{pending.ID}},
		{nsor.ApprovalFilter{Limit: 1}, []int64{approved.ID}},
	} {
		got, err := tx.Approvals(tc.state)
		if err != nil {
			t.Fatalf("Approvals(%+v) = %v", tc.state, err)
		}
		var ids []int64
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if len(ids) != len(tc.want) || (len(ids) > 0 && ids[0] != tc.want[0]) {
			t.Errorf("Approvals(%+v) = %v, want %v", tc.state, ids, tc.want)
		}
	}
}
