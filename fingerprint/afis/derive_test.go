package afis

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"

	"nsor/fingerprint"
	"nsor/fingerprint/fvc"
	"nsor/fingerprint/internal/shareddata"
	"nsor/fingerprint/iso"
	"nsor/fingerprint/synth"
)

// TestExtractorVersionPinned holds ExtractorVersion to what Extract gives:
// fingers kept under a version are used instead of extracting again, so a
// change to the extractor that left the version would leave the register's
// index built from the old extractor's minutiae. When this fails after a
// deliberate change to extraction, raise ExtractorVersion and write the new
// digests here.
func TestExtractorVersionPinned(t *testing.T) {
	const version = "nsor-afis-extract-2"
	const synthetic = "6dc5df29a02cac05f1b380bba1555ce5a393076ffeb1650764393a1ca360f446"
	const fvcFirsts = "301ddb3baa62f094d2467aa0ba321558f6dfed5469149471d624ff35eb400466"
	if ExtractorVersion != version {
		t.Fatalf("ExtractorVersion is %q, this test pins %q: write the new digests below with it", ExtractorVersion, version)
	}
	var fs []Finger
	for i, period := range []float64{8, 10} {
		img := synth.Ridges(320, 360, period, uint64(i), [2]float64{110, 120}, [2]float64{200, 150}, [2]float64{150, 250}, [2]float64{230, 270})
		tp, err := Extract(img, 500)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, Finger{Template: tp, Extracted: true})
	}
	if got := digest(t, fs); got != synthetic {
		t.Errorf("synthetic images: Extract's digest is %s, pinned %s under %s: raise ExtractorVersion", got, synthetic, version)
	}
	dir := shareddata.Fingerprints(t)
	fs = nil
	for _, s := range fvc.Samples() {
		if s.Finger%10 != 1 || s.Impression != 1 {
			continue
		}
		img, err := s.LoadImage(dir)
		if err != nil {
			t.Fatal(err)
		}
		tp, err := Extract(img, s.Resolution())
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, Finger{Template: tp, Extracted: true})
	}
	if got := digest(t, fs); got != fvcFirsts {
		t.Errorf("FVC images: Extract's digest is %s, pinned %s under %s: raise ExtractorVersion", got, fvcFirsts, version)
	}
}

func digest(t *testing.T, fs []Finger) string {
	t.Helper()
	b, err := EncodeFingers(fs)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestEncodeFingersRoundTrip: what EncodeFingers writes DecodeFingers reads
// back exactly, angles to the bit and the extracted flag kept, for fingers
// extracted from an image and fingers read from an ISO record.
func TestEncodeFingersRoundTrip(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	tp, err := Extract(synth.Ridges(300, 300, 9, 1, [2]float64{150, 150}, [2]float64{100, 200}), 500)
	if err != nil {
		t.Fatal(err)
	}
	fs := []Finger{{Template: tp, Extracted: true}}
	for _, ft := range synth.Tenprint(rnd) {
		ft.Quality = uint8(rnd.IntN(101))
		fs = append(fs, Finger{Template: ft})
	}
	b, err := EncodeFingers(fs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeFingers(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, fs) {
		t.Errorf("DecodeFingers(EncodeFingers(fs)) differs from fs")
	}
	if !NeedsExtraction(fs) || NeedsExtraction(fs[1:]) {
		t.Errorf("NeedsExtraction: want true with the extracted finger, false without")
	}
}

// TestDecodeFingersRefuses: every cut of an encoding, trailing bytes, another
// magic, an ISO record and no finger at all are refused as
// fingerprint.bad_template; so is a finger the matcher could not prepare.
func TestDecodeFingersRefuses(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	fs := []Finger{{Template: synth.Finger(rnd, 1)}, {Template: synth.Finger(rnd, 6)}}
	b, err := EncodeFingers(fs)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := synth.Record([]fingerprint.Template{fs[0].Template})
	if err != nil {
		t.Fatal(err)
	}
	none, _ := EncodeFingers(nil)
	bad := []Finger{{Template: fingerprint.Template{Width: 300, Height: 300, ResX: 197, ResY: 197,
		Minutiae: []fingerprint.Minutia{{X: 400, Y: 10}}}}}
	outside, err := EncodeFingers(bad)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{"iso record": rec, "no finger": none, "trailing byte": append(append([]byte{}, b...), 0),
		"other magic": append([]byte("NSFD\x02"), b[5:]...), "minutia outside its image": outside}
	for n := range len(b) {
		cases["cut at "+strconv.Itoa(n)] = b[:n]
	}
	for name, c := range cases {
		if _, err := DecodeFingers(c); CodeOf(err) != CodeBadTemplate {
			t.Errorf("%s: DecodeFingers = %v, want %s", name, err, CodeBadTemplate)
		}
	}
	if _, err := iso.Decode(rec); err != nil {
		t.Fatalf("the ISO record itself is bad: %v", err)
	}
}
