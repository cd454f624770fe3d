package iso

import "fmt"

// ISO/IEC 19794-2:2011: a 15-byte general header (magic, version, record
// length 4, number of representations 2, certification flag 1), then per
// finger representation: its length (4, counting itself), capture date and
// time (9), capture device technology (1), vendor (2) and type (2), quality
// blocks (count 1, then 5 bytes each), certification blocks when the flag
// is set (count 1, then 3 bytes each), finger position (1), representation
// number (1), resolution x and y (2 each, pixels per centimetre), impression
// type (1), image width and height (2 each), minutia field length and ridge
// ending type (4 bits each), number of minutiae (1), minutiae (5 or 6 bytes)
// and the extended data block (its length 2, then areas whose length counts
// their 4-byte header).
//
// ANSI INCITS 378-2009: a 21-byte header (magic, version, record length 4,
// CBEFF product owner 2 and type 2, certification 1, sensor id 2, number of
// views 1, reserved 1), then per view: position, view number, impression
// type, quality (1 each), quality algorithm vendor and id (2 each), width,
// height, resolution x and y (2 each), number of minutiae (1), 6-byte
// minutiae with angles in units of 2 degrees, and the extended data block as
// in ANSI 2004.

const (
	iso2011Header  = 15
	ansi2009Header = 21
)

func impression2011(v uint8) bool { return v <= 3 || v == 8 || v == 9 }

// quality2011 says whether v is a quality score: 0-100, or 254 (not
// reported) and 255 (the algorithm failed).
func quality2011(v uint8) bool { return v <= 100 || v >= 254 }

func (r *reader) header2011(header int) (length int) {
	if m := r.take(4, "format identifier"); m != nil && string(m) != "FMR\x00" {
		r.invalid(0, "format identifier", "%q is not \"FMR\\x00\"", m)
	}
	if v := r.take(4, "version"); v != nil && string(v) != "030\x00" {
		r.invalid(4, "version", "%q is not \"030\\x00\"", v)
	}
	length = int(r.u32("record length"))
	if r.err != nil {
		return 0
	}
	switch {
	case length < header:
		r.invalid(8, "record length", "%d is less than the %d-byte header", length, header)
	case length > len(r.b):
		r.fail(8, "record length", fmt.Sprintf("says %d bytes but the record ends after %d: it is truncated", length, len(r.b)), ErrTruncated)
	case length < len(r.b):
		r.invalid(8, "record length", "says %d bytes but %d were given: %d bytes follow the record", length, len(r.b), len(r.b)-length)
	}
	return length
}

// nonzero16 reads a width, height or resolution field, refusing zero.
func (r *reader) nonzero16(field string) uint16 {
	off := r.off
	v := r.u16(field)
	if r.err == nil && v == 0 {
		r.invalid(off, field, "is zero")
	}
	return v
}

// minutiae reads n minutiae of size bytes each (5: no quality byte).
func (r *reader) minutiae(i, n, size int, d *ViewDetail, ansi bool) []Minutia {
	if r.err == nil && r.off+size*n > len(r.b) {
		r.fail(r.off, fmt.Sprintf("finger view %d minutiae", i), fmt.Sprintf("%d minutiae need %d bytes but only %d are left", n, size*n, len(r.b)-r.off), ErrTruncated)
	}
	if r.err != nil {
		return nil
	}
	ms := make([]Minutia, 0, n)
	for j := 0; j < n && r.err == nil; j++ {
		mo := r.off
		name := fmt.Sprintf("finger view %d minutia %d", i, j)
		xy := r.u16(name + " type and x")
		ry := r.u16(name + " y")
		m := Minutia{Type: uint8(xy >> 14), X: xy & 0x3fff, Y: ry & 0x3fff}
		m.Angle = r.u8(name + " angle")
		if size == 6 {
			m.Quality = r.u8(name + " quality")
		}
		switch {
		case r.err != nil:
		case m.Type == 3:
			r.invalid(mo, name+" type", "type bits 11 are reserved")
		case ry>>14 != 0:
			r.invalid(mo+2, name+" y", "the 2 reserved bits above y are %d, not zero", ry>>14)
		case m.X >= d.Width:
			r.invalid(mo, name+" x", "%d is outside the image width %d", m.X, d.Width)
		case m.Y >= d.Height:
			r.invalid(mo+2, name+" y", "%d is outside the image height %d", m.Y, d.Height)
		case ansi && m.Angle >= 180:
			r.invalid(mo+4, name+" angle", "%d is not below 180 (ANSI 378 angles are in units of 2 degrees)", m.Angle)
		case ansi && m.Quality > 100:
			r.invalid(mo+5, name+" quality", "%d is above 100", m.Quality)
		case !ansi && !quality2011(m.Quality):
			r.invalid(mo+5, name+" quality", "%d is not 0-100, 254 or 255", m.Quality)
		}
		ms = append(ms, m)
	}
	return ms
}

