// Package iso reads and writes finger minutiae records: ISO/IEC 19794-2:2005
// and :2011, and ANSI INCITS 378-2004 and -2009. Every record is strictly
// validated on the way in and on the way out, keeps every field it carries
// (extended data blocks included) and is written back byte for byte.
//
// ISO/IEC 19794-2:2005 and ANSI INCITS 378-2004 share the magic "FMR\0" and
// the version " 20\0"; they differ in the header (ISO: a 4-byte record
// length and no CBEFF product identifier; ANSI: a 2-byte length, or 0 and a
// 4-byte length, then a 4-byte CBEFF product identifier). Decode tells them
// apart from the length field against the number of bytes given; so do
// ISO/IEC 19794-2:2011 and ANSI INCITS 378-2009, which share "FMR\0030\0",
// by their header structure.
package iso

import (
	"errors"
	"fmt"
)

// Format is one of the record formats this package reads and writes.
type Format uint8

// The formats.
const (
	Unknown Format = iota
	ISO2005
	ANSI2004
	ISO2011
	ANSI2009
)

// String names the format as its standard does.
func (f Format) String() string {
	switch f {
	case ISO2005:
		return "ISO/IEC 19794-2:2005"
	case ANSI2004:
		return "ANSI INCITS 378-2004"
	case ISO2011:
		return "ISO/IEC 19794-2:2011"
	case ANSI2009:
		return "ANSI INCITS 378-2009"
	}
	return "unknown finger minutiae format"
}

// ErrTruncated is matched (errors.Is) by every error about a record that
// ends before its fields or its length field say it should.
var ErrTruncated = errors.New("record truncated")

// ErrInvalid is matched (errors.Is) by every other refusal: a wrong magic or
// version, a length that disagrees, a value out of range, a reserved bit set.
var ErrInvalid = errors.New("record invalid")

// Error says what is wrong with a record and where: the format it was read
// as, the byte offset of the field and the field's name.
type Error struct {
	Format Format
	Offset int
	Field  string
	Reason string
	kind   error
}

// Error says "<format>: <field> at byte <offset>: <reason>".
func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s at byte %d: %s", e.Format, e.Field, e.Offset, e.Reason)
}

// Unwrap gives ErrTruncated or ErrInvalid.
func (e *Error) Unwrap() error { return e.kind }

// Record is one finger minutiae record with every field it carries. Fields
// that a format does not have are zero and must stay zero.
type Record struct {
	Format Format

	// CBEFFOwner and CBEFFType are the CBEFF product identifier
	// (ANSI INCITS 378 only; ANSI 2009 calls CBEFFType the vendor subformat).
	CBEFFOwner, CBEFFType uint16
	// Equipment is the 2-byte capture equipment field of the 2005/2004
	// header: 4 bits of compliance, 12 bits of capture device type id.
	// In ANSI 2009 it is the 2-byte sensor id, with the certification byte in
	// Certification.
	Equipment uint16
	// Width, Height (pixels) and ResX, ResY (pixels per centimetre) are the
	// record-level image geometry of ISO 2005 and ANSI 2004; in ISO 2011 and
	// ANSI 2009 each view carries its own and these are zero.
	Width, Height uint16
	ResX, ResY    uint16
	// LongLength says an ANSI 2004 record wrote its length in the 6-byte
	// form (0x0000 then 4 bytes), which is kept so the record round-trips.
	LongLength bool
	// Certification is the ISO 2011 certification flag (0 or 1) or the ANSI
	// 2009 sensor certification byte (0x00 or 0x80).
	Certification uint8

	Views []View
}

// View is one finger view (ISO 2005/ANSI: finger view record; ISO 2011:
// finger representation).
type View struct {
	Position   uint8 // finger position code, 0 unknown, 1-10
	Number     uint8 // view number (4 bits; ISO 2011: representation number)
	Impression uint8 // impression type
	Quality    uint8 // finger quality 0-100 (ISO 2011/ANSI 2009: see Qualities)
	Minutiae   []Minutia
	Extended   []Extension

	// The fields below are carried by ISO 2011 and ANSI 2009 views only.
	V2011 *ViewDetail
}

