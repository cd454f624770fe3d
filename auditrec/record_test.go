package auditrec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"reflect"
	"testing"
	"time"
)

func sample() *Record {
	var mac [32]byte
	for i := range mac {
		mac[i] = byte(i)
	}
	return &Record{
		Version: Version1, At: time.Date(2026, 11, 28, 7, 30, 0, 123e6, time.UTC),
		ActorID: 42, ActorRole: "npb_analyst", TokenID: 7, Source: "api", Client: "127.0.0.1",
		Action: "register.search", Outcome: OutcomeOK, Object: "request/12", RequestID: 12,
		Purpose: "request/12", Identifiers: []Identifier{{Kind: "cnic", KeyVersion: 1, MAC: mac}},
		Details: []Detail{{"state", "forwarded"}, {"candidates", "2"}},
	}
}

// TestEncodeKnownAnswer pins the encoding: a change to it changes every hash
// in every deployed audit log, so it must be deliberate (a new version byte).
func TestEncodeKnownAnswer(t *testing.T) {
	got := Encode(sample())
	sum := sha256.Sum256(got)
	const want = "00d672251fde094036f37673afcb97411a6c0cece0de6caa16bbe477dfefa7ca"
	if h := hex.EncodeToString(sum[:]); h != want {
		t.Errorf("sha256(Encode(sample)) = %s, want %s", h, want)
	}
}

func TestRoundTrip(t *testing.T) {
	r := sample()
	got, err := Decode(Encode(r))
	if err != nil {
		t.Fatalf("Decode(Encode(r)) error %v", err)
	}
	r.Details = []Detail{{"candidates", "2"}, {"state", "forwarded"}} // sorted on encoding
	if !reflect.DeepEqual(got, r) {
		t.Errorf("Decode(Encode(r)) = %+v, want %+v", got, r)
	}
}

func TestEncodeIsUTCMilliseconds(t *testing.T) {
	a, b := sample(), sample()
	b.At = a.At.In(time.FixedZone("PKT", 5*3600)).Add(400 * time.Microsecond)
	if !bytes.Equal(Encode(a), Encode(b)) {
		t.Errorf("Encode differs for the same UTC millisecond in another zone")
	}
}

// TestDecodeRefusesEveryFlippedByte changes each byte of a record in turn;
// Decode must refuse it or decode something different: never the original.
func TestDecodeRefusesEveryFlippedByte(t *testing.T) {
	orig := Encode(sample())
	for i := range orig {
		mut := bytes.Clone(orig)
		mut[i] ^= 0x01
		r, err := Decode(mut)
		if err == nil && bytes.Equal(Encode(r), orig) {
			t.Errorf("byte %d flipped: Decode gave back the original record", i)
		}
	}
}

func TestDecodeRefuses(t *testing.T) {
	orig := Encode(sample())
	cases := map[string][]byte{
		"empty":          {},
		"version 2":      append([]byte{2}, orig[1:]...),
		"truncated":      orig[:len(orig)-1],
		"trailing":       append(bytes.Clone(orig), 0),
		"overlong count": {1, 0x80, 0x00},
	}
	for name, b := range cases {
		if _, err := Decode(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("Decode(%s) error %v, want ErrMalformed", name, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(Encode(sample()))
	f.Add(Encode(&Record{}))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Decode(b)
		if err != nil {
			return
		}
		if !bytes.Equal(Encode(r), b) {
			t.Errorf("Decode accepted a non-canonical encoding")
		}
	})
}

// TestEncodeMinimalBytes spells one encoding out byte by byte, so that an
// independent implementation can be checked against the ADR by hand.
func TestEncodeMinimalBytes(t *testing.T) {
	r := &Record{At: time.UnixMilli(1).UTC(), ActorID: 1, Action: "a", Outcome: "ok", Details: []Detail{{"k", "v"}}}
	want := []byte{
		1,    // version
		2,    // at: zigzag varint of 1 ms
		2,    // actor id 1
		0,    // actor role ""
		0,    // token id 0
		0, 0, // source, client ""
		1, 'a', // action
		2, 'o', 'k', // outcome
		0, 0, // code, object ""
		0, // request id
		0, // purpose ""
		0, // no identifiers
		1, // one detail
		1, 'k', 1, 'v',
	}
	if got := Encode(r); !bytes.Equal(got, want) {
		t.Errorf("Encode(minimal) = %v, want %v", got, want)
	}
}
