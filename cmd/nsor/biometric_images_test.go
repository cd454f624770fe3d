package main

import (
	"bytes"
	"fmt"
	"image/png"
	"math/rand/v2"
	"reflect"
	"testing"

	"nsor"
	"nsor/fingerprint/synth"
)

// ridgesPNG is a synthetic finger image (synth.Ridges) as PNG bytes.
func ridgesPNG(t testing.TB, seed uint64) []byte {
	t.Helper()
	rnd := rand.New(rand.NewPCG(seed, 40))
	var b bytes.Buffer
	if err := png.Encode(&b, synth.Ridges(320, 400, 9, seed, synth.RidgePoints(rnd, 16, 320, 400, 40, 45)...)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestFPRegisterImages: a record's image of one finger is searchable at the
// position its uploader stated (the file does not say); the fingers the
// index derived and kept (Derive) give the same candidates, scores and
// explanations as extracting them again, and kept fingers that cannot be
// read are extracted from the image again. A template is nothing to keep.
func TestFPRegisterImages(t *testing.T) {
	stored := make([]nsor.StoredBiometric, 4)
	for i := range stored {
		stored[i] = nsor.StoredBiometric{Ref: fmt.Sprintf("sha256:image-%d", i), Kind: nsor.BiometricFingerprint, Format: nsor.FormatPNG,
			Data: ridgesPNG(t, uint64(i)), PPI: 500, Position: 3}
	}
	probe := nsor.FingerprintProbe{Fingers: []nsor.ProbeFinger{{Position: 3, Format: nsor.FormatPNG, Data: stored[2].Data, PPI: 500}}}
	search := func(derived func(i int, sb nsor.StoredBiometric) []byte) []nsor.BiometricCandidate {
		t.Helper()
		f := newFPRegister()
		for i, sb := range stored {
			sb.Derived = derived(i, sb)
			if err := f.PutRecord(int64(i+1), []nsor.StoredBiometric{sb}); err != nil {
				t.Fatal(err)
			}
		}
		cs, err := f.SearchFingerprints(t.Context(), probe)
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	fromImages := search(func(int, nsor.StoredBiometric) []byte { return nil })
	if len(fromImages) != 1 || fromImages[0].RecordID != 3 {
		t.Fatalf("candidates from the images: %+v; want record 3 alone", fromImages)
	}
	f := newFPRegister()
	fromKept := search(func(i int, sb nsor.StoredBiometric) []byte {
		b, err := f.Derive(sb)
		if err != nil || b == nil {
			t.Fatalf("Derive(image %d) = %d bytes, %v", i, len(b), err)
		}
		return b
	})
	if !reflect.DeepEqual(fromKept, fromImages) {
		t.Errorf("candidates from the kept fingers %+v differ from those extracted again %+v", fromKept, fromImages)
	}
	if broken := search(func(int, nsor.StoredBiometric) []byte { return []byte("NSFD\x01 cut") }); !reflect.DeepEqual(broken, fromImages) {
		t.Errorf("candidates with unreadable kept fingers %+v differ from those extracted again %+v", broken, fromImages)
	}
	unplaced := stored[2]
	unplaced.Position = 0
	g := newFPRegister()
	if err := g.PutRecord(3, []nsor.StoredBiometric{unplaced}); err != nil || g.ri.Len() != 0 {
		t.Errorf("an image of a finger not known: %v, %d records held; want none, a tenprint search matching fingers by position", err, g.ri.Len())
	}
	tpl, err := synth.Record(synth.Tenprint(rand.New(rand.NewPCG(1, 1))))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := f.Derive(nsor.StoredBiometric{Kind: nsor.BiometricFingerprint, Format: nsor.FormatISO2005, Data: tpl}); b != nil || err != nil {
		t.Errorf("Derive(template) = %d bytes, %v; want nothing to keep", len(b), err)
	}
}

// BenchmarkFPRegisterPut times holding one record's ten fingers, each a
// stored image: extracted from the images, and read from what the index
// derived and kept at upload (the rebuild at start of every instance).
//
//	go test ./cmd/nsor -run '^$' -bench FPRegisterPut
func BenchmarkFPRegisterPut(b *testing.B) {
	images := make([]nsor.StoredBiometric, 10)
	for i := range images {
		images[i] = nsor.StoredBiometric{Ref: fmt.Sprintf("sha256:finger-%d", i), Kind: nsor.BiometricFingerprint, Format: nsor.FormatPNG,
			Data: ridgesPNG(b, uint64(i)), PPI: 500, Position: i + 1}
	}
	f := newFPRegister()
	kept := make([]nsor.StoredBiometric, len(images))
	for i, sb := range images {
		d, err := f.Derive(sb)
		if err != nil {
			b.Fatal(err)
		}
		kept[i], kept[i].Derived = sb, d
	}
	for _, bc := range []struct {
		name    string
		samples []nsor.StoredBiometric
	}{{"images", images}, {"kept", kept}} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if err := f.PutRecord(int64(i+1), bc.samples); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
