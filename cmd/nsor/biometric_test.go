package main

import (
	"math/rand/v2"
	"strings"
	"testing"

	"nsor"
	"nsor/fingerprint/synth"
)

// TestFPRegisterBridge: the register's fingerprint index as the service
// takes it reads stored tenprints, finds a person's second tenprint and
// explains it finger by finger; a removed record is not found; a probe it
// cannot read is refused with the fingerprint package's code.
func TestFPRegisterBridge(t *testing.T) {
	rnd := rand.New(rand.NewPCG(21, 22))
	f := newFPRegister()
	var mate []byte
	for id := int64(1); id <= 8; id++ {
		ten := synth.Tenprint(rnd)
		b, err := synth.Record(ten)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.PutRecord(id, []nsor.StoredBiometric{{Ref: "sha256:" + strings.Repeat("a", 63) + string(rune('0'+id)), Kind: "fingerprint", Format: "iso-19794-2-2005", Data: b}}); err != nil {
			t.Fatal(err)
		}
		if id == 5 {
			mate, _ = synth.Record(impressionsOf(rnd, ten)[:4])
		}
	}
	probe := nsor.FingerprintProbe{Fingers: []nsor.ProbeFinger{{Format: "iso-19794-2-2005", Data: mate}}}
	cs, err := f.SearchFingerprints(t.Context(), probe)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].RecordID != 5 || cs[0].RecordRef != "sha256:"+strings.Repeat("a", 63)+"5" || cs[0].Kind != "fingerprint" {
		t.Fatalf("candidates %+v", cs)
	}
	for _, want := range []string{"finger 1 (right thumb) score", "over 4 fingers", "threshold of 0.0001", "calibration: ", "not an identification"} {
		if !strings.Contains(cs[0].Explain, want) {
			t.Errorf("explanation %q lacks %q", cs[0].Explain, want)
		}
	}
	if err := f.PutRecord(5, nil); err != nil {
		t.Fatal(err)
	}
	if cs, err := f.SearchFingerprints(t.Context(), probe); err != nil || len(cs) != 0 {
		t.Errorf("after removal: %+v %v", cs, err)
	}
	bad := nsor.FingerprintProbe{Fingers: []nsor.ProbeFinger{{Format: "png", Data: []byte("not an image")}}}
	if _, err := f.SearchFingerprints(t.Context(), bad); nsor.ErrorCode(err) != "fingerprint.bad_image" || nsor.KindOf(err) != nsor.KindInvalid {
		t.Errorf("an unreadable probe: %v", err)
	}
	if err := f.PutRecord(9, []nsor.StoredBiometric{{Ref: "sha256:x", Data: []byte("junk")}}); err == nil || f.ri.Len() != 7 {
		t.Errorf("an unreadable stored sample: %v, %d records", err, f.ri.Len())
	}
}
