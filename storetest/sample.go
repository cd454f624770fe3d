package storetest

import (
	"reflect"
	"testing"
	"time"

	"nsor"
)

// testSamples: a sample's description is kept as stored, the same SHA-256
// again keeps the first; an unknown one is not found; samples attached to a
// request come back in order with their format and size, and the same
// attachment twice is a conflict that leaves the transaction usable
// (SampleTx).
func testSamples(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	r := newRequest(w.mustFIR(t, s, "52", w.io, "Akram"), w.lahore, 0)
	update(t, s, func(tx nsor.Tx) error { return tx.CreateRequest(r) })
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	fpBlob := &nsor.Blob{BlobRef: nsor.BlobRef{Type: "application/octet-stream"}, Data: []byte("FMR\x00 synthetic template")}
	dnaBlob := &nsor.Blob{BlobRef: nsor.BlobRef{Type: "text/plain"}, Data: []byte("vWA 14,16")}
	var fp, dna *nsor.Sample
	update(t, s, func(tx nsor.Tx) error {
		for _, b := range []*nsor.Blob{fpBlob, dnaBlob} {
			if err := tx.PutBlob(b); err != nil {
				return err
			}
		}
		fp = &nsor.Sample{SHA256: fpBlob.SHA256, Kind: nsor.BiometricFingerprint, Format: nsor.FormatISO2011,
			Fingers: []nsor.SampleFinger{{Position: 2, Quality: 80}, {Position: 7, Quality: nsor.QualityUnknown}},
			Size:    fpBlob.Size, UploadedBy: w.io.ID, UploadedAt: at}
		dna = &nsor.Sample{SHA256: dnaBlob.SHA256, Kind: nsor.BiometricDNA, Format: nsor.FormatDNAProfile,
			SampleType: nsor.DNACrimeScene, Loci: 1, Partial: true, Mixture: true, Size: dnaBlob.Size, UploadedBy: w.io.ID, UploadedAt: at}
		for _, sm := range []*nsor.Sample{fp, dna} {
			if err := tx.PutSample(sm); err != nil {
				return err
			}
		}
		again := *fp
		again.Format, again.UploadedAt = nsor.FormatISO2005, at.Add(time.Hour)
		return tx.PutSample(&again)
	})
	view(t, s, func(tx nsor.Tx) error {
		for _, want := range []*nsor.Sample{fp, dna} {
			got, err := tx.Sample(want.SHA256)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Sample(%s) = %+v, want %+v", want.SHA256, got, want)
			}
		}
		if _, err := tx.Sample("00" + fp.SHA256[2:]); nsor.ErrorCode(err) != "sample.not_found" {
			t.Errorf("Sample(unknown) = %v, want sample.not_found", err)
		}
		return nil
	})
	testDerivations(t, s, fp.SHA256)
	sp := r.Suspects[0].ID
	a := &nsor.RequestSample{RequestID: r.ID, SuspectID: sp, SHA256: fp.SHA256, Kind: fp.Kind, Purpose: nsor.PurposeTenprint,
		AddedBy: w.io.ID, AddedAt: at}
	b := &nsor.RequestSample{RequestID: r.ID, SuspectID: sp, SHA256: dna.SHA256, Kind: dna.Kind, Purpose: nsor.PurposeCrimeScene,
		AddedBy: w.io.ID, AddedAt: at.Add(time.Minute)}
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.AddRequestSample(a); err != nil {
			return err
		}
		twice := *a
		if err := tx.AddRequestSample(&twice); nsor.ErrorCode(err) != "sample.attached" {
			t.Errorf("AddRequestSample twice = %v, want sample.attached", err)
		}
		return tx.AddRequestSample(b) // the transaction goes on after the conflict
	})
	if a.ID == 0 || b.ID <= a.ID {
		t.Fatalf("request sample IDs %d and %d", a.ID, b.ID)
	}
	a.Format, a.Size = fp.Format, fp.Size
	b.Format, b.Size = dna.Format, dna.Size
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.RequestSamples(r.ID)
		if err != nil {
			return err
		}
		if want := []*nsor.RequestSample{a, b}; !reflect.DeepEqual(got, want) {
			t.Errorf("RequestSamples = %+v, want %+v", got, want)
		}
		none, err := tx.RequestSamples(r.ID + 100)
		if err != nil || len(none) != 0 {
			t.Errorf("RequestSamples(other) = %v, %v; want none", none, err)
		}
		return nil
	})
}

// testDerivations: what an index derived from a stored sample is kept under
// its version, byte for byte; the same sample and version again keeps the
// first; another version or sample is not found.
func testDerivations(t *testing.T, s nsor.Store, sha string) {
	first, second := []byte{0, 1, 2, 0xff, 'N'}, []byte("later")
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.PutDerivation(sha, "extract-1", first); err != nil {
			return err
		}
		if err := tx.PutDerivation(sha, "extract-1", second); err != nil {
			return err
		}
		return tx.PutDerivation(sha, "extract-2", second)
	})
	view(t, s, func(tx nsor.Tx) error {
		for v, want := range map[string][]byte{"extract-1": first, "extract-2": second} {
			if got, err := tx.Derivation(sha, v); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("Derivation(%s) = %q, %v; want %q", v, got, err, want)
			}
		}
		if _, err := tx.Derivation(sha, "extract-3"); nsor.KindOf(err) != nsor.KindNotFound {
			t.Errorf("Derivation(another version) = %v, want not found", err)
		}
		if _, err := tx.Derivation("00"+sha[2:], "extract-1"); nsor.KindOf(err) != nsor.KindNotFound {
			t.Errorf("Derivation(another sample) = %v, want not found", err)
		}
		return nil
	})
}
