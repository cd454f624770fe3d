package auditrec

import (
	"testing"
	"time"
)

// BenchmarkDecode is the verifier's work per record: decode, which
// re-encodes to check the canonical form.
func BenchmarkDecode(b *testing.B) {
	data := Encode(&Record{At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC), ActorID: 17, ActorRole: "io", TokenID: 4,
		Source: "api", Client: "192.0.2.7", Action: "request.read", Outcome: OutcomeOK, Object: "request/12", RequestID: 12,
		Purpose: "request/12", Identifiers: []Identifier{{Kind: "cnic", KeyVersion: 1}},
		Details: []Detail{{Key: "count", Value: "3"}, {Key: "state", Value: "open"}}})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEncodeLeavesDetailsAlone: Encode sorts the details it writes, not the
// caller's record.
func TestEncodeLeavesDetailsAlone(t *testing.T) {
	r := &Record{Details: []Detail{{Key: "z", Value: "1"}, {Key: "a", Value: "2"}}}
	data := Encode(r)
	if r.Details[0].Key != "z" {
		t.Errorf("Encode(r) reordered r.Details = %v, want them as given", r.Details)
	}
	got, err := Decode(data)
	if err != nil || got.Details[0].Key != "a" || got.Details[1].Key != "z" {
		t.Errorf("Decode(Encode(r)).Details = %v, %v; want sorted by key", got.Details, err)
	}
}