func decode2011(b []byte) (*Record, error) {
	r := &reader{b: b, f: ISO2011}
	rec := &Record{Format: ISO2011}
	r.header2011(iso2011Header)
	count := int(r.u16("number of finger representations"))
	if r.err == nil && count == 0 {
		r.invalid(12, "number of finger representations", "is zero")
	}
	rec.Certification = r.u8("certification flag")
	if r.err == nil && rec.Certification > 1 {
		r.invalid(14, "certification flag", "%d is neither 0 nor 1", rec.Certification)
	}
	seen := map[[2]uint8]int{}
	for i := 0; i < count && r.err == nil; i++ {
		start := r.off
		name := func(s string) string { return fmt.Sprintf("finger view %d %s", i, s) }
		rl := int(r.u32(name("representation length")))
		if r.err == nil && (rl < 34 || start+rl > len(b)) {
			if start+rl > len(b) {
				r.fail(start, name("representation length"), fmt.Sprintf("%d runs past the end of the record (%d bytes left)", rl, len(b)-start), ErrTruncated)
			} else {
				r.invalid(start, name("representation length"), "%d is less than the 34 bytes of an empty representation", rl)
			}
			break
		}
		d := &ViewDetail{}
		copy(d.CaptureTime[:], r.take(9, name("capture date and time")))
		d.Technology = r.u8(name("capture device technology"))
		d.Vendor = r.u16(name("capture device vendor"))
		d.DeviceType = r.u16(name("capture device type"))
		nq := int(r.u8(name("number of quality blocks")))
		for q := 0; q < nq && r.err == nil; q++ {
			qo := r.off
			blk := QualityBlock{Score: r.u8(name("quality score")), Vendor: r.u16(name("quality vendor")), Algorithm: r.u16(name("quality algorithm"))}
			if r.err == nil && !quality2011(blk.Score) {
				r.invalid(qo, name("quality score"), "%d is not 0-100, 254 or 255", blk.Score)
			}
			d.Qualities = append(d.Qualities, blk)
		}
		if rec.Certification == 1 {
			nc := int(r.u8(name("number of certification blocks")))
			for c := 0; c < nc && r.err == nil; c++ {
				d.Certifications = append(d.Certifications, CertificationBlock{Authority: r.u16(name("certification authority")), Scheme: r.u8(name("certification scheme"))})
			}
		}
		v := View{V2011: d}
		po := r.off
		v.Position = r.u8(name("finger position"))
		if r.err == nil && v.Position > 10 {
			r.invalid(po, name("finger position"), "%d is not a finger position (0 unknown, 1-10)", v.Position)
		}
		v.Number = r.u8(name("representation number"))
		if r.err == nil && v.Number > 15 {
			r.invalid(po+1, name("representation number"), "%d is above 15", v.Number)
		}
		d.ResX = r.nonzero16(name("horizontal resolution"))
		d.ResY = r.nonzero16(name("vertical resolution"))
		io := r.off
		v.Impression = r.u8(name("impression type"))
		if r.err == nil && !impression2011(v.Impression) {
			r.invalid(io, name("impression type"), "%d is not an impression type (0-3, 8, 9)", v.Impression)
		}
		d.Width = r.nonzero16(name("image width"))
		d.Height = r.nonzero16(name("image height"))
		fo := r.off
		fl := r.u8(name("minutia field length and ridge ending type"))
		d.MinutiaSize, d.EndingType = fl>>4, fl&0x0f
		if r.err == nil && (d.MinutiaSize != 5 && d.MinutiaSize != 6 || d.EndingType > 1) {
			r.invalid(fo, name("minutia field length and ridge ending type"), "field length %d is not 5 or 6, or ending type %d is not 0 or 1", d.MinutiaSize, d.EndingType)
		}
		n := int(r.u8(name("number of minutiae")))
		v.Minutiae = r.minutiae(i, n, int(d.MinutiaSize), d, false)
		v.Extended = r.extended(i, true)
		if r.err == nil && r.off-start != rl {
			r.invalid(start, name("representation length"), "says %d bytes but the representation's fields take %d", rl, r.off-start)
		}
		if r.err != nil {
			break
		}
		if !r.addView(rec, seen, v, i, start, "representation") {
			break
		}
	}
	return r.end(rec, len(b), "representation")
}

