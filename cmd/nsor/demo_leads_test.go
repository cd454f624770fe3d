package main

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"nsor"
	"nsor/auth"
	"nsor/biosample"
	"nsor/demo"
	"nsor/disclosure"
	"nsor/keys/keystest"
	"nsor/service"
	"nsor/sqlstore"
)

// TestDemoBiometricLeads: over the demo's world, with the biometric indexes
// serve --demo builds (the real matcher and the demo's allele table), the
// forwarded case's analyst finds the first suspect's register record as the
// top fingerprint candidate for the attached tenprint and as the DNA
// candidate for the attached crime-scene profile: the leads the demo
// promises (docs/biometric-samples.md, "In the demo").
func TestDemoBiometricLeads(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "nsor.db"), sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	dir := t.TempDir()
	kr := keystest.Init(t, dir)
	dnaIdx, fpIdx, err := biometricIndexes("", true)
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(nsor.Deps{Store: db, Clock: wallClock, IDs: kr,
		Passwords: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1}), OTP: auth.NewTOTP(kr, nil),
		Config: nsor.DefaultConfig(), Marks: disclosure.New(), Samples: biosample.Reader{}, DNA: dnaIdx, Fingerprints: fpIdx})
	if err := svc.SeedJurisdictions(ctx); err != nil {
		t.Fatal(err)
	}
	seed, err := demo.Seed(ctx, svc, db, rand.New(rand.NewPCG(2024, 8)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n, unread, err := svc.BuildBiometricIndex(ctx); err != nil || n == 0 || unread != 0 {
		t.Fatalf("BuildBiometricIndex = %d records, %d unread, %v", n, unread, err)
	}
	analyst := seed.Actor("analyst1")
	reqID := seed.Requests[nsor.StateForwarded][0]
	v, err := svc.Request(ctx, analyst, reqID)
	if err != nil {
		t.Fatal(err)
	}
	suspect, mate := v.Suspects[0].ID, seed.Records[2]
	fps, err := svc.SearchFingerprints(ctx, analyst, reqID, suspect, nsor.FingerprintProbe{})
	if err != nil || len(fps) == 0 || fps[0].RecordID != mate {
		t.Errorf("fingerprint search with the attached tenprint = %+v, %v; want record %d first", fps, err, mate)
	}
	dnas, err := svc.SearchDNA(ctx, analyst, reqID, suspect, nsor.DNAProbe{Stringency: "high", MinLoci: 10})
	if err != nil || len(dnas) != 1 || dnas[0].RecordID != mate {
		t.Errorf("DNA search with the crime-scene profile = %+v, %v; want record %d alone", dnas, err, mate)
	}
}
