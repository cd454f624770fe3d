package storetest

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"nsor"
	"nsor/auditrec"
)

func auditRecord(actor, request int64, action, object string, m int, macs ...byte) *auditrec.Record {
	r := &auditrec.Record{Version: auditrec.Version1, At: at(m), ActorID: actor, ActorRole: "io", TokenID: 3,
		Source: "api", Client: "10.0.0.1", Action: action, Outcome: auditrec.OutcomeOK, Object: object,
		RequestID: request, Purpose: object, Details: []auditrec.Detail{{Key: "z", Value: "1"}, {Key: "a", Value: "2"}}}
	for _, b := range macs {
		var mac [32]byte
		mac[0] = b
		r.Identifiers = append(r.Identifiers, auditrec.Identifier{Kind: "cnic", KeyVersion: 1, MAC: mac})
	}
	return r
}

func testAudit(t *testing.T, open Opener) {
	s := open(t)
	recs := []*auditrec.Record{
		auditRecord(1, 10, "request.create", "request/10", 1, 0xA1),
		auditRecord(2, 10, "request.submit", "request/10", 2),
		auditRecord(1, 11, "register.search", "request/11", 3, 0xA1, 0xB2, 0xB2),
		auditRecord(3, 0, "auth.signin", "user/3", 4),
	}
	ids := appendAudit(t, s, recs)
	var mac, mac2, other [32]byte
	mac[0], mac2[0], other[0] = 0xA1, 0xB2, 0xC3
	tests := []struct {
		name string
		f    nsor.AuditFilter
		want []int // indexes into recs
	}{
		{"all", nsor.AuditFilter{}, []int{0, 1, 2, 3}},
		{"ActorID", nsor.AuditFilter{ActorID: 1}, []int{0, 2}},
		{"RequestID", nsor.AuditFilter{RequestID: 10}, []int{0, 1}},
		{"Action", nsor.AuditFilter{Action: "auth.signin"}, []int{3}},
		{"Object", nsor.AuditFilter{Object: "request/11"}, []int{2}},
		{"MAC", nsor.AuditFilter{MAC: mac[:]}, []int{0, 2}},
		{"MACs", nsor.AuditFilter{MACs: [][]byte{other[:], mac2[:]}}, []int{2}},
		{"MACs any", nsor.AuditFilter{MACs: [][]byte{mac[:], mac2[:]}, Limit: 1}, []int{0}},
		{"AfterID", nsor.AuditFilter{AfterID: ids[1]}, []int{2, 3}},
		{"Limit", nsor.AuditFilter{AfterID: ids[0], Limit: 2}, []int{1, 2}},
		{"none", nsor.AuditFilter{ActorID: 1, Action: "auth.signin"}, nil},
	}
	view(t, s, func(tx nsor.Tx) error {
		for _, tc := range tests {
			got, err := tx.AuditRecords(tc.f)
			if err != nil {
				t.Fatalf("AuditRecords(%s) = %v", tc.name, err)
			}
			var idx []int
			for _, e := range got {
				idx = append(idx, slices.Index(ids, e.ID))
			}
			if !slices.Equal(idx, tc.want) {
				t.Errorf("AuditRecords(%s) = records %v, want %v", tc.name, idx, tc.want)
			}
		}
		checkAuditBytes(t, tx, recs)
		return nil
	})
}

