package service_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"

	"nsor"
	"nsor/biosample"
	"nsor/internal/biofake"
	"nsor/service"
)

// derivingIndex is the stand-in fingerprint index that also derives (an
// nsor.Deriver): from a PNG it derives "minutiae of" and the bytes' digest,
// and it keeps what each PutRecord was given.
type derivingIndex struct {
	*biofake.Fingerprints
	version string
	fail    bool

	mu      sync.Mutex
	derives int // images derived from
	given   map[int64][]nsor.StoredBiometric
	probe   nsor.FingerprintProbe // the last searched with
}

func newDerivingIndex(version string) *derivingIndex {
	return &derivingIndex{Fingerprints: biofake.NewFingerprints(99, "stand-in"), version: version, given: map[int64][]nsor.StoredBiometric{}}
}

func (d *derivingIndex) Derivation() string { return d.version }

func (d *derivingIndex) Derive(s nsor.StoredBiometric) ([]byte, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s.Format != nsor.FormatPNG {
		return nil, nil
	}
	d.derives++
	if d.fail {
		return nil, errors.New("no fingerprint area found")
	}
	return []byte("minutiae of " + nsor.SHA256Hex(s.Data)), nil
}

func (d *derivingIndex) PutRecord(id int64, ss []nsor.StoredBiometric) error {
	d.mu.Lock()
	d.given[id] = ss
	d.mu.Unlock()
	return d.Fingerprints.PutRecord(id, ss)
}

func (d *derivingIndex) SearchFingerprints(ctx context.Context, p nsor.FingerprintProbe) ([]nsor.BiometricCandidate, error) {
	d.mu.Lock()
	d.probe = p
	d.mu.Unlock()
	return d.Fingerprints.SearchFingerprints(ctx, p)
}

// withIndex is a service over w's store whose fingerprint index is fp.
func withIndex(t *testing.T, w *world, fp nsor.FingerprintSearcher) *service.Service {
	return serviceOver(t, w, nsor.Deps{Fingerprints: fp, Samples: biosample.Reader{}})
}

