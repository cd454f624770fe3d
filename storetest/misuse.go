package storetest

import (
	"slices"
	"testing"

	"nsor"
)

// testMisuseCases: a case round-trips every field; updates need the version
// read; evidence is added once per record and comes back oldest first;
// listing filters and pages newest first.
func testMisuseCases(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	c := &nsor.MisuseCase{Subject: nsor.SubjectDisclosure, Disclosure: "DN-2025-000001", ReleaseID: 4, RequestID: 3,
		AccessRecordID: 9, OfficerID: w.io.ID, DistrictID: w.lahore.ID, Reason: "copy found outside (synthetic)",
		State: nsor.CaseOpen, OpenedBy: w.admin.ID, OpenedAt: at(1), Version: 1}
	other := &nsor.MisuseCase{Subject: nsor.SubjectAccess, AccessRecordID: 7, OfficerID: w.io2.ID, Reason: "late-night reads",
		State: nsor.CaseOpen, OpenedBy: w.admin.ID, OpenedAt: at(2), Version: 1}
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.CreateMisuseCase(c); err != nil {
			return err
		}
		return tx.CreateMisuseCase(other)
	})
	e1 := nsor.Evidence{CaseID: c.ID, AuditRecordID: 20, Reason: "the read", AddedBy: w.admin.ID, AddedAt: at(3)}
	e2 := nsor.Evidence{CaseID: c.ID, AuditRecordID: 5, Reason: "the release", AddedBy: w.admin.ID, AddedAt: at(4)}
	c.State, c.OutcomeReason, c.DecidedBy, c.DecidedAt, c.Version = nsor.CaseReferred, "referred (synthetic)", w.admin.ID, at(5), 2
	update(t, s, func(tx nsor.Tx) error {
		for _, e := range []*nsor.Evidence{&e1, &e2} {
			if err := tx.AddEvidence(e); err != nil {
				return err
			}
		}
		return tx.UpdateMisuseCase(c, 1)
	})
	err := s.Update(t.Context(), func(tx nsor.Tx) error { return tx.AddEvidence(&e1) })
	wantErr(t, "AddEvidence(same record again)", err, nsor.KindConflict, "case.evidence_duplicate")
	err = s.Update(t.Context(), func(tx nsor.Tx) error { return tx.UpdateMisuseCase(c, 1) })
	wantErr(t, "UpdateMisuseCase(stale version)", err, nsor.KindConflict, "version.stale")
	err = s.Update(t.Context(), func(tx nsor.Tx) error { return tx.UpdateMisuseCase(&nsor.MisuseCase{ID: 999999, Version: 2}, 1) })
	wantNotFound(t, "UpdateMisuseCase(no such case)", err, "case")
	c.Evidence = []nsor.Evidence{e1, e2}
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.MisuseCase(c.ID)
		if err != nil {
			t.Fatalf("MisuseCase(%d) = %v", c.ID, err)
		}
		wantUTC(t, "MisuseCase.OpenedAt", got.OpenedAt)
		same(t, "MisuseCase", got, c)
		_, err = tx.MisuseCase(999999)
		wantNotFound(t, "MisuseCase(999999)", err, "case")
		checkCaseList(t, tx, c, other)
		return nil
	})
	withRef := *c
	withRef.Ref = "MC-2025-000001" // the service's, not stored
	wantAllSet(t, "MisuseCase", &withRef)
	wantAllSet(t, "Evidence", &e1)
}

func checkCaseList(t *testing.T, tx nsor.Tx, c, other *nsor.MisuseCase) {
	tests := []struct {
		name string
		f    nsor.CaseFilter
		want []int64
	}{
		{"all", nsor.CaseFilter{}, []int64{other.ID, c.ID}},
		{"State", nsor.CaseFilter{State: nsor.CaseOpen}, []int64{other.ID}},
		{"OfficerID", nsor.CaseFilter{OfficerID: c.OfficerID}, []int64{c.ID}},
		{"BeforeID", nsor.CaseFilter{BeforeID: other.ID}, []int64{c.ID}},
		{"Limit", nsor.CaseFilter{Limit: 1}, []int64{other.ID}},
	}
	for _, tc := range tests {
		got, err := tx.MisuseCases(tc.f)
		if err != nil {
			t.Fatalf("MisuseCases(%s) = %v", tc.name, err)
		}
		var ids []int64
		for _, g := range got {
			ids = append(ids, g.ID)
			if len(g.Evidence) != 0 {
				t.Errorf("MisuseCases(%s) case %d has %d evidence, want none (listings carry no evidence)", tc.name, g.ID, len(g.Evidence))
			}
		}
		if !slices.Equal(ids, tc.want) {
			t.Errorf("MisuseCases(%s) = %v, want %v", tc.name, ids, tc.want)
		}
	}
}