func decodeANSI2009(b []byte) (*Record, error) {
	r := &reader{b: b, f: ANSI2009}
	rec := &Record{Format: ANSI2009}
	r.header2011(ansi2009Header)
	rec.CBEFFOwner = r.u16("CBEFF product identifier owner")
	rec.CBEFFType = r.u16("CBEFF product identifier type")
	rec.Certification = r.u8("sensor certification")
	if r.err == nil && rec.Certification&0x7f != 0 {
		r.invalid(16, "sensor certification", "0x%02x sets bits other than the top one", rec.Certification)
	}
	rec.Equipment = r.u16("sensor id")
	count := int(r.u8("number of finger views"))
	if r.err == nil && count == 0 {
		r.invalid(19, "number of finger views", "is zero")
	}
	if res := r.u8("reserved byte"); r.err == nil && res != 0 {
		r.invalid(20, "reserved byte", "is 0x%02x, not zero", res)
	}
	seen := map[[2]uint8]int{}
	for i := 0; i < count && r.err == nil; i++ {
		start := r.off
		name := func(s string) string { return fmt.Sprintf("finger view %d %s", i, s) }
		d := &ViewDetail{MinutiaSize: 6}
		v := View{V2011: d}
		v.Position = r.u8(name("finger position"))
		if r.err == nil && v.Position > 10 {
			r.invalid(start, name("finger position"), "%d is not a finger position (0 unknown, 1-10)", v.Position)
		}
		v.Number = r.u8(name("view number"))
		if r.err == nil && v.Number > 15 {
			r.invalid(start+1, name("view number"), "%d is above 15", v.Number)
		}
		v.Impression = r.u8(name("impression type"))
		if r.err == nil && !impression2005(v.Impression) {
			r.invalid(start+2, name("impression type"), "%d is not an impression type (0-3, 8)", v.Impression)
		}
		q := QualityBlock{Score: r.u8(name("finger quality")), Vendor: r.u16(name("quality vendor")), Algorithm: r.u16(name("quality algorithm"))}
		if r.err == nil && !quality2011(q.Score) {
			r.invalid(start+3, name("finger quality"), "%d is not 0-100, 254 or 255", q.Score)
		}
		d.Qualities = []QualityBlock{q}
		d.Width = r.nonzero16(name("image width"))
		d.Height = r.nonzero16(name("image height"))
		d.ResX = r.nonzero16(name("horizontal resolution"))
		d.ResY = r.nonzero16(name("vertical resolution"))
		n := int(r.u8(name("number of minutiae")))
		v.Minutiae = r.minutiae(i, n, 6, d, true)
		v.Extended = r.extended(i, true)
		if r.err != nil {
			break
		}
		if !r.addView(rec, seen, v, i, start, "view") {
			break
		}
	}
	return r.end(rec, len(b), "view")
}

