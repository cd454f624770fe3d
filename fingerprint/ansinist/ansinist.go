// Package ansinist reads ANSI/NIST-ITL 1-2011 transactions in the
// traditional encoding: Type-1 and Type-2 (tagged ASCII fields), the binary
// Type-3 to Type-8 records (Type-4 greyscale fingerprint images above all),
// and the tagged Type-9 to Type-99 records (Type-9 minutiae, Type-13/14/15
// friction ridge images). Every record is kept with every field and its
// bytes, so a transaction is written back byte for byte; images are
// extracted and decoded where the package can (WSQ, raw, JPEG, PNG) and kept
// undecoded, saying so, where it cannot (JPEG 2000).
package ansinist

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The separators of the traditional encoding.
const (
	FS = 0x1c // ends a record
	GS = 0x1d // separates fields
	RS = 0x1e // separates subfields
	US = 0x1f // separates information items
)

// ErrFormat is matched (errors.Is) by every refusal.
var ErrFormat = errors.New("ansi/nist: malformed transaction")

func errf(off int, format string, args ...any) error {
	return fmt.Errorf("%w: byte %d: %s", ErrFormat, off, fmt.Sprintf(format, args...))
}

// Field is one tagged field: its tag as written ("2.001") and its value
// (for a .999 field of an image record, the binary image data).
type Field struct {
	Tag    string
	Number int
	Value  []byte
}

// Subfields splits the value at RS, and each subfield at US.
func (f Field) Subfields() [][]string {
	var out [][]string
	for _, s := range strings.Split(string(f.Value), string(rune(RS))) {
		out = append(out, strings.Split(s, string(rune(US))))
	}
	return out
}

// Record is one logical record.
type Record struct {
	Type int
	IDC  int
	// Offset is where the record starts in the transaction.
	Offset int
	// Raw is the record's bytes exactly as read.
	Raw []byte
	// Fields are the tagged fields (Type-1, 2, 9-99), in order.
	Fields []Field
	// Binary is the fixed header of a binary record (Type-3 to 8) split
	// into its items; Data is its image or user data.
	Binary *BinaryHeader
	Data   []byte
}

// BinaryHeader is the fixed header of a binary record. Type-3 to 6 have
// LEN (4), IDC (1), IMP (1), FGP (6), ISR (1), HLL (2), VLL (2) and a
// compression byte; Type-7 only LEN and IDC; Type-8 LEN, IDC, SIG, SRT,
// ISR, HLL, VLL.
type BinaryHeader struct {
	Length      int
	IDC         int
	Impression  int
	Positions   [6]byte // finger positions, 255 unused
	ISR         int     // 0 native scanning resolution, 1 half (Type-3 to 6, 8)
	Width       int
	Height      int
	Compression int // 0 none, 1 WSQ, ... (Type-3 to 6)
	Signature   int // Type-8: 0 subject, 1 official
	SigRep      int // Type-8: 0 scanned uncompressed, 1 scanned compressed, 2 vector
}

// Field gives field number n of the record, if present.
func (r *Record) Field(n int) (Field, bool) {
	for _, f := range r.Fields {
		if f.Number == n {
			return f, true
		}
	}
	return Field{}, false
}

// Text gives field n's value as text ("" when absent).
func (r *Record) Text(n int) string {
	f, _ := r.Field(n)
	return string(f.Value)
}

// Transaction is a whole file.
type Transaction struct {
	Version string // 1.002
	Records []*Record
}

// binaryType says whether records of type t are binary.
func binaryType(t int) bool { return t >= 3 && t <= 8 }

// Decode reads a transaction: the Type-1 record, then the records its
// content field (1.003) lists, in that order, each checked against its
// length field; nothing may follow the last record.
func Decode(b []byte) (*Transaction, error) {
	t1, err := readTagged(b, 0, 1)
	if err != nil {
		return nil, fmt.Errorf("Type-1 record: %w", err)
	}
	tr := &Transaction{Version: t1.Text(2), Records: []*Record{t1}}
	cnt, ok := t1.Field(3)
	if !ok {
		return nil, errf(0, "Type-1 record has no content field 1.003")
	}
	subs := cnt.Subfields()
	if len(subs[0]) != 2 || subs[0][0] != "1" {
		return nil, errf(0, "1.003 first subfield %q is not 1<US>count", subs[0])
	}
	n, err := strconv.Atoi(subs[0][1])
	if err != nil || n != len(subs)-1 {
		return nil, errf(0, "1.003 says %s further records but lists %d", subs[0][1], len(subs)-1)
	}
	off := len(t1.Raw)
	for i, s := range subs[1:] {
		if len(s) != 2 {
			return nil, errf(0, "1.003 subfield %d %q is not type<US>IDC", i+2, s)
		}
		typ, err1 := strconv.Atoi(s[0])
		idc, err2 := strconv.Atoi(s[1])
		if err1 != nil || err2 != nil || typ < 2 || typ > 99 || idc < 0 {
			return nil, errf(0, "1.003 subfield %d %q: bad record type or IDC", i+2, s)
		}
		var r *Record
		if binaryType(typ) {
			r, err = readBinary(b, off, typ)
		} else {
			r, err = readTagged(b, off, typ)
		}
		if err != nil {
			return nil, fmt.Errorf("record %d (Type-%d): %w", i+2, typ, err)
		}
		if r.IDC != idc {
			return nil, errf(off, "record %d (Type-%d) has IDC %d but 1.003 lists %d", i+2, typ, r.IDC, idc)
		}
		tr.Records = append(tr.Records, r)
		off += len(r.Raw)
	}
	if off != len(b) {
		return nil, errf(off, "%d bytes follow the last record 1.003 lists", len(b)-off)
	}
	return tr, nil
}

