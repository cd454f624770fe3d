package storetest

import (
	"testing"
	"time"

	"nsor"
)

// newOffender returns a record, every field filled, and its first version.
func newOffender(name string, cnic nsor.CNIC, status nsor.RecordStatus, aliases ...string) (*nsor.Offender, *nsor.OffenderVersion) {
	rec := nsor.OffenderRecord{Name: name, Titles: []string{"Malik"}, Aliases: aliases,
		Parentage: []nsor.Parentage{{Relation: "S/O", Name: "Father of " + name}}, CNIC: cnic,
		Gender: nsor.GenderMale, DOB: "1980-07-21", BirthPlace: "Multan", Description: "tall", Marks: "scar on left hand",
		Photographs: []string{"aa11"}, Biometrics: []nsor.Biometric{{Kind: "fingerprint", Reference: "FP-9", Provenance: "NADRA"}},
		Convictions: []nsor.Conviction{{Court: "ATC Lahore", CaseNumber: "12/2019", FIR: "FIR 7/2018", Sections: []string{"PPC-376"},
			ConvictedOn: "2019-05-02", Sentence: "10 years", ReleasedOn: "2024-05-02", AppealStatus: "none"}},
		Addresses: []nsor.Address{{Address: "House 1", District: "Lahore", From: "2010-01-01", To: "2019-05-02"}},
		Referrals: []nsor.Referral{{ReferredOn: "2020-01-05", Professional: "Dr. X", Outcome: "assessed"}}}
	o := &nsor.Offender{Status: status, CurrentVersion: 1, Record: rec, OwnerID: 3, CreatedAt: at(0), UpdatedAt: at(0)}
	v := &nsor.OffenderVersion{Kind: nsor.ChangeCreate, Record: rec, Reason: "conviction entered", MadeBy: 3,
		MadeAt: at(0), Decision: nsor.DecisionApproved, CheckedBy: 4, CheckedAt: at(1), CheckNote: "checked"}
	if status == nsor.RecordPending {
		o.CurrentVersion = 0
		v.Decision, v.CheckedBy, v.CheckedAt, v.CheckNote = nsor.DecisionPending, 0, time.Time{}, ""
	}
	return o, v
}

func createOffender(t *testing.T, s nsor.Store, o *nsor.Offender, v *nsor.OffenderVersion) {
	t.Helper()
	update(t, s, func(tx nsor.Tx) error { return tx.CreateOffender(o, v) })
	if o.ID == 0 || v.OffenderID != o.ID || v.N != 1 {
		t.Fatalf("CreateOffender set ID %d, version %d of %d; want an ID and version 1 of it", o.ID, v.N, v.OffenderID)
	}
}

func testOffenders(t *testing.T, open Opener) {
	s := open(t)
	o, v1 := newOffender("Muhammad Akram", "9123456789011", nsor.RecordActive, "Akku")
	createOffender(t, s, o, v1)
	v2 := &nsor.OffenderVersion{OffenderID: o.ID, Kind: nsor.ChangeCorrect, Record: o.Record, Reason: "address",
		MadeBy: 3, MadeAt: at(5), Decision: nsor.DecisionPending}
	v2.Record.Addresses = append(v2.Record.Addresses, nsor.Address{Address: "House 2", From: "2024-06-01"})
	update(t, s, func(tx nsor.Tx) error { return tx.AddOffenderVersion(v2) })
	if v2.N != 2 {
		t.Errorf("AddOffenderVersion set N = %d, want 2", v2.N)
	}
	v2.Decision, v2.CheckedBy, v2.CheckedAt, v2.CheckNote = nsor.DecisionApproved, 4, at(6), "ok"
	o.Record, o.CurrentVersion, o.UpdatedAt, o.OwnerID = v2.Record, 2, at(6), 5
	o.Status, o.RemovalReason = nsor.RecordRemoved, "pardoned"
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.UpdateOffenderVersion(v2); err != nil {
			return err
		}
		return tx.UpdateOffender(o)
	})
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.Offender(o.ID)
		if err != nil {
			t.Fatalf("Offender(%d) = %v", o.ID, err)
		}
		wantAllSet(t, "Offender", o)
		wantAllSet(t, "OffenderRecord", &o.Record)
		wantAllSet(t, "Conviction", &o.Record.Convictions[0])
		wantAllSet(t, "Address", &o.Record.Addresses[0])
		same(t, "Offender", got, o)
		gotV, err := tx.OffenderVersion(o.ID, 2)
		if err != nil {
			t.Fatalf("OffenderVersion(%d, 2) = %v", o.ID, err)
		}
		wantAllSet(t, "OffenderVersion", v2)
		same(t, "OffenderVersion(2)", gotV, v2)
		all, err := tx.OffenderVersions(o.ID)
		if err != nil {
			t.Fatalf("OffenderVersions = %v", err)
		}
		want := []*nsor.OffenderVersion{v1, v2}
		same(t, "OffenderVersions", &all, &want)
		_, err = tx.Offender(999999)
		wantNotFound(t, "Offender(999999)", err, "record")
		_, err = tx.OffenderVersion(o.ID, 3)
		wantKind(t, "OffenderVersion(3)", err, nsor.KindNotFound)
		return nil
	})
	missing := *o
	missing.ID = 999999
	err := s.Update(t.Context(), func(tx nsor.Tx) error { return tx.UpdateOffender(&missing) })
	wantNotFound(t, "UpdateOffender(999999)", err, "record")
	err = s.Update(t.Context(), func(tx nsor.Tx) error {
		return tx.AddOffenderVersion(&nsor.OffenderVersion{OffenderID: 999999, Decision: nsor.DecisionPending})
	})
	wantNotFound(t, "AddOffenderVersion(record 999999)", err, "record")
	testPendingVersions(t, s)
}

func testPendingVersions(t *testing.T, s nsor.Store) {
	late, lateV := newOffender("Late Entry", "", nsor.RecordPending)
	lateV.MadeAt = at(50)
	early, earlyV := newOffender("Early Entry", "", nsor.RecordPending)
	earlyV.MadeAt = at(40)
	createOffender(t, s, late, lateV)
	createOffender(t, s, early, earlyV)
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.PendingVersions(nil, 0)
		if err != nil {
			t.Fatalf("PendingVersions(0) = %v", err)
		}
		want := []*nsor.OffenderVersion{earlyV, lateV}
		same(t, "PendingVersions(0)", &got, &want)
		if got, err := tx.PendingVersions(nil, 1); err != nil || len(got) != 1 || got[0].OffenderID != early.ID {
			t.Errorf("PendingVersions(1) = %d versions, %v; want the oldest alone", len(got), err)
		}
		after := []int64{earlyV.MadeAt.UnixMilli(), early.ID, int64(earlyV.N)}
		if got, err := tx.PendingVersions(after, 0); err != nil || len(got) != 1 || got[0].OffenderID != late.ID {
			t.Errorf("PendingVersions(after the oldest) = %d versions, %v; want the later alone", len(got), err)
		}
		if got, err := tx.PendingVersions([]int64{lateV.MadeAt.UnixMilli(), late.ID, int64(lateV.N)}, 0); err != nil || len(got) != 0 {
			t.Errorf("PendingVersions(after the last) = %d versions, %v; want none", len(got), err)
		}
		return nil
	})
}
