package storetest

import (
	"strconv"
	"testing"

	"nsor"
)

func testJurisdictions(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	if want := "/" + strconv.FormatInt(w.country.ID, 10) + "/"; w.country.Path != want {
		t.Errorf("CreateJurisdiction(root).Path = %q, want %q", w.country.Path, want)
	}
	if want := w.punjab.ChildPath(w.lahore.ID); w.lahore.Path != want {
		t.Errorf("CreateJurisdiction(district).Path = %q, want %q", w.lahore.Path, want)
	}
	if !w.punjab.Covers(w.lahoreStation) || w.punjab.Covers(w.karachi) {
		t.Errorf("paths %q, %q, %q: Punjab must cover its station and not Karachi", w.punjab.Path, w.lahoreStation.Path, w.karachi.Path)
	}
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.Jurisdiction(w.lahore.ID)
		if err != nil {
			t.Fatalf("Jurisdiction(%d) = %v", w.lahore.ID, err)
		}
		wantAllSet(t, "Jurisdiction", w.lahore)
		same(t, "Jurisdiction(lahore)", got, w.lahore)
		got, err = tx.JurisdictionByCode("SD-KHI")
		if err != nil {
			t.Fatalf("JurisdictionByCode(SD-KHI) = %v", err)
		}
		same(t, "JurisdictionByCode(SD-KHI)", got, w.karachi)
		all, err := tx.Jurisdictions()
		if err != nil || len(all) != 7 {
			t.Fatalf("Jurisdictions() = %d nodes, %v; want 7", len(all), err)
		}
		for i := 1; i < len(all); i++ {
			if all[i-1].Path >= all[i].Path {
				t.Errorf("Jurisdictions() order: %q before %q, want ordered by path", all[i-1].Path, all[i].Path)
			}
		}
		_, err = tx.Jurisdiction(999999)
		wantNotFound(t, "Jurisdiction(999999)", err, "jurisdiction")
		_, err = tx.JurisdictionByCode("XX")
		wantNotFound(t, "JurisdictionByCode(XX)", err, "jurisdiction")
		return nil
	})
	testJurisdictionUpdates(t, s, w)
}

func testJurisdictionUpdates(t *testing.T, s nsor.Store, w *world) {
	before := changeSeq(t, s)
	defer func() {
		// One update below succeeds:
		// other instances must be able to tell the hierarchy changed.
		if after := changeSeq(t, s); after <= before {
			t.Errorf("ChangeSeq(jurisdictions) after an update = %d, want more than %d", after, before)
		}
	}()
	update(t, s, func(tx nsor.Tx) error {
		err := tx.CreateJurisdiction(&nsor.Jurisdiction{Kind: nsor.KindDistrict, Code: "PB-LHR", Name: "again", ParentID: w.punjab.ID})
		wantErr(t, "CreateJurisdiction(code taken)", err, nsor.KindConflict, "jurisdiction.code_taken")
		err = tx.CreateJurisdiction(&nsor.Jurisdiction{Kind: nsor.KindDistrict, Code: "NEW", Name: "orphan", ParentID: 999999})
		wantNotFound(t, "CreateJurisdiction(missing parent)", err, "jurisdiction")

		moved := *w.lahore
		moved.Name, moved.Code, moved.Head, moved.ParentID = "Lahore City", "PB-LHE", nsor.HeadCCPO, w.sindh.ID
		if err := tx.UpdateJurisdiction(&moved); err != nil {
			t.Errorf("UpdateJurisdiction(lahore) = %v", err)
			return err
		}
		got, err := tx.Jurisdiction(w.lahore.ID)
		if err != nil {
			t.Errorf("Jurisdiction(lahore) = %v", err)
			return err
		}
		want := moved
		want.ParentID, want.Path = w.lahore.ParentID, w.lahore.Path // never the parent
		same(t, "Jurisdiction(updated lahore)", got, &want)

		taken := *w.karachi
		taken.Code = "PB-LHE"
		err = tx.UpdateJurisdiction(&taken)
		wantErr(t, "UpdateJurisdiction(code taken)", err, nsor.KindConflict, "jurisdiction.code_taken")
		// A second writer that read Lahore before the change above holds
		// its old version: its write is refused, and changes nothing.
		old := *w.lahore
		old.Name = "Lahore (stale)"
		err = tx.UpdateJurisdiction(&old)
		wantErr(t, "UpdateJurisdiction(stale version)", err, nsor.KindConflict, "jurisdiction.stale")
		if got, _ := tx.Jurisdiction(w.lahore.ID); got == nil || got.Name != "Lahore City" || got.Version != w.lahore.Version+1 {
			t.Errorf("Jurisdiction(lahore) after a stale write = %+v, want Lahore City at version %d", got, w.lahore.Version+1)
		}
		err = tx.UpdateJurisdiction(&nsor.Jurisdiction{ID: 999999, Code: "ZZ"})
		wantNotFound(t, "UpdateJurisdiction(999999)", err, "jurisdiction")
		return nil
	})
}

func changeSeq(t *testing.T, s nsor.Store) int64 {
	t.Helper()
	var n int64
	view(t, s, func(tx nsor.Tx) error {
		var err error
		n, err = tx.ChangeSeq("jurisdictions")
		return err
	})
	return n
}
