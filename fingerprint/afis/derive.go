package afis

import (
	"encoding/binary"
	"fmt"
	"math"

	"nsor/fingerprint"
)

// ExtractorVersion names what Extract gives for a given image. Fingers
// extracted once are kept under it (EncodeFingers), so that an index is
// rebuilt from them rather than from the images, at about 0.3 s an image;
// any change to what Extract gives must change it, so that fingers kept by
// an older extractor are extracted again. TestExtractorVersionPinned holds
// it to a digest of what Extract gives on synthetic ridges.
const ExtractorVersion = "nsor-afis-extract-2"

// derivedMagic opens an encoding of fingers (EncodeFingers), with the
// encoding's own version.
const derivedMagic = "NSFD\x01"

// Bytes of an encoded finger's fixed part and of each minutia.
const (
	derivedFingerSize  = 1 + 1 + 1 + 4*4 + 2
	derivedMinutiaSize = 4 + 4 + 8 + 1 + 1
)

// EncodeFingers writes fingers exactly (angles to the bit, whether each was
// extracted here), for DecodeFingers: what ReadFingers gives for a file,
// kept so that reading it again costs no extraction.
func EncodeFingers(fs []Finger) ([]byte, error) {
	if len(fs) > math.MaxUint16 {
		return nil, fmt.Errorf("afis: %d fingers cannot be encoded", len(fs))
	}
	b := binary.BigEndian.AppendUint16([]byte(derivedMagic), uint16(len(fs)))
	for i, f := range fs {
		t := f.Template
		if len(t.Minutiae) > math.MaxUint16 {
			return nil, fmt.Errorf("afis: finger %d has %d minutiae, too many to encode", i+1, len(t.Minutiae))
		}
		b = append(b, boolByte(f.Extracted), byte(t.Position), t.Quality)
		for _, n := range []int{t.Width, t.Height, t.ResX, t.ResY} {
			b = binary.BigEndian.AppendUint32(b, uint32(int32(n)))
		}
		b = binary.BigEndian.AppendUint16(b, uint16(len(t.Minutiae)))
		for _, m := range t.Minutiae {
			b = binary.BigEndian.AppendUint32(b, uint32(int32(m.X)))
			b = binary.BigEndian.AppendUint32(b, uint32(int32(m.Y)))
			b = binary.BigEndian.AppendUint64(b, math.Float64bits(m.Angle))
			b = append(b, byte(m.Kind), m.Quality)
		}
	}
	return b, nil
}

// DecodeFingers reads what EncodeFingers wrote, refusing anything else as
// fingerprint.bad_template, and checks each finger as ReadFingers does.
func DecodeFingers(b []byte) ([]Finger, error) {
	if len(b) < len(derivedMagic)+2 || string(b[:len(derivedMagic)]) != derivedMagic {
		return nil, refuse(CodeBadTemplate, "not an encoding of fingers")
	}
	n := int(binary.BigEndian.Uint16(b[len(derivedMagic):]))
	b = b[len(derivedMagic)+2:]
	fs := make([]Finger, 0, n)
	for i := range n {
		if len(b) < derivedFingerSize {
			return nil, refuse(CodeBadTemplate, "finger %d is cut short", i+1)
		}
		f := Finger{Extracted: b[0] == 1, Template: fingerprint.Template{Position: fingerprint.Position(b[1]), Quality: b[2]}}
		t := &f.Template
		for j, p := range []*int{&t.Width, &t.Height, &t.ResX, &t.ResY} {
			*p = int(int32(binary.BigEndian.Uint32(b[3+4*j:])))
		}
		k := int(binary.BigEndian.Uint16(b[19:]))
		b = b[derivedFingerSize:]
		if len(b) < k*derivedMinutiaSize {
			return nil, refuse(CodeBadTemplate, "finger %d's minutiae are cut short", i+1)
		}
		t.Minutiae = make([]fingerprint.Minutia, k)
		for j := range t.Minutiae {
			m := b[j*derivedMinutiaSize:]
			t.Minutiae[j] = fingerprint.Minutia{X: int(int32(binary.BigEndian.Uint32(m))), Y: int(int32(binary.BigEndian.Uint32(m[4:]))),
				Angle: math.Float64frombits(binary.BigEndian.Uint64(m[8:])), Kind: fingerprint.Kind(m[16]), Quality: m[17]}
		}
		b = b[k*derivedMinutiaSize:]
		fs = append(fs, f)
	}
	if len(b) != 0 {
		return nil, refuse(CodeBadTemplate, "%d bytes follow the last finger", len(b))
	}
	if len(fs) == 0 {
		return nil, refuse(CodeBadTemplate, "no finger")
	}
	return checkRead(fs)
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// NeedsExtraction says whether ReadFingers extracts minutiae from an image
// for some finger of fs: only then is keeping its result (EncodeFingers)
// worth anything, a template being read in microseconds.
func NeedsExtraction(fs []Finger) bool {
	for _, f := range fs {
		if f.Extracted {
			return true
		}
	}
	return false
}