// appendAudit stores the records in one transaction and checks that their
// IDs grow.
func appendAudit(t *testing.T, s nsor.Store, recs []*auditrec.Record) []int64 {
	var ids []int64
	update(t, s, func(tx nsor.Tx) error {
		for _, r := range recs {
			id, err := tx.AppendAudit(r)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Fatalf("AppendAudit IDs = %v, want growing", ids)
		}
	}
	return ids
}

// checkAuditBytes checks that the stored bytes are the canonical encoding,
// exactly: the Merkle log hashes them.
func checkAuditBytes(t *testing.T, tx nsor.Tx, recs []*auditrec.Record) {
	all, err := tx.AuditRecords(nsor.AuditFilter{})
	if err != nil || len(all) != len(recs) {
		t.Fatalf("AuditRecords() = %d, %v", len(all), err)
	}
	for i, e := range all {
		if want := auditrec.Encode(recs[i]); !bytes.Equal(e.Data, want) {
			t.Errorf("AuditRecords()[%d].Data = %x, want auditrec.Encode = %x", i, e.Data, want)
		}
		if want, _ := auditrec.Decode(auditrec.Encode(recs[i])); !equalRecords(e.Record, want) {
			t.Errorf("AuditRecords()[%d].Record = %+v, want %+v", i, e.Record, want)
		}
	}
}

// testRecordAudit: RecordAudit stores what AppendAudit stores; within its
// transaction later statements see it (a store that sends it with the
// commit must send it before any statement that follows); a transaction
// that fails after it keeps nothing, and one that commits with it as its only
// write keeps it.
func testRecordAudit(t *testing.T, open Opener) {
	s := open(t)
	recs := []*auditrec.Record{
		auditRecord(1, 10, "request.create", "request/10", 1, 0xA1),
		auditRecord(2, 10, "request.submit", "request/10", 2),
	}
	update(t, s, func(tx nsor.Tx) error { return tx.RecordAudit(recs[0]) })
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.RecordAudit(recs[1]); err != nil {
			return err
		}
		got, err := tx.AuditRecords(nsor.AuditFilter{RequestID: 10})
		if err != nil || len(got) != 2 {
			t.Errorf("AuditRecords after RecordAudit in one transaction = %d records, %v; want 2", len(got), err)
		}
		return err
	})
	errLater := errors.New("a later statement failed")
	err := s.Update(t.Context(), func(tx nsor.Tx) error {
		if err := tx.RecordAudit(auditRecord(3, 11, "request.create", "request/11", 3)); err != nil {
			return err
		}
		return errLater
	})
	if !errors.Is(err, errLater) {
		t.Fatalf("Update failing after RecordAudit = %v, want its error", err)
	}
	view(t, s, func(tx nsor.Tx) error {
		checkAuditBytes(t, tx, recs)
		return nil
	})
}

func equalRecords(a, b *auditrec.Record) bool {
	return a != nil && b != nil && bytes.Equal(auditrec.Encode(a), auditrec.Encode(b)) && a.At.Equal(b.At)
}

func testIdempotency(t *testing.T, open Opener) {
	s := open(t)
	rec := &nsor.IdempotencyRecord{UserID: 7, Key: "k-1", BodyHash: "h1", Object: "request/12", CreatedAt: at(1)}
	update(t, s, func(tx nsor.Tx) error { return tx.PutIdempotent(rec) })
	err := s.Update(t.Context(), func(tx nsor.Tx) error {
		return tx.PutIdempotent(&nsor.IdempotencyRecord{UserID: 7, Key: "k-1", BodyHash: "h2", Object: "request/13"})
	})
	wantKind(t, "PutIdempotent(key used)", err, nsor.KindConflict)
	update(t, s, func(tx nsor.Tx) error { // another user's key of the same name is theirs
		return tx.PutIdempotent(&nsor.IdempotencyRecord{UserID: 8, Key: "k-1", BodyHash: "h3", Object: "request/14"})
	})
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.Idempotent(7, "k-1")
		if err != nil {
			t.Fatalf("Idempotent(7, k-1) = %v", err)
		}
		same(t, "Idempotent(7, k-1)", got, rec)
		_, err = tx.Idempotent(7, "k-2")
		wantNotFound(t, "Idempotent(7, k-2)", err, "idempotency_key")
		return nil
	})
	// The response is stored beside the act's record, once; a key no act
	// recorded gets a record of its own.
	rec.Route, rec.Status, rec.Response, rec.Secret = "POST /api/v1/requests", 201, []byte(`{"body":"{}"}`), true
	update(t, s, func(tx nsor.Tx) error { return tx.PutIdempotentResponse(rec) })
	err = s.Update(t.Context(), func(tx nsor.Tx) error { return tx.PutIdempotentResponse(rec) })
	wantKind(t, "PutIdempotentResponse(stored already)", err, nsor.KindConflict)
	fresh := &nsor.IdempotencyRecord{UserID: 7, Key: "k-3", BodyHash: "h4", CreatedAt: at(2), Route: "POST /api/v1/tokens", Status: 202, Response: []byte(`{}`)}
	update(t, s, func(tx nsor.Tx) error { return tx.PutIdempotentResponse(fresh) })
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.Idempotent(7, "k-1")
		if err != nil {
			t.Fatalf("Idempotent(7, k-1) = %v", err)
		}
		wantAllSet(t, "IdempotencyRecord", rec)
		same(t, "Idempotent(7, k-1) with its response", got, rec)
		got, err = tx.Idempotent(7, "k-3")
		if err != nil {
			t.Fatalf("Idempotent(7, k-3) = %v", err)
		}
		same(t, "Idempotent(7, k-3)", got, fresh)
		return nil
	})
}