// readTagged reads a tagged record of type typ at off: its first field
// (typ.001) is the record's length in bytes, the last byte is FS; a .999
// field holds binary data up to that FS.
func readTagged(b []byte, off, typ int) (*Record, error) {
	prefix := fmt.Sprintf("%d.001:", typ)
	if !bytes.HasPrefix(b[off:], []byte(prefix)) && !bytes.HasPrefix(b[off:], []byte(fmt.Sprintf("%d.01:", typ))) {
		return nil, errf(off, "record does not start with %q", prefix)
	}
	colon := bytes.IndexByte(b[off:], ':')
	end := off + colon + 1
	for end < len(b) && b[end] >= '0' && b[end] <= '9' && end-off-colon < 12 {
		end++
	}
	length, err := strconv.Atoi(string(b[off+colon+1 : end]))
	if err != nil || end >= len(b) || (b[end] != GS && b[end] != FS) {
		return nil, errf(off, "length field %s is not a number followed by a separator", prefix)
	}
	if length < end-off+1 || off+length > len(b) {
		return nil, errf(off, "length %d runs past the end of the transaction (%d bytes left)", length, len(b)-off)
	}
	raw := b[off : off+length]
	if raw[length-1] != FS {
		return nil, errf(off+length-1, "record of length %d does not end with FS", length)
	}
	r := &Record{Type: typ, Offset: off, Raw: raw}
	body := raw[:length-1]
	seen := map[int]bool{}
	p := 0
	for p < len(body) {
		c := bytes.IndexByte(body[p:], ':')
		if c < 0 {
			return nil, errf(off+p, "field without a tag")
		}
		tag := string(body[p : p+c])
		dot := strings.IndexByte(tag, '.')
		if dot < 0 {
			return nil, errf(off+p, "tag %q has no dot", tag)
		}
		rt, err1 := strconv.Atoi(tag[:dot])
		num, err2 := strconv.Atoi(tag[dot+1:])
		if err1 != nil || err2 != nil || rt != typ || num < 1 || num > 999 {
			return nil, errf(off+p, "tag %q is not a field of a Type-%d record", tag, typ)
		}
		vstart := p + c + 1
		var vend int
		if num == 999 {
			vend = len(body) // binary data runs to the record's FS
		} else {
			g := bytes.IndexByte(body[vstart:], GS)
			if g < 0 {
				vend = len(body)
			} else {
				vend = vstart + g
			}
		}
		// Fields are in ascending order, though Type-9 M1 blocks are
		// written out of order in the reference files; only a repeat is
		// refused.
		if seen[num] {
			return nil, errf(off+p, "field %s repeats", tag)
		}
		seen[num] = true
		r.Fields = append(r.Fields, Field{Tag: tag, Number: num, Value: body[vstart:vend]})
		p = vend + 1
	}
	if f, ok := r.Field(2); ok && typ != 1 {
		idc, err := strconv.Atoi(string(f.Value))
		if err != nil {
			return nil, errf(off, "IDC field %d.002 %q is not a number", typ, f.Value)
		}
		r.IDC = idc
	}
	return r, nil
}

// readBinary reads a binary record of type typ at off.
func readBinary(b []byte, off, typ int) (*Record, error) {
	hdr := 18
	switch typ {
	case 7:
		hdr = 5
	case 8:
		hdr = 12
	}
	if off+hdr > len(b) {
		return nil, errf(off, "the transaction ends inside a %d-byte Type-%d header", hdr, typ)
	}
	h := b[off:]
	length := int(uint32(h[0])<<24 | uint32(h[1])<<16 | uint32(h[2])<<8 | uint32(h[3]))
	if length < hdr || length > len(b)-off {
		return nil, errf(off, "Type-%d length %d is below its header or runs past the end (%d bytes left)", typ, length, len(b)-off)
	}
	bh := &BinaryHeader{Length: length, IDC: int(h[4])}
	switch typ {
	case 7:
	case 8:
		bh.Signature, bh.SigRep, bh.ISR = int(h[5]), int(h[6]), int(h[7])
		bh.Width, bh.Height = int(h[8])<<8|int(h[9]), int(h[10])<<8|int(h[11])
	default:
		bh.Impression = int(h[5])
		copy(bh.Positions[:], h[6:12])
		bh.ISR = int(h[12])
		bh.Width, bh.Height = int(h[13])<<8|int(h[14]), int(h[15])<<8|int(h[16])
		bh.Compression = int(h[17])
	}
	raw := b[off : off+length]
	return &Record{Type: typ, IDC: bh.IDC, Offset: off, Raw: raw, Binary: bh, Data: raw[hdr:]}, nil
}

// Encode writes the transaction back: tagged records from their fields,
// binary records from their bytes. A decoded transaction encodes to the
// bytes it was read from.
func (t *Transaction) Encode() []byte {
	var out []byte
	for _, r := range t.Records {
		if r.Binary != nil || len(r.Fields) == 0 {
			out = append(out, r.Raw...)
			continue
		}
		for i, f := range r.Fields {
			if i > 0 {
				out = append(out, GS)
			}
			out = append(out, f.Tag...)
			out = append(out, ':')
			out = append(out, f.Value...)
		}
		out = append(out, FS)
	}
	return out
}

// Types lists the record types in order, as "T1, T2, T4x14".
func (t *Transaction) Types() string {
	var parts []string
	for i := 0; i < len(t.Records); {
		j := i
		for j < len(t.Records) && t.Records[j].Type == t.Records[i].Type {
			j++
		}
		s := fmt.Sprintf("T%d", t.Records[i].Type)
		if j-i > 1 {
			s += fmt.Sprintf("x%d", j-i)
		}
		parts = append(parts, s)
		i = j
	}
	return strings.Join(parts, ", ")
}
