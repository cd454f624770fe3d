package storetest

import (
	"context"
	"testing"

	"nsor"
)

// testProbe: a store that offers the health check's write probe succeeds
// at it again and again on a healthy database, and the probe leaves the
// store as it was: the next Update and View see nothing of it.
func testProbe(t *testing.T, open Opener) {
	s := open(t)
	p, ok := s.(nsor.WriteProber)
	if !ok {
		t.Skip("the store offers no write probe")
	}
	ctx := context.Background()
	for i := range 3 {
		if err := p.Probe(ctx); err != nil {
			t.Fatalf("Probe #%d = %v", i+1, err)
		}
	}
	j := &nsor.Jurisdiction{Kind: nsor.KindCountry, Code: "PR", Name: "Probe (synthetic)"}
	update(t, s, func(tx nsor.Tx) error { return tx.CreateJurisdiction(j) })
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.JurisdictionByCode("PR")
		if err != nil || got.ID != j.ID {
			t.Errorf("JurisdictionByCode(PR) after probes = %v, %v; want the one created", got, err)
		}
		return nil
	})
}