func (rec *Record) encode2011() ([]byte, error) {
	fail := func(field, format string, args ...any) ([]byte, error) {
		return nil, &Error{Format: rec.Format, Offset: -1, Field: field, Reason: fmt.Sprintf(format, args...), kind: ErrInvalid}
	}
	if len(rec.Views) > 0xffff {
		return fail("number of finger representations", "%d do not fit 2 bytes", len(rec.Views))
	}
	w := &writer{}
	w.bytes([]byte("FMR\x00030\x00"))
	w.u32(0)
	w.u16(uint16(len(rec.Views)))
	w.u8(rec.Certification)
	for i, v := range rec.Views {
		d := v.V2011
		if d == nil {
			return fail(fmt.Sprintf("finger view %d", i), "has no ISO 2011 detail")
		}
		if len(d.Qualities) > 255 || len(d.Certifications) > 255 || len(v.Minutiae) > 255 {
			return fail(fmt.Sprintf("finger view %d", i), "too many quality blocks, certifications or minutiae")
		}
		if rec.Certification != 1 && len(d.Certifications) > 0 {
			return fail(fmt.Sprintf("finger view %d", i), "certification blocks without the record's certification flag")
		}
		start := len(w.b)
		w.u32(0)
		w.bytes(d.CaptureTime[:])
		w.u8(d.Technology)
		w.u16(d.Vendor)
		w.u16(d.DeviceType)
		w.u8(uint8(len(d.Qualities)))
		for _, q := range d.Qualities {
			w.u8(q.Score)
			w.u16(q.Vendor)
			w.u16(q.Algorithm)
		}
		if rec.Certification == 1 {
			w.u8(uint8(len(d.Certifications)))
			for _, c := range d.Certifications {
				w.u16(c.Authority)
				w.u8(c.Scheme)
			}
		}
		w.u8(v.Position)
		w.u8(v.Number)
		w.u16(d.ResX)
		w.u16(d.ResY)
		w.u8(v.Impression)
		w.u16(d.Width)
		w.u16(d.Height)
		if d.MinutiaSize > 15 || d.EndingType > 15 {
			return fail(fmt.Sprintf("finger view %d", i), "minutia size %d or ending type %d does not fit 4 bits", d.MinutiaSize, d.EndingType)
		}
		w.u8(d.MinutiaSize<<4 | d.EndingType)
		w.u8(uint8(len(v.Minutiae)))
		for j, m := range v.Minutiae {
			if m.Type > 3 || m.X > 0x3fff || m.Y > 0x3fff {
				return fail(fmt.Sprintf("finger view %d minutia %d", i, j), "type %d, x %d or y %d does not fit its bits", m.Type, m.X, m.Y)
			}
			if d.MinutiaSize == 5 && m.Quality != 0 {
				return fail(fmt.Sprintf("finger view %d minutia %d", i, j), "quality %d in a 5-byte minutia, which has none", m.Quality)
			}
			w.u16(uint16(m.Type)<<14 | m.X)
			w.u16(m.Y)
			w.u8(m.Angle)
			if d.MinutiaSize == 6 {
				w.u8(m.Quality)
			}
		}
		if err := writeExtended(w, v.Extended, true); err != nil {
			return fail(fmt.Sprintf("finger view %d extended data", i), "%v", err)
		}
		putBE32(w.b[start:], uint32(len(w.b)-start))
	}
	putBE32(w.b[8:], uint32(len(w.b)))
	if _, err := DecodeAs(w.b, ISO2011); err != nil {
		return nil, err
	}
	return w.b, nil
}

func (rec *Record) encodeANSI2009() ([]byte, error) {
	fail := func(field, format string, args ...any) ([]byte, error) {
		return nil, &Error{Format: rec.Format, Offset: -1, Field: field, Reason: fmt.Sprintf(format, args...), kind: ErrInvalid}
	}
	if len(rec.Views) > 255 {
		return fail("number of finger views", "%d views do not fit in one byte", len(rec.Views))
	}
	w := &writer{}
	w.bytes([]byte("FMR\x00030\x00"))
	w.u32(0)
	w.u16(rec.CBEFFOwner)
	w.u16(rec.CBEFFType)
	w.u8(rec.Certification)
	w.u16(rec.Equipment)
	w.u8(uint8(len(rec.Views)))
	w.u8(0)
	for i, v := range rec.Views {
		d := v.V2011
		if d == nil || len(d.Qualities) != 1 {
			return fail(fmt.Sprintf("finger view %d", i), "an ANSI 2009 view has exactly one quality block")
		}
		if len(v.Minutiae) > 255 {
			return fail(fmt.Sprintf("finger view %d", i), "%d minutiae do not fit in one byte", len(v.Minutiae))
		}
		q := d.Qualities[0]
		w.u8(v.Position)
		w.u8(v.Number)
		w.u8(v.Impression)
		w.u8(q.Score)
		w.u16(q.Vendor)
		w.u16(q.Algorithm)
		w.u16(d.Width)
		w.u16(d.Height)
		w.u16(d.ResX)
		w.u16(d.ResY)
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
		if err := writeExtended(w, v.Extended, true); err != nil {
			return fail(fmt.Sprintf("finger view %d extended data", i), "%v", err)
		}
	}
	putBE32(w.b[8:], uint32(len(w.b)))
	if _, err := DecodeAs(w.b, ANSI2009); err != nil {
		return nil, err
	}
	return w.b, nil
}
