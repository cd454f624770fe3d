package iso

import "fmt"

// Header sizes of ISO/IEC 19794-2:2005 and ANSI INCITS 378-2004 (the ANSI
// one with the 2-byte length; the 6-byte form adds 4).
const (
	iso2005Header  = 24
	ansi2004Header = 26
)

// impression2005 says whether v is an impression type of ISO 2005 and ANSI
// 2004: 0-3 live-scan plain and rolled, non-live-scan plain and rolled, and
// 8 live-scan swipe.
func impression2005(v uint8) bool { return v <= 3 || v == 8 }

func decode2005(b []byte, f Format) (*Record, error) {
	r := &reader{b: b, f: f}
	rec := &Record{Format: f}
	if m := r.take(4, "format identifier"); m != nil && string(m) != "FMR\x00" {
		r.invalid(0, "format identifier", "%q is not \"FMR\\x00\"", m)
	}
	if v := r.take(4, "version"); v != nil && string(v) != " 20\x00" {
		r.invalid(4, "version", "%q is not \" 20\\x00\"", v)
	}
	var length, header int
	if f == ISO2005 {
		length, header = int(r.u32("record length")), iso2005Header
	} else {
		header = ansi2004Header
		length = int(r.u16("record length"))
		if length == 0 && r.err == nil {
			rec.LongLength = true
			length = int(r.u32("record length (6-byte form)"))
			header += 4
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	switch {
	case length < header:
		r.invalid(8, "record length", "%d is less than the %d-byte header", length, header)
	case length > len(b):
		r.fail(8, "record length", fmt.Sprintf("says %d bytes but the record ends after %d: it is truncated", length, len(b)), ErrTruncated)
	case length < len(b):
		r.invalid(8, "record length", "says %d bytes but %d were given: %d bytes follow the record", length, len(b), len(b)-length)
	}
	if f == ANSI2004 {
		rec.CBEFFOwner = r.u16("CBEFF product identifier owner")
		rec.CBEFFType = r.u16("CBEFF product identifier type")
	}
	rec.Equipment = r.u16("capture equipment")
	for _, p := range []struct {
		v    *uint16
		name string
	}{{&rec.Width, "image width"}, {&rec.Height, "image height"}, {&rec.ResX, "horizontal resolution"}, {&rec.ResY, "vertical resolution"}} {
		off := r.off
		*p.v = r.u16(p.name)
		if r.err == nil && *p.v == 0 {
			r.invalid(off, p.name, "is zero")
		}
	}
	nviews := int(r.u8("number of finger views"))
	if r.err == nil && nviews == 0 {
		r.invalid(r.off-1, "number of finger views", "is zero: a record carries at least one finger view")
	}
	if res := r.u8("reserved byte"); res != 0 {
		r.invalid(r.off-1, "reserved byte", "is 0x%02x, not zero", res)
	}
	seen := map[[2]uint8]int{}
	for i := 0; i < nviews && r.err == nil; i++ {
		start := r.off
		v := r.view2005(rec, i)
		if r.err != nil {
			break
		}
		if !r.addView(rec, seen, v, i, start, "view") {
			break
		}
	}
	return r.end(rec, len(b), "view")
}

// view2005 reads one finger view record of ISO 2005 or ANSI 2004.
func (r *reader) view2005(rec *Record, i int) View {
	name := func(s string) string { return fmt.Sprintf("finger view %d %s", i, s) }
	var v View
	off := r.off
	v.Position = r.u8(name("finger position"))
	if r.err == nil && v.Position > 10 {
		r.invalid(off, name("finger position"), "%d is not a finger position (0 unknown, 1-10)", v.Position)
	}
	b := r.u8(name("view number and impression type"))
	v.Number, v.Impression = b>>4, b&0x0f
	if r.err == nil && !impression2005(v.Impression) {
		r.invalid(off+1, name("impression type"), "%d is not an impression type (0-3, 8)", v.Impression)
	}
	v.Quality = r.u8(name("finger quality"))
	if r.err == nil && v.Quality > 100 {
		r.invalid(off+2, name("finger quality"), "%d is above 100", v.Quality)
	}
	n := int(r.u8(name("number of minutiae")))
	if r.err == nil && r.off+6*n > len(r.b) {
		r.fail(r.off, name("minutiae"), fmt.Sprintf("%d minutiae need %d bytes but only %d are left", n, 6*n, len(r.b)-r.off), ErrTruncated)
	}
	if r.err != nil {
		return v
	}
	v.Minutiae = make([]Minutia, 0, n)
	for j := 0; j < n && r.err == nil; j++ {
		mo := r.off
		mname := fmt.Sprintf("finger view %d minutia %d", i, j)
		xy := r.u16(mname + " type and x")
		ry := r.u16(mname + " y")
		m := Minutia{Type: uint8(xy >> 14), X: xy & 0x3fff, Y: ry & 0x3fff}
		m.Angle = r.u8(mname + " angle")
		m.Quality = r.u8(mname + " quality")
		switch {
		case r.err != nil:
		case m.Type == 3:
			r.invalid(mo, mname+" type", "type bits 11 are reserved")
		case ry>>14 != 0:
			r.invalid(mo+2, mname+" y", "the 2 reserved bits above y are %d, not zero", ry>>14)
		case m.X >= rec.Width:
			r.invalid(mo, mname+" x", "%d is outside the image width %d", m.X, rec.Width)
		case m.Y >= rec.Height:
			r.invalid(mo+2, mname+" y", "%d is outside the image height %d", m.Y, rec.Height)
		case rec.Format == ANSI2004 && m.Angle >= 180:
			r.invalid(mo+4, mname+" angle", "%d is not below 180 (ANSI 378 angles are in units of 2 degrees)", m.Angle)
		case m.Quality > 100:
			r.invalid(mo+5, mname+" quality", "%d is above 100", m.Quality)
		}
		v.Minutiae = append(v.Minutiae, m)
	}
	v.Extended = r.extended(i, rec.Format == ANSI2004)
	return v
}

// extended reads a view's extended data block: a 2-byte block length, then
// areas of type (2), length (2) and data. The area length counts the 4-byte
// area header in ANSI INCITS 378 and only the data in ISO/IEC 19794-2. The
// areas must fill the block exactly.
func (r *reader) extended(i int, lengthCountsHeader bool) []Extension {
	name := fmt.Sprintf("finger view %d extended data", i)
	off := r.off
	total := int(r.u16(name + " block length"))
	if r.err != nil {
		return nil
	}
	if r.off+total > len(r.b) {
		r.fail(off, name+" block length", fmt.Sprintf("says %d bytes but only %d are left", total, len(r.b)-r.off), ErrTruncated)
		return nil
	}
	end := r.off + total
	var out []Extension
	for r.off < end && r.err == nil {
		ao := r.off
		if end-r.off < 4 {
			r.invalid(ao, name, "%d bytes left in the block cannot hold an area header", end-r.off)
			break
		}
		t := r.u16(name + " area type")
		l := int(r.u16(name + " area length"))
		if t == 0 {
			r.invalid(ao, name+" area type", "type 0x0000 is reserved")
			break
		}
		if lengthCountsHeader {
			if l < 4 {
				r.invalid(ao+2, name+" area length", "%d is less than the 4-byte area header it counts", l)
				break
			}
			l -= 4
		}
		if r.off+l > end {
			r.invalid(ao+2, name+" area length", "area of %d data bytes runs %d bytes past the end of the block", l, r.off+l-end)
			break
		}
		out = append(out, Extension{Type: t, Data: append([]byte(nil), r.take(l, name+" area data")...)})
	}
	return out
}

// encode2005 writes an ISO 2005 or ANSI 2004 record and reads it back, so
// nothing is written that would not be read.
func (rec *Record) encode2005() ([]byte, error) {
	f := rec.Format
	fail := func(field, format string, args ...any) ([]byte, error) {
		return nil, &Error{Format: f, Offset: -1, Field: field, Reason: fmt.Sprintf(format, args...), kind: ErrInvalid}
	}
	if len(rec.Views) > 255 {
		return fail("number of finger views", "%d views do not fit in one byte", len(rec.Views))
	}
	w := &writer{}
	w.bytes([]byte("FMR\x00 20\x00"))
	long := f == ANSI2004 && rec.LongLength
	if f == ISO2005 {
		w.u32(0)
	} else {
		w.u16(0)
		w.u32(0)
		w.u16(rec.CBEFFOwner)
		w.u16(rec.CBEFFType)
	}
	w.u16(rec.Equipment)
	w.u16(rec.Width)
	w.u16(rec.Height)
	w.u16(rec.ResX)
	w.u16(rec.ResY)
	w.u8(uint8(len(rec.Views)))
	w.u8(0)
	for i, v := range rec.Views {
		if v.Number > 15 || v.Impression > 15 {
			return fail(fmt.Sprintf("finger view %d", i), "view number %d or impression type %d does not fit in 4 bits", v.Number, v.Impression)
		}
		if len(v.Minutiae) > 255 {
			return fail(fmt.Sprintf("finger view %d number of minutiae", i), "%d minutiae do not fit in one byte", len(v.Minutiae))
		}
		w.u8(v.Position)
		w.u8(v.Number<<4 | v.Impression)
		w.u8(v.Quality)
		w.u8(uint8(len(v.Minutiae)))
		for j, m := range v.Minutiae {
			if m.Type > 3 || m.X > 0x3fff || m.Y > 0x3fff {
				return fail(fmt.Sprintf("finger view %d minutia %d", i, j), "type %d, x %d or y %d does not fit its bits", m.Type, m.X, m.Y)
			}
			w.u16(uint16(m.Type)<<14 | m.X)
			w.u16(m.Y)
			w.u8(m.Angle)
			w.u8(m.Quality)
		}
		if err := writeExtended(w, v.Extended, f == ANSI2004); err != nil {
			return fail(fmt.Sprintf("finger view %d extended data", i), "%v", err)
		}
	}
	out := w.b
	n := len(out)
	if f == ISO2005 {
		// The ANSI placeholder was never written for ISO: the length is 4 bytes.
		putBE32(out[8:], uint32(n))
	} else if long || n-4 > 0xffff {
		putBE32(out[10:], uint32(n))
	} else {
		// Short form: drop the 4 placeholder bytes after the 2-byte length.
		out = append(out[:10], out[14:]...)
		out[8], out[9] = byte(len(out)>>8), byte(len(out))
	}
	if _, err := DecodeAs(out, f); err != nil {
		return nil, err
	}
	return out, nil
}

func writeExtended(w *writer, areas []Extension, lengthCountsHeader bool) error {
	total := 0
	for _, a := range areas {
		total += 4 + len(a.Data)
	}
	if total > 0xffff {
		return fmt.Errorf("%d bytes do not fit the 2-byte block length", total)
	}
	w.u16(uint16(total))
	for _, a := range areas {
		l := len(a.Data)
		if lengthCountsHeader {
			l += 4
		}
		w.u16(a.Type)
		w.u16(uint16(l))
		w.bytes(a.Data)
	}
	return nil
}

func putBE32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
}