// ViewDetail holds the per-view fields that ISO/IEC 19794-2:2011 and ANSI
// INCITS 378-2009 add.
type ViewDetail struct {
	// CaptureTime is the 9-byte capture date and time (ISO 2011) kept as read:
	// year (2), month, day, hour, minute, second, millisecond (2).
	CaptureTime [9]byte
	// Technology, Vendor and DeviceType identify the capture device (ISO 2011).
	Technology uint8
	Vendor     uint16
	DeviceType uint16
	// Qualities are the quality blocks (ISO 2011, ANSI 2009).
	Qualities []QualityBlock
	// Certifications are the certification blocks (ISO 2011, when the
	// record's certification flag is 1).
	Certifications []CertificationBlock
	Width, Height  uint16
	ResX, ResY     uint16
	// MinutiaSize is 5 or 6: the bytes per minutia (ISO 2011; 6 means a
	// quality byte follows each minutia).
	MinutiaSize uint8
	// EndingType is the ridge ending type (ISO 2011, low 4 bits of the
	// field-length byte): 0 valley skeleton bifurcation, 1 ridge skeleton
	// end point.
	EndingType uint8
}

// QualityBlock is a quality score with the algorithm that gave it.
type QualityBlock struct {
	Score     uint8
	Vendor    uint16
	Algorithm uint16
}

// CertificationBlock names a certification authority and scheme.
type CertificationBlock struct {
	Authority uint16
	Scheme    uint8
}

// Minutia is one minutia as the record stores it.
type Minutia struct {
	Type    uint8  // 0 other, 1 ridge ending, 2 bifurcation (2 bits)
	X, Y    uint16 // pixels (14 bits)
	Angle   uint8  // ISO: units of 360/256 degrees; ANSI: units of 2 degrees
	Quality uint8  // 0-100 (ISO 2011: 254/255 have special meanings)
}

// Extension is one extended data area of a view, kept whole.
type Extension struct {
	Type uint16
	Data []byte
}

// Decode reads a finger minutiae record of any of the formats, telling them
// apart by header, and refuses it with an *Error if anything is wrong.
func Decode(b []byte) (*Record, error) {
	f, err := Detect(b)
	if err != nil {
		return nil, err
	}
	return DecodeAs(b, f)
}

// DecodeAs reads a record that must be of format f.
func DecodeAs(b []byte, f Format) (*Record, error) {
	switch f {
	case ISO2005, ANSI2004:
		return decode2005(b, f)
	case ISO2011:
		return decode2011(b)
	case ANSI2009:
		return decodeANSI2009(b)
	}
	return nil, &Error{Format: f, Field: "format", Reason: "no such format", kind: ErrInvalid}
}

// Detect tells which format a record is in from its header alone.
func Detect(b []byte) (Format, error) {
	if len(b) < 8 {
		return Unknown, &Error{Field: "format identifier", Reason: fmt.Sprintf("%d bytes is too short for a finger minutiae record", len(b)), kind: ErrTruncated}
	}
	if string(b[:4]) != "FMR\x00" {
		return Unknown, &Error{Field: "format identifier", Reason: fmt.Sprintf("%q is not \"FMR\\x00\"", b[:4]), kind: ErrInvalid}
	}
	switch string(b[4:8]) {
	case " 20\x00":
		return detect2005(b)
	case "030\x00":
		return detect2011(b)
	}
	return Unknown, &Error{Offset: 4, Field: "version", Reason: fmt.Sprintf("%q is none of \" 20\\x00\" (ISO 2005, ANSI 2004) and \"030\\x00\" (ISO 2011, ANSI 2009)", b[4:8]), kind: ErrInvalid}
}

// detect2005 tells ISO 2005 (4-byte record length at offset 8) from ANSI
// 2004 (2-byte length at offset 8, or 0 there and a 4-byte length at 10).
// With the length equal to the bytes given the readings cannot both hold:
// for ISO the first two bytes are the length's top half, which is zero
// below 64 KiB and smaller than the length above; an ANSI short length is
// the whole length and never zero. When neither reading agrees with the
// bytes given, the record is judged by the bytes' shape so the error can
// say what is wrong.
func detect2005(b []byte) (Format, error) {
	n := len(b)
	if n < 12 {
		return Unknown, &Error{Offset: 8, Field: "record length", Reason: fmt.Sprintf("the record ends after %d bytes, inside its header", n), kind: ErrTruncated}
	}
	hi := int(be16(b[8:]))
	isoLen := int(be32(b[8:]))
	if isoLen == n {
		return ISO2005, nil
	}
	if hi == n {
		return ANSI2004, nil
	}
	if hi == 0 && n >= 14 && int(be32(b[10:])) == n {
		return ANSI2004, nil
	}
	// Neither reading matches: name the likelier format and let its decoder
	// say how the length disagrees.
	if hi == 0 {
		if isoLen >= 24 {
			return ISO2005, nil
		}
		return ANSI2004, nil
	}
	if hi >= 26 {
		return ANSI2004, nil
	}
	return ISO2005, nil
}

