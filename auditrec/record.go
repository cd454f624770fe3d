// Package auditrec defines the audit record of nsor and its canonical byte
// encoding (docs/adr/0004-audit-record.md). The encoding is what the audit log
// hashes, exactly as stored, so it is fixed: a version byte, then every field
// in a fixed order, instants as UTC milliseconds, and identifiers only as
// keyed hashes. The package imports only the standard library, so that an
// independent verifier can depend on it and on nothing else of the writer.
package auditrec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Version1 is the first (and current) encoding version.
const Version1 byte = 1

// Outcomes of an audited act.
const (
	OutcomeOK      = "ok"      // the act happened
	OutcomeRefused = "refused" // the act was refused; nothing of it was written
)

// Identifier is an identifier (a CNIC, a name, an FIR number, a search term)
// as the audit trail holds it: HMAC-SHA256 under a versioned key kept outside
// the database, never the value.
type Identifier struct {
	Kind       string
	KeyVersion uint32
	MAC        [32]byte
}

// Detail is a non-identifying fact about the act (a state, a count, a hash of
// content), as a key and a value.
type Detail struct {
	Key, Value string
}

// Record is one audited act. Every field is always encoded, empty or not.
type Record struct {
	Version     byte
	At          time.Time // encoded as UTC milliseconds
	ActorID     int64
	ActorRole   string
	TokenID     int64
	Source      string // "api", "web", "cli" or "system"
	Client      string // the client's network address
	Action      string // e.g. "request.submit", "register.search", "auth.signin"
	Outcome     string // OutcomeOK or OutcomeRefused
	Code        string // the error code of a refusal
	Object      string // e.g. "request/12", "record/7"
	RequestID   int64
	Purpose     string // why register data was read: "request/12" or a registrar's stated purpose
	Identifiers []Identifier
	Details     []Detail // sorted by key on encoding
}

// ErrMalformed is returned by Decode for bytes that are not a canonical
// record.
var ErrMalformed = errors.New("auditrec: malformed record")

// Maximum sizes keep a hostile or corrupt record from exhausting memory.
const (
	maxString = 1 << 16
	maxItems  = 1 << 12
)

// Encode returns the canonical encoding of r. Details are sorted by key.
func Encode(r *Record) []byte {
	var b bytes.Buffer
	b.Grow(256) // most records fit: one allocation
	v := r.Version
	if v == 0 {
		v = Version1
	}
	b.WriteByte(v)
	putInt(&b, r.At.UTC().UnixMilli())
	putInt(&b, r.ActorID)
	putString(&b, r.ActorRole)
	putInt(&b, r.TokenID)
	for _, s := range []string{r.Source, r.Client, r.Action, r.Outcome, r.Code, r.Object} {
		putString(&b, s)
	}
	putInt(&b, r.RequestID)
	putString(&b, r.Purpose)
	putUint(&b, uint64(len(r.Identifiers)))
	for _, id := range r.Identifiers {
		putString(&b, id.Kind)
		putUint(&b, uint64(id.KeyVersion))
		b.Write(id.MAC[:])
	}
	details := r.Details
	byKey := func(a, b Detail) int { return strings.Compare(a.Key, b.Key) }
	if !slices.IsSortedFunc(details, byKey) { // sort a copy: r is the caller's
		details = slices.Clone(details)
		slices.SortStableFunc(details, byKey)
	}
	putUint(&b, uint64(len(details)))
	for _, d := range details {
		putString(&b, d.Key)
		putString(&b, d.Value)
	}
	return b.Bytes()
}

// putUint and putInt encode into a buffer on the stack: the verifier
// re-encodes every record, and an allocation per number was a fifth of it.
func putUint(b *bytes.Buffer, v uint64) {
	var t [binary.MaxVarintLen64]byte
	b.Write(binary.AppendUvarint(t[:0], v))
}

func putInt(b *bytes.Buffer, v int64) {
	var t [binary.MaxVarintLen64]byte
	b.Write(binary.AppendVarint(t[:0], v))
}
func putString(b *bytes.Buffer, s string) {
	putUint(b, uint64(len(s)))
	b.WriteString(s)
}

// Decode parses a canonical encoding. It refuses anything Encode would not
// have produced: an unknown version, overlong numbers, unsorted details,
// trailing bytes.
func Decode(data []byte) (*Record, error) {
	d := decoder{buf: data, all: data}
	r := &Record{Version: d.byte()}
	if d.err == nil && r.Version != Version1 {
		return nil, fmt.Errorf("%w: unknown version %d", ErrMalformed, r.Version)
	}
	r.At = time.UnixMilli(d.int()).UTC()
	r.ActorID = d.int()
	r.ActorRole = d.string()
	r.TokenID = d.int()
	for _, p := range []*string{&r.Source, &r.Client, &r.Action, &r.Outcome, &r.Code, &r.Object} {
		*p = d.string()
	}
	r.RequestID = d.int()
	r.Purpose = d.string()
	for n := d.count(); n > 0 && d.err == nil; n-- {
		id := Identifier{Kind: d.string(), KeyVersion: uint32(d.uintMax(1<<32 - 1))}
		copy(id.MAC[:], d.bytes(32))
		r.Identifiers = append(r.Identifiers, id)
	}
	for n := d.count(); n > 0 && d.err == nil; n-- {
		r.Details = append(r.Details, Detail{Key: d.string(), Value: d.string()})
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.buf) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrMalformed, len(d.buf))
	}
	if !bytes.Equal(Encode(r), data) {
		return nil, fmt.Errorf("%w: not in canonical form", ErrMalformed)
	}
	return r, nil
}

type decoder struct {
	buf []byte // what is left to decode
	all []byte // the whole record
	str string // all as a string, once a string field needs it
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: bad %s", ErrMalformed, what)
	}
	d.buf = nil
}

func (d *decoder) byte() byte {
	if len(d.buf) < 1 {
		d.fail("version")
		return 0
	}
	b := d.buf[0]
	d.buf = d.buf[1:]
	return b
}

func (d *decoder) bytes(n int) []byte {
	if len(d.buf) < n {
		d.fail("bytes")
		return make([]byte, n)
	}
	b := d.buf[:n]
	d.buf = d.buf[n:]
	return b
}

func (d *decoder) uintMax(max uint64) uint64 {
	v, n := binary.Uvarint(d.buf)
	if n <= 0 || v > max {
		d.fail("number")
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

func (d *decoder) int() int64 {
	v, n := binary.Varint(d.buf)
	if n <= 0 {
		d.fail("number")
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

func (d *decoder) count() int { return int(d.uintMax(maxItems)) }

// string returns the next string as a part of one copy of the whole
// record, made once: one allocation per record rather than one per field.
func (d *decoder) string() string {
	n := int(d.uintMax(maxString))
	at := len(d.all) - len(d.buf)
	if d.bytes(n); d.err != nil || n == 0 {
		return ""
	}
	if d.str == "" {
		d.str = string(d.all)
	}
	return d.str[at : at+n]
}
