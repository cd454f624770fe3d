package service_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"nsor"
	"nsor/demo"
	"nsor/dna"
	"nsor/internal/biofake"
	"nsor/service"
)

// searchWorld is the biometric world with stored samples on two active
// records, a service whose indexes were built from them, and the samples'
// data.
type searchWorld struct {
	*biometricWorld
	svc     *service.Service
	fp      *biofake.Fingerprints
	dna     *dna.RegisterIndex
	tenA    []byte              // record A's tenprint
	profA   map[string][]string // record A's DNA profile
	refA    string              // record A's tenprint reference
	recordA int64
	recordB int64
}

// storeSample puts bytes in the store as a stored sample would be, and
// returns its reference.
func storeSample(t *testing.T, w *world, format string, data []byte) string {
	t.Helper()
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	kind := nsor.BiometricFingerprint
	if format == nsor.FormatDNAProfile {
		kind = nsor.BiometricDNA
	}
	err := w.db.Update(w.ctx, func(tx nsor.Tx) error {
		if err := tx.PutBlob(&nsor.Blob{BlobRef: nsor.BlobRef{SHA256: sha, Type: "application/octet-stream", Size: int64(len(data))}, Data: data}); err != nil {
			return err
		}
		return tx.PutSample(&nsor.Sample{SHA256: sha, Kind: kind, Format: format, Size: int64(len(data)),
			UploadedBy: w.as("registrar1").ID(), UploadedAt: w.clock.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	return "sha256:" + sha
}

// changeRecord proposes and checks a change of record id (two registrars):
// biometrics added, or the record removed.
func changeRecord(t *testing.T, w *world, id int64, remove bool, add ...nsor.Biometric) {
	t.Helper()
	o, _, err := w.svc.Record(w.ctx, w.as("registrar1"), id, "maintenance")
	procOK(t, "read the record", err)
	rec := o.Record
	in := nsor.RecordInput{Name: rec.Name, Aliases: rec.Aliases, Parentage: rec.Parentage, CNIC: string(rec.CNIC),
		Gender: string(rec.Gender), DOB: string(rec.DOB), BirthPlace: rec.BirthPlace, Description: rec.Description, Marks: rec.Marks,
		Biometrics: append(rec.Biometrics, add...), Convictions: rec.Convictions, Addresses: rec.Addresses, Referrals: rec.Referrals}
	v, _, err := w.svc.ProposeChange(w.ctx, w.as("registrar1"), id, &in, remove, "Laboratory samples received (synthetic).")
	procOK(t, "propose the change", err)
	_, err = w.svc.CheckChange(w.ctx, w.as("registrar2"), id, v.N, true, "Checked against the laboratory's report.")
	procOK(t, "check the change", err)
}

func dnaSample(typ string, loci map[string][]string) []byte {
	b, _ := json.Marshal(nsor.DNAProbe{Type: typ, Loci: loci})
	return b
}

func newSearchWorld(t *testing.T) *searchWorld {
	b := newBiometricWorld(t)
	rnd := rand.New(rand.NewPCG(3, 3))
	s := &searchWorld{biometricWorld: b, tenA: []byte("synthetic tenprint A"), profA: demo.SyntheticProfile(rnd), recordA: b.recordID}
	for _, id := range b.seed.Records {
		if id != b.recordID {
			s.recordB = id
			break
		}
	}
	s.refA = storeSample(t, b.world, "iso-19794-2-2005", s.tenA)
	changeRecord(t, b.world, s.recordA, false,
		nsor.Biometric{Kind: "fingerprint", Reference: s.refA, Provenance: "PFSA (synthetic)"},
		nsor.Biometric{Kind: "dna", Reference: storeSample(t, b.world, "dna-profile", dnaSample("reference", s.profA)), Provenance: "PFSA DNA unit (synthetic)"})
	changeRecord(t, b.world, s.recordB, false,
		nsor.Biometric{Kind: "fingerprint", Reference: storeSample(t, b.world, "iso-19794-2-2005", []byte("synthetic tenprint B")), Provenance: "PFSA (synthetic)"})
	tabs, err := dna.ReadFrequencies(strings.NewReader(demo.SyntheticFrequencies))
	if err != nil {
		t.Fatal(err)
	}
	s.dna = dna.NewRegisterIndex([]*dna.Table{tabs["SYN"]}, dna.DefaultOptions())
	s.fp = biofake.NewFingerprints(99, "the same bytes. A lead for an examiner, not an identification.")
	s.svc = serviceOver(t, b.world, nsor.Deps{DNA: s.dna, Fingerprints: s.fp})
	// The demo's world has stored samples of its own on the records its
	// FIRs name (demo/samples.go); A and B are among them or beside them.
	want := 0
	err = b.db.View(b.ctx, func(tx nsor.Tx) error {
		for _, id := range b.seed.Records {
			o, err := tx.Offender(id)
			if err != nil {
				return err
			}
			if slices.ContainsFunc(o.Record.Biometrics, func(bm nsor.Biometric) bool { _, ok := nsor.ParseSampleRef(bm.Reference); return ok }) {
				want++
			}
		}
		return nil
	})
	if err != nil || want < 2 {
		t.Fatalf("records with stored samples: %d, %v; want A and B at least", want, err)
	}
	n, unread, err := s.svc.BuildBiometricIndex(b.ctx)
	if err != nil || n != want || unread != 0 {
		t.Fatalf("BuildBiometricIndex: %d records, %d unread, %v; want %d, 0", n, unread, err, want)
	}
	return s
}

func (s *searchWorld) fpProbe(data []byte) nsor.FingerprintProbe {
	return nsor.FingerprintProbe{Fingers: []nsor.ProbeFinger{{Format: "iso-19794-2-2005", Data: data}}}
}

// TestBiometricSearchFingerprints: the assigned analyst's fingerprint search
// finds the record whose stored tenprint the probe matches, is audited with
// the request as its purpose and keeps the record within the request's
// reach; another analyst, an officer, a registrar are refused and nothing
// is kept; without an index it is refused.
func TestBiometricSearchFingerprints(t *testing.T) {
	s := newSearchWorld(t)
	ctx := s.ctx
	sus := s.r.Suspects[1].ID
	cs, err := s.svc.SearchFingerprints(ctx, s.as("analyst1"), s.r.ID, sus, s.fpProbe(s.tenA))
	procOK(t, "fingerprint search", err)
	if len(cs) != 1 || cs[0].RecordID != s.recordA || cs[0].RecordRef != s.refA || cs[0].Kind != "fingerprint" {
		t.Fatalf("candidates %+v, want record %d by %s", cs, s.recordA, s.refA)
	}
	rec := procLastAudit(t, s.world)
	if rec.Action != "biometric.search" || rec.Purpose != "request/"+strconv.FormatInt(s.r.ID, 10) ||
		!procDetailHas(rec, "records", strconv.FormatInt(s.recordA, 10)) || !procDetailHas(rec, "kind", "fingerprint") {
		t.Errorf("audit of the fingerprint search: %+v", rec)
	}
	// Within reach: the examiner may now compare record A for that suspect.
	in := nsor.ComparisonInput{SuspectID: sus, RecordID: s.recordA, Kind: "fingerprint", RecordRef: s.refA,
		Fingers: []int{1, 2}, Conclusion: nsor.ConclusionInconclusive}
	if _, err := s.svc.RecordComparison(ctx, s.as("analyst2"), s.r.ID, in); err != nil {
		t.Errorf("comparison of the fingerprint candidate: %v", err)
	}
	for _, c := range []struct{ who, code string }{
		{"analyst2", "request.not_assigned"},
		{"registrar1", "request.not_found"},
		{"io.lahore1", "request.not_found"},
	} {
		procRefused(t, s.world, s.r.ID, c.code, func() error {
			_, err := s.svc.SearchFingerprints(ctx, s.as(c.who), s.r.ID, sus, s.fpProbe(s.tenA))
			return err
		})
	}
	procRefused(t, s.world, s.r.ID, "biometric.unavailable", func() error {
		_, err := s.biometricWorld.svc.SearchFingerprints(ctx, s.as("analyst1"), s.r.ID, sus, s.fpProbe(s.tenA))
		return err
	})
	procRefused(t, s.world, s.r.ID, "biometric.no_probe", func() error {
		_, err := s.svc.SearchFingerprints(ctx, s.as("analyst1"), s.r.ID, sus, nsor.FingerprintProbe{})
		return err
	})
}

// TestBiometricSearchAttachedProbe: without a probe, the fingerprint search
// uses the tenprint the officer attached for that suspect, and the DNA
// search the crime-scene profile; a sample attached for another suspect is
// not used; the audit names the sample searched with.
func TestBiometricSearchAttachedProbe(t *testing.T) {
	s := newSearchWorld(t)
	ctx := s.ctx
	sus, other := s.r.Suspects[1].ID, s.r.Suspects[0].ID
	crime := storeSample(t, s.world, nsor.FormatDNAProfile, dnaSample("crime_scene", demo.CrimeScene(s.profA, 12)))
	attach := func(suspect int64, ref, kind, purpose string) {
		sha, _ := nsor.ParseSampleRef(ref)
		err := s.db.Update(ctx, func(tx nsor.Tx) error {
			return tx.AddRequestSample(&nsor.RequestSample{RequestID: s.r.ID, SuspectID: suspect, SHA256: sha, Kind: kind, Purpose: purpose,
				AddedBy: s.as("io.lahore1").ID(), AddedAt: s.clock.Now()})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	attach(other, s.refA, nsor.BiometricFingerprint, nsor.PurposeTenprint)
	procRefused(t, s.world, s.r.ID, "biometric.no_probe", func() error {
		_, err := s.svc.SearchFingerprints(ctx, s.as("analyst1"), s.r.ID, sus, nsor.FingerprintProbe{})
		return err
	})
	attach(sus, s.refA, nsor.BiometricFingerprint, nsor.PurposeTenprint)
	attach(sus, crime, nsor.BiometricDNA, nsor.PurposeCrimeScene)
	cs, err := s.svc.SearchFingerprints(ctx, s.as("analyst1"), s.r.ID, sus, nsor.FingerprintProbe{})
	procOK(t, "search with the attached tenprint", err)
	if len(cs) != 1 || cs[0].RecordID != s.recordA {
		t.Fatalf("attached tenprint: %+v", cs)
	}
	if rec := procLastAudit(t, s.world); !procDetailHas(rec, "probe", s.refA) {
		t.Errorf("the audit does not name the attached probe: %+v", rec)
	}
	cs, err = s.svc.SearchDNA(ctx, s.as("analyst1"), s.r.ID, sus, nsor.DNAProbe{Stringency: "high", MinLoci: 10})
	procOK(t, "search with the attached crime-scene profile", err)
	if len(cs) != 1 || cs[0].RecordID != s.recordA {
		t.Fatalf("attached crime-scene profile: %+v", cs)
	}
}

// TestBiometricSearchFollowsRegister: a record removed after the index was
// built, or changed to drop its sample, is never shown, without waiting for
// the feed to be followed (the search catches up first); a record given a
// sample after the build is found; DNA alike.
func TestBiometricSearchFollowsRegister(t *testing.T) {
	s := newSearchWorld(t)
	ctx := s.ctx
	sus := s.r.Suspects[0].ID
	crime := demo.CrimeScene(s.profA, 12)
	dnaProbe := nsor.DNAProbe{Type: "crime_scene", Loci: crime, Stringency: "high", MinLoci: 10}
	cs, err := s.svc.SearchDNA(ctx, s.as("analyst1"), s.r.ID, sus, dnaProbe)
	procOK(t, "DNA search", err)
	if len(cs) != 1 || cs[0].RecordID != s.recordA || !strings.Contains(cs[0].Explain, "table SYN") {
		t.Fatalf("DNA candidates %+v, want record %d on the synthetic table", cs, s.recordA)
	}

	// A sample added to record B after the build is found at once.
	tenB2 := []byte("synthetic tenprint B, second card")
	changeRecord(t, s.world, s.recordB, false, nsor.Biometric{Kind: "fingerprint", Reference: storeSample(t, s.world, "ansi-nist-itl", tenB2), Provenance: "NADRA (synthetic)"})
	cs, err = s.svc.SearchFingerprints(ctx, s.as("analyst1"), s.r.ID, sus, s.fpProbe(tenB2))
	procOK(t, "search after a sample was added", err)
	if len(cs) != 1 || cs[0].RecordID != s.recordB {
		t.Fatalf("after a sample was added: %+v, want record %d", cs, s.recordB)
	}

	// Record A removed: neither index shows it, at once.
	changeRecord(t, s.world, s.recordA, true)
	for _, search := range []func() ([]nsor.BiometricCandidate, error){
		func() ([]nsor.BiometricCandidate, error) {
			return s.svc.SearchFingerprints(ctx, s.as("analyst1"), s.r.ID, sus, s.fpProbe(s.tenA))
		},
		func() ([]nsor.BiometricCandidate, error) {
			return s.svc.SearchDNA(ctx, s.as("analyst1"), s.r.ID, sus, dnaProbe)
		},
	} {
		cs, err := search()
		procOK(t, "search after the removal", err)
		if len(cs) != 0 {
			t.Errorf("a removed record was shown: %+v", cs)
		}
	}
	if rec := procLastAudit(t, s.world); !procDetailHas(rec, "records", "[]") && procDetailHas(rec, "records", strconv.FormatInt(s.recordA, 10)) {
		t.Errorf("the audit of the search names the removed record: %+v", rec)
	}
}

// TestBiometricSearchPendingNeverShown: a proposed record with a stored
// sample, not yet checked by a second registrar, is not found, even by an
// index that held it (a stale index is filtered by the store).
func TestBiometricSearchPendingNeverShown(t *testing.T) {
	s := newSearchWorld(t)
	ctx := s.ctx
	o, _, err := s.svc.Record(ctx, s.as("registrar1"), s.recordB, "maintenance")
	procOK(t, "read a record", err)
	tenP := []byte("synthetic tenprint of a pending record")
	ref := storeSample(t, s.world, "iso-19794-2-2005", tenP)
	rec := o.Record
	in := nsor.RecordInput{Name: "Pending Person (synthetic)", Parentage: rec.Parentage, CNIC: "9" + strings.Repeat("1", 12),
		Gender: string(rec.Gender), DOB: string(rec.DOB), Convictions: rec.Convictions, Addresses: rec.Addresses,
		Biometrics: []nsor.Biometric{{Kind: "fingerprint", Reference: ref, Provenance: "PFSA (synthetic)"}}}
	v, _, err := s.svc.ProposeRecord(ctx, s.as("registrar1"), in, "New conviction (synthetic).", nsor.Idempotency{})
	procOK(t, "propose a record", err)
	sus := s.r.Suspects[0].ID
	cs, err := s.svc.SearchFingerprints(ctx, s.as("analyst1"), s.r.ID, sus, s.fpProbe(tenP))
	procOK(t, "search", err)
	if len(cs) != 0 {
		t.Fatalf("a pending record was shown: %+v", cs)
	}
	// A stale index that still holds it: the service leaves it out.
	_ = s.fp.PutRecord(v.OffenderID, []nsor.StoredBiometric{{Ref: ref, Kind: "fingerprint", Data: tenP}})
	cs, err = s.svc.SearchFingerprints(ctx, s.as("analyst1"), s.r.ID, sus, s.fpProbe(tenP))
	procOK(t, "search", err)
	if len(cs) != 0 {
		t.Fatalf("a pending record held by a stale index was shown: %+v", cs)
	}
}

// TestBiometricCandidateToRecordFound: end to end through the service, a
// fingerprint candidate of a suspect the name search did not find becomes
// "record found" only through an examiner's comparison concluding
// identification and a third analyst's confirmation; the answering analyst
// can neither examine nor answer on the candidate alone.
func TestBiometricCandidateToRecordFound(t *testing.T) {
	s := newSearchWorld(t)
	ctx := s.ctx
	a1, a2 := s.as("analyst1"), s.as("analyst2")
	sus := s.r.Suspects[1].ID
	cs, err := s.svc.SearchFingerprints(ctx, a1, s.r.ID, sus, s.fpProbe(s.tenA))
	procOK(t, "search", err)
	if len(cs) != 1 {
		t.Fatalf("candidates %+v", cs)
	}
	answer := func(cmpID int64) error {
		var out []nsor.OutcomeInput
		for _, sp := range s.request(s.r.ID).Suspects {
			o := nsor.OutcomeInput{SuspectID: sp.ID, Outcome: nsor.OutcomeNoRecord}
			if sp.ID == sus {
				o = nsor.OutcomeInput{SuspectID: sus, Outcome: nsor.OutcomeRecordFound, RecordID: s.recordA, Basis: nsor.BasisBiometric, ComparisonID: cmpID}
			}
			out = append(out, o)
		}
		_, err := s.svc.Answer(ctx, a1, s.r.ID, s.request(s.r.ID).Version, out)
		return err
	}
	// The candidate alone is no basis.
	procRefused(t, s.world, s.r.ID, "answer.identification_insufficient", func() error { return answer(0) })
	in := nsor.ComparisonInput{SuspectID: sus, RecordID: s.recordA, Kind: "fingerprint", RecordRef: cs[0].RecordRef,
		Fingers: []int{1, 2, 6, 7}, Conclusion: nsor.ConclusionIdentification, Note: "Ten-point agreement on four fingers (synthetic)."}
	procRefused(t, s.world, s.r.ID, "request.separation_of_duties", func() error {
		_, err := s.svc.RecordComparison(ctx, a1, s.r.ID, in)
		return err
	})
	c, err := s.svc.RecordComparison(ctx, a2, s.r.ID, in)
	procOK(t, "the examiner's comparison", err)
	procOK(t, "answer on the comparison", answer(c.ID))
	procRefused(t, s.world, s.r.ID, "request.separation_of_duties", func() error {
		_, err := s.svc.Confirm(ctx, a2, s.r.ID, s.request(s.r.ID).Version)
		return err
	})
	_, err = s.svc.Confirm(ctx, s.analyst3, s.r.ID, s.request(s.r.ID).Version)
	procOK(t, "confirm by a third analyst", err)
	got := s.request(s.r.ID)
	for _, sp := range got.Suspects {
		if sp.ID == sus && (sp.Outcome != nsor.OutcomeRecordFound || sp.ComparisonID != c.ID || sp.BiometricRef != s.refA) {
			t.Errorf("the suspect's outcome %+v", sp)
		}
	}
}

// TestBiometricComparisonsList: the bureau reads a request's comparisons in
// the order recorded; an officer or a registrar finds no request.
func TestBiometricComparisonsList(t *testing.T) {
	s := newSearchWorld(t)
	ctx := s.ctx
	sus := s.r.Suspects[1].ID
	if _, err := s.svc.SearchFingerprints(ctx, s.as("analyst1"), s.r.ID, sus, s.fpProbe(s.tenA)); err != nil {
		t.Fatal(err)
	}
	in := nsor.ComparisonInput{SuspectID: sus, RecordID: s.recordA, Kind: "fingerprint", RecordRef: s.refA,
		Fingers: []int{1}, Conclusion: nsor.ConclusionExclusion}
	c, err := s.svc.RecordComparison(ctx, s.as("analyst2"), s.r.ID, in)
	procOK(t, "record", err)
	cs, err := s.svc.Comparisons(ctx, s.as("analyst1"), s.r.ID)
	if err != nil || len(cs) != 1 || cs[0].ID != c.ID || cs[0].Conclusion != nsor.ConclusionExclusion {
		t.Fatalf("Comparisons = %+v, %v", cs, err)
	}
	for _, who := range []string{"registrar1", "io.lahore1"} {
		if _, err := s.svc.Comparisons(ctx, s.as(who), s.r.ID); nsor.ErrorCode(err) != "request.not_found" {
			t.Errorf("%s: %v, want request.not_found", who, err)
		}
	}
}