// detect2011 tells ISO 2011 (record length 4, number of representations 2,
// certification flag 1: representations start at 15, each with a 4-byte
// length) from ANSI 2009 (record length 4, CBEFF 4, certification 1, sensor
// id 2, number of views 1, reserved 1: views start at 21).
func detect2011(b []byte) (Format, error) {
	if len(b) < 15 {
		return Unknown, &Error{Offset: 8, Field: "record length", Reason: fmt.Sprintf("the record ends after %d bytes, inside its header", len(b)), kind: ErrTruncated}
	}
	if iso2011Shape(b) {
		return ISO2011, nil
	}
	return ANSI2009, nil
}

// iso2011Shape says whether the representation lengths of an ISO 2011
// reading add up to the record length.
func iso2011Shape(b []byte) bool {
	total := int(be32(b[8:]))
	count := int(be16(b[12:]))
	off := 15
	for i := 0; i < count; i++ {
		if off+4 > len(b) {
			return false
		}
		l := int(be32(b[off:]))
		if l < 4 || off+l > len(b) {
			return false
		}
		off += l
	}
	return count > 0 && total == off
}

func be16(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }
func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// reader reads big-endian fields with a sticky error naming the first
// field that could not be read or was refused.
type reader struct {
	b   []byte
	off int
	f   Format
	err *Error
}

func (r *reader) fail(off int, field, reason string, kind error) {
	if r.err == nil {
		r.err = &Error{Format: r.f, Offset: off, Field: field, Reason: reason, kind: kind}
	}
}

// addView adds the i-th finger view v, read from start, to rec, unless it
// repeats a finger position and number seen before (refused; false). number
// is what the format calls the number: view or representation.
func (r *reader) addView(rec *Record, seen map[[2]uint8]int, v View, i, start int, number string) bool {
	k := [2]uint8{v.Position, v.Number}
	if j, dup := seen[k]; dup {
		r.invalid(start, fmt.Sprintf("finger view %d", i), "repeats finger position %d %s number %d of finger view %d", v.Position, number, v.Number, j)
		return false
	}
	seen[k] = i
	rec.Views = append(rec.Views, v)
	return true
}

// end refuses bytes after the last finger view (what the format calls it)
// and gives the record, or the first refusal met while reading it.
func (r *reader) end(rec *Record, size int, what string) (*Record, error) {
	if r.err == nil && r.off != size {
		r.invalid(r.off, "end of record", "%d bytes follow the last finger %s", size-r.off, what)
	}
	if r.err != nil {
		return nil, r.err
	}
	return rec, nil
}

func (r *reader) invalid(off int, field, format string, args ...any) {
	r.fail(off, field, fmt.Sprintf(format, args...), ErrInvalid)
}

func (r *reader) take(n int, field string) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || r.off+n > len(r.b) {
		r.fail(r.off, field, fmt.Sprintf("needs %d bytes but the record ends after %d (%d left)", n, len(r.b), len(r.b)-r.off), ErrTruncated)
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) u8(field string) uint8 {
	s := r.take(1, field)
	if s == nil {
		return 0
	}
	return s[0]
}

func (r *reader) u16(field string) uint16 {
	s := r.take(2, field)
	if s == nil {
		return 0
	}
	return be16(s)
}

func (r *reader) u32(field string) uint32 {
	s := r.take(4, field)
	if s == nil {
		return 0
	}
	return be32(s)
}

// writer appends big-endian fields.
type writer struct{ b []byte }

func (w *writer) u8(v uint8)   { w.b = append(w.b, v) }
func (w *writer) u16(v uint16) { w.b = append(w.b, byte(v>>8), byte(v)) }
func (w *writer) u32(v uint32) {
	w.b = append(w.b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}
func (w *writer) bytes(v []byte) { w.b = append(w.b, v...) }