// derivation is what the store keeps for the sample of data under version,
// without its seal (service/derivation.go: a key version and a tag, 36
// bytes), or nil.
func derivation(t *testing.T, w *world, data []byte, version string) []byte {
	t.Helper()
	var out []byte
	err := w.db.View(w.ctx, func(tx nsor.Tx) error {
		b, err := tx.Derivation(nsor.SHA256Hex(data), version)
		if nsor.KindOf(err) == nsor.KindNotFound {
			return nil
		}
		if err == nil && len(b) >= 36 {
			out = b[36:]
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUploadKeepsDerivation: a registrar's fingerprint image is derived
// once, at upload, and what the index derived is kept with the sample
// under its version; the index is then rebuilt from that, and derives from
// the image again once the version changes. Nobody but a registrar makes the
// server derive; a refused upload keeps nothing; an image the index cannot
// derive from is still stored, without a derivation.
func TestUploadKeepsDerivation(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	d := newDerivingIndex("extract-1")
	svc := withIndex(t, w, d)
	img := biosample.SyntheticPNG(11, 300, 300)
	png500 := nsor.SampleMeta{PPI: 500}

	_, err := svc.UploadSample(w.ctx, w.as("io.lahore1"), nsor.BiometricFingerprint, nsor.FormatPNG, img, png500)
	wantCode(t, "an officer's upload", err, "auth.forbidden")
	_, err = svc.UploadSample(w.ctx, w.as("registrar1"), nsor.BiometricFingerprint, nsor.FormatPNG, img, nsor.SampleMeta{PPI: 100})
	wantCode(t, "an image at 100 ppi", err, "sample.resolution")
	if d.derives != 1 || sampleStored(t, w, img) || derivation(t, w, img, "extract-1") != nil {
		t.Fatalf("after two refusals: %d derivations made, stored %v; want the registrar's one, nothing kept", d.derives, sampleStored(t, w, img))
	}

	sm, err := svc.UploadSample(w.ctx, w.as("registrar1"), nsor.BiometricFingerprint, nsor.FormatPNG, img, png500)
	procOK(t, "upload the image", err)
	want := "minutiae of " + sm.SHA256
	if got := derivation(t, w, img, "extract-1"); string(got) != want {
		t.Fatalf("kept derivation %q, want %q", got, want)
	}
	tpl := mustTemplate(t, nsor.FormatISO2011, 9, 1, 6)
	_, err = svc.UploadSample(w.ctx, w.as("registrar1"), nsor.BiometricFingerprint, nsor.FormatISO2011, tpl, nsor.SampleMeta{})
	procOK(t, "upload a template", err)
	if derivation(t, w, tpl, "extract-1") != nil {
		t.Error("a template, read as fast as anything kept, has a derivation kept")
	}
	d.fail = true
	other := biosample.SyntheticPNG(12, 300, 300)
	_, err = svc.UploadSample(w.ctx, w.as("registrar1"), nsor.BiometricFingerprint, nsor.FormatPNG, other, png500)
	procOK(t, "upload an image the index cannot derive from", err)
	if !sampleStored(t, w, other) || derivation(t, w, other, "extract-1") != nil {
		t.Error("an image the index cannot derive from: want it stored without a derivation")
	}

	rec := w.seed.Records[0]
	changeRecord(t, w, rec, false, nsor.Biometric{Kind: "fingerprint", Reference: nsor.SampleRef(sm.SHA256), Provenance: "PFSA (synthetic)"},
		nsor.Biometric{Kind: "fingerprint", Reference: nsor.SampleRef(nsor.SHA256Hex(tpl)), Provenance: "PFSA (synthetic)"})
	for _, tc := range []struct {
		version string
		derives int
	}{{"extract-1", 0}, {"extract-2", 1}} { // a new version derives again
		d2 := newDerivingIndex(tc.version)
		if _, _, err := withIndex(t, w, d2).BuildBiometricIndex(w.ctx); err != nil {
			t.Fatal(err)
		}
		if d2.derives != tc.derives {
			t.Errorf("index of version %s derived from %d images; want %d", tc.version, d2.derives, tc.derives)
		}
		got := map[string]string{}
		for _, sb := range d2.given[rec] {
			got[sb.Ref] = string(sb.Derived)
		}
		imgGot, imgOK := got[nsor.SampleRef(sm.SHA256)]
		tplGot, tplOK := got[nsor.SampleRef(nsor.SHA256Hex(tpl))]
		if !imgOK || !tplOK || imgGot != want || tplGot != "" {
			t.Errorf("index of version %s was given %v; want the image with %q, the template with nothing derived", tc.version, got, want)
		}
	}
}

// TestBuildKeepsDerivation: an image stored with nothing kept under the
// index's version (uploaded before it, or before a new extractor) is
// derived once while the index is filled, and kept, so that the next start
// and every other instance read it; a sample on a record no longer active
// is not derived.
func TestBuildKeepsDerivation(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	img := biosample.SyntheticPNG(13, 300, 300)
	ref := storeSample(t, w, nsor.FormatPNG, img)
	changeRecord(t, w, w.seed.Records[1], false, nsor.Biometric{Kind: "fingerprint", Reference: ref, Provenance: "PFSA (synthetic)"})
	gone := biosample.SyntheticPNG(14, 300, 300)
	changeRecord(t, w, w.seed.Records[2], false, nsor.Biometric{Kind: "fingerprint", Reference: storeSample(t, w, nsor.FormatPNG, gone), Provenance: "PFSA (synthetic)"})
	changeRecord(t, w, w.seed.Records[2], true)

	first := newDerivingIndex("extract-3")
	if _, _, err := withIndex(t, w, first).BuildBiometricIndex(w.ctx); err != nil {
		t.Fatal(err)
	}
	want := "minutiae of " + nsor.SHA256Hex(img)
	if got := derivation(t, w, img, "extract-3"); string(got) != want || first.derives != 1 {
		t.Fatalf("after the first build: kept %q after %d derivations; want %q after 1", got, first.derives, want)
	}
	if derivation(t, w, gone, "extract-3") != nil {
		t.Error("the removed record's image was derived and kept")
	}
	second := newDerivingIndex("extract-3")
	if _, _, err := withIndex(t, w, second).BuildBiometricIndex(w.ctx); err != nil {
		t.Fatal(err)
	}
	given := second.given[w.seed.Records[1]]
	if second.derives != 0 || len(given) == 0 || string(given[len(given)-1].Derived) != want {
		t.Errorf("the second build derived %d times and gave the index %+v; want none, the kept derivation", second.derives, given)
	}
}

// TestAttachedProbeDerived: the tenprint image an officer attached is
// searched with at the position stated when it was attached; it is derived
// at the first search, kept when the feed is next followed, and read from
// what was kept at the next search.
func TestAttachedProbeDerived(t *testing.T) {
	s := newSearchWorld(t)
	d := newDerivingIndex("extract-1")
	svc := withIndex(t, s.world, d)
	if _, _, err := svc.BuildBiometricIndex(s.ctx); err != nil {
		t.Fatal(err)
	}
	img := biosample.SyntheticPNG(15, 300, 300)
	sha, sus := nsor.SHA256Hex(img), s.r.Suspects[1].ID
	err := s.db.Update(s.ctx, func(tx nsor.Tx) error {
		if err := tx.PutBlob(&nsor.Blob{BlobRef: nsor.BlobRef{SHA256: sha, Type: "application/octet-stream", Size: int64(len(img))}, Data: img}); err != nil {
			return err
		}
		if err := tx.PutSample(&nsor.Sample{SHA256: sha, Kind: nsor.BiometricFingerprint, Format: nsor.FormatPNG, Size: int64(len(img)),
			Fingers: []nsor.SampleFinger{{Position: 3, Quality: nsor.QualityUnknown, PPI: 500}}, UploadedBy: s.as("io.lahore1").ID(), UploadedAt: s.clock.Now()}); err != nil {
			return err
		}
		return tx.AddRequestSample(&nsor.RequestSample{RequestID: s.r.ID, SuspectID: sus, SHA256: sha, Kind: nsor.BiometricFingerprint,
			Purpose: nsor.PurposeTenprint, AddedBy: s.as("io.lahore1").ID(), AddedAt: s.clock.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	want := nsor.ProbeFinger{Position: 3, Format: nsor.FormatPNG, Data: img, PPI: 500, Derived: []byte("minutiae of " + sha)}
	for i := range 2 {
		_, err := svc.SearchFingerprints(s.ctx, s.as("analyst1"), s.r.ID, sus, nsor.FingerprintProbe{})
		procOK(t, "search with the attached image", err)
		if len(d.probe.Fingers) != 1 || !reflect.DeepEqual(d.probe.Fingers[0], want) {
			t.Errorf("search %d: the index was given %+v; want the image at position 3, 500 ppi, with what was derived", i+1, d.probe.Fingers)
		}
		procOK(t, "follow the feed", svc.FollowBiometric(s.ctx))
	}
	if d.derives != 1 || string(derivation(t, s.world, img, "extract-1")) != string(want.Derived) {
		t.Errorf("derived %d times, kept %q; want once, kept", d.derives, derivation(t, s.world, img, "extract-1"))
	}
}

// TestPlantedDerivationNotRead: someone who can write the database but
// holds no key plants minutiae under a stored image (to hide the record's
// true fingerprints from every search), raw or sealed under a key of
// their own; the index is given none of it and derives from the image.
func TestPlantedDerivationNotRead(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	for i, plant := range []func(sha string, tx nsor.Tx) error{
		func(sha string, tx nsor.Tx) error {
			return tx.PutDerivation(sha, "extract-1", []byte("planted minutiae"))
		},
		func(sha string, tx nsor.Tx) error {
			return tx.PutDerivation(sha, "extract-1", append(make([]byte, 36), "planted minutiae, seal of zeros"...))
		},
		func(sha string, tx nsor.Tx) error { return tx.PutDerivation(sha, "extract-1", []byte{0, 0, 1}) },
	} {
		rec := w.seed.Records[1+i]
		img := biosample.SyntheticPNG(uint64(20+i), 300, 300)
		ref := storeSample(t, w, nsor.FormatPNG, img)
		sha, _ := nsor.ParseSampleRef(ref)
		if err := w.db.Update(w.ctx, func(tx nsor.Tx) error { return plant(sha, tx) }); err != nil {
			t.Fatal(err)
		}
		changeRecord(t, w, rec, false, nsor.Biometric{Kind: "fingerprint", Reference: ref, Provenance: "PFSA (synthetic)"})
		d := newDerivingIndex("extract-1")
		if _, _, err := withIndex(t, w, d).BuildBiometricIndex(w.ctx); err != nil {
			t.Fatal(err)
		}
		for _, sb := range d.given[rec] {
			if sb.Ref == ref && string(sb.Derived) != "minutiae of "+sha {
				t.Errorf("plant %d: the index was given %q; want what it derives from the image", i, sb.Derived)
			}
		}
		if d.derives != i+1 { // and the earlier plants' images, whose plants stay
			t.Errorf("plant %d: the index derived from %d images; want every planted one's, %d", i, d.derives, i+1)
		}
	}
}
