package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"nsor"
)

func testBlobs(t *testing.T, open Opener) {
	s := open(t)
	data := []byte("%PDF-1.4 FIR copy")
	sum := sha256.Sum256(data)
	b := &nsor.Blob{BlobRef: nsor.BlobRef{Type: "application/pdf"}, Data: data}
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.PutBlob(b); err != nil {
			return err
		}
		again := &nsor.Blob{BlobRef: nsor.BlobRef{Type: "application/pdf"}, Data: data}
		return tx.PutBlob(again) // the same content again is a no-op
	})
	if want := hex.EncodeToString(sum[:]); b.SHA256 != want || b.Size != int64(len(data)) {
		t.Errorf("PutBlob set SHA256, Size = %s, %d; want %s, %d", b.SHA256, b.Size, want, len(data))
	}
	err := s.Update(t.Context(), func(tx nsor.Tx) error {
		return tx.PutBlob(&nsor.Blob{BlobRef: nsor.BlobRef{SHA256: b.SHA256, Type: "image/png"}, Data: []byte("other")})
	})
	if err == nil {
		t.Errorf("PutBlob(hash of other content) = nil, want an error")
	}
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.Blob(b.SHA256)
		if err != nil {
			t.Fatalf("Blob(%s) = %v", b.SHA256, err)
		}
		wantAllSet(t, "Blob", b)
		wantAllSet(t, "BlobRef", &b.BlobRef)
		same(t, "Blob", got, b)
		_, err = tx.Blob("00")
		wantNotFound(t, "Blob(00)", err, "blob")
		return nil
	})
}

func testFIRs(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	f := w.newFIR("101", w.io, "Akram", "Bashir")
	copyBlob := &nsor.Blob{BlobRef: nsor.BlobRef{Type: "image/png"}, Data: []byte("\x89PNG copy")}
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.PutBlob(copyBlob); err != nil {
			return err
		}
		f.Copy = &copyBlob.BlobRef
		return tx.CreateFIR(f)
	})
	if f.ID == 0 || f.Accused[0].ID == 0 || f.Accused[1].ID == 0 || f.Accused[1].FIRID != f.ID {
		t.Fatalf("CreateFIR set IDs %d, accused %+v; want all set", f.ID, f.Accused)
	}
	dup := w.newFIR("101", w.io2, "Other")
	err := s.Update(t.Context(), func(tx nsor.Tx) error { return tx.CreateFIR(dup) })
	wantErr(t, "CreateFIR(same station, number, year)", err, nsor.KindConflict, "fir.duplicate")
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.FIR(f.ID)
		if err != nil {
			t.Fatalf("FIR(%d) = %v", f.ID, err)
		}
		wantUTC(t, "FIR().CreatedAt", got.CreatedAt)
		wantAllSet(t, "FIR", f)
		wantAllSet(t, "Victim", f.Victim)
		wantAllSet(t, "Accused", &f.Accused[0], &f.Accused[1])
		same(t, "FIR(101)", got, f)
		_, err = tx.FIR(999999)
		wantNotFound(t, "FIR(999999)", err, "fir")
		return nil
	})
	testFIRUpdates(t, s, w, f)
}

func testFIRUpdates(t *testing.T, s nsor.Store, w *world, f *nsor.FIR) {
	f.Number, f.Sections, f.Victim, f.Copy, f.IOUserID = "101-A", []string{"PECA-22"}, nil, nil, w.io2.ID
	f.Version = 2
	update(t, s, func(tx nsor.Tx) error { return tx.UpdateFIR(f, 1) })
	stale := *f
	stale.Version = 3
	err := s.Update(t.Context(), func(tx nsor.Tx) error { return tx.UpdateFIR(&stale, 1) })
	wantErr(t, "UpdateFIR(prev 1, stored 2)", err, nsor.KindConflict, "version.stale")
	missing := *f
	missing.ID = 999999
	err = s.Update(t.Context(), func(tx nsor.Tx) error { return tx.UpdateFIR(&missing, 2) })
	wantNotFound(t, "UpdateFIR(999999)", err, "fir")

	added := nsor.Accused{FIRID: f.ID, Name: "Chaudhry Din", DOB: "1980"}
	f.Accused[0].Name, f.Accused[0].CNIC, f.Accused[0].Parentage, f.Accused[0].Titles = "Akram Khan", "", nil, nil
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.AddAccused(&added); err != nil {
			return err
		}
		return tx.UpdateAccused(&f.Accused[0])
	})
	f.Accused = append(f.Accused, added)
	err = s.Update(t.Context(), func(tx nsor.Tx) error { return tx.UpdateAccused(&nsor.Accused{ID: 999999}) })
	wantNotFound(t, "UpdateAccused(999999)", err, "accused")
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.FIR(f.ID)
		if err != nil {
			t.Fatalf("FIR(%d) = %v", f.ID, err)
		}
		same(t, "FIR(updated)", got, f)
		return nil
	})
}

func testFIRFilters(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	a := w.mustFIR(t, s, "1", w.io, "A")
	b := w.mustFIR(t, s, "2", w.io2, "B")
	c := w.mustFIR(t, s, "3", w.io)
	d := w.mustFIR(t, s, "4", w.ioKarachi, "D1", "D2")
	tests := []struct {
		f    nsor.FIRFilter
		want []*nsor.FIR
	}{
		{nsor.FIRFilter{}, []*nsor.FIR{d, c, b, a}},
		{nsor.FIRFilter{IOUserID: w.io.ID}, []*nsor.FIR{c, a}},
		{nsor.FIRFilter{DistrictID: w.lahore.ID}, []*nsor.FIR{c, b, a}},
		{nsor.FIRFilter{DistrictID: w.lahore.ID, Limit: 2}, []*nsor.FIR{c, b}},
		{nsor.FIRFilter{DistrictID: w.karachi.ID, IOUserID: w.io.ID}, nil},
	}
	view(t, s, func(tx nsor.Tx) error {
		for _, tc := range tests {
			got, err := tx.FIRs(tc.f)
			if err != nil {
				t.Fatalf("FIRs(%+v) = %v", tc.f, err)
			}
			same(t, "FIRs", &got, &tc.want)
		}
		return nil
	})
}
