package service_test

import (
	"strconv"
	"strings"
	"testing"

	"nsor"
	"nsor/dna"
)

// biometricWorld is a forwarded request assigned to analyst1, searched, whose
// first suspect's likely record has been given a fingerprint and a DNA
// reference through the maker-checker flow (docs/rules.md#r20), and a third
// analyst to confirm.
type biometricWorld struct {
	*world
	r        *nsor.Request
	recordID int64
	analyst3 *nsor.Actor
}

func newBiometricWorld(t *testing.T) *biometricWorld {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	r := w.inState(nsor.StateForwarded)
	var likely int64
	for _, m := range w.seed.Matches {
		if m.AccusedID == r.Suspects[0].AccusedID && m.Band == nsor.BandLikely {
			likely = m.RecordID
		}
	}
	if likely == 0 {
		t.Fatal("the demo's forwarded request has no likely record")
	}
	for _, sp := range r.Suspects {
		_, err := svc.SearchRegister(ctx, w.as("analyst1"), r.ID, sp.ID, nsor.SearchTerms{})
		procOK(t, "search", err)
	}
	o, _, err := svc.Record(ctx, w.as("registrar1"), likely, "maintenance")
	procOK(t, "read the record", err)
	rec := o.Record
	in := nsor.RecordInput{Name: rec.Name, Aliases: rec.Aliases, Parentage: rec.Parentage, CNIC: string(rec.CNIC),
		Gender: string(rec.Gender), DOB: string(rec.DOB), BirthPlace: rec.BirthPlace, Description: rec.Description, Marks: rec.Marks,
		Biometrics: append(rec.Biometrics, nsor.Biometric{Kind: "fingerprint", Reference: "SYN-FP-T1", Provenance: "PFSA (synthetic)"},
			nsor.Biometric{Kind: "dna", Reference: "SYN-DNA-T1", Provenance: "PFSA DNA unit (synthetic)"}),
		Convictions: rec.Convictions, Addresses: rec.Addresses, Referrals: rec.Referrals}
	v, _, err := svc.ProposeChange(ctx, w.as("registrar1"), likely, &in, false, "Forensic references received from the laboratory.")
	procOK(t, "propose the biometrics", err)
	_, err = svc.CheckChange(ctx, w.as("registrar2"), likely, v.N, true, "Checked against the laboratory's reports.")
	procOK(t, "check the biometrics", err)

	// A third analyst, to confirm: analyst1 answers, analyst2 examines.
	a2 := w.as("analyst2")
	u := *a2.User
	u.ID, u.Username, u.Name = 0, "analyst3", "Analyst Three (synthetic)"
	if err := w.db.Update(ctx, func(tx nsor.Tx) error { return tx.CreateUser(&u) }); err != nil {
		t.Fatal(err)
	}
	a3 := &nsor.Actor{User: &u, Jurisdiction: a2.Jurisdiction, Source: "cli", Operator: &nsor.Operator{Name: "test"}}
	return &biometricWorld{world: w, r: w.request(r.ID), recordID: likely, analyst3: a3}
}

func (b *biometricWorld) answer(t *testing.T, cmpID int64) error {
	t.Helper()
	out := []nsor.OutcomeInput{{SuspectID: b.r.Suspects[0].ID, Outcome: nsor.OutcomeRecordFound, RecordID: b.recordID,
		Basis: nsor.BasisBiometric, ComparisonID: cmpID}}
	for _, sp := range b.r.Suspects[1:] {
		out = append(out, nsor.OutcomeInput{SuspectID: sp.ID, Outcome: nsor.OutcomeNoRecord})
	}
	_, err := b.svc.Answer(b.ctx, b.as("analyst1"), b.r.ID, b.request(b.r.ID).Version, out)
	return err
}

func fingerprintComparison(b *biometricWorld, c nsor.Conclusion) nsor.ComparisonInput {
	return nsor.ComparisonInput{SuspectID: b.r.Suspects[0].ID, RecordID: b.recordID, Kind: "fingerprint",
		RecordRef: "SYN-FP-T1", Fingers: []int{1, 2, 7}, Conclusion: c, Note: "Tenprint from the FIR's accused."}
}

// TestBiometricRecordFoundNeedsExaminer: a biometric candidate never becomes
// "record found" without an examiner's recorded comparison concluding
// identification, made by someone other than the answering analyst, and the
// confirmation of a third person (docs/rules.md#r33).
func TestBiometricRecordFoundNeedsExaminer(t *testing.T) {
	b := newBiometricWorld(t)
	ctx, svc := b.ctx, b.svc
	a1, a2 := b.as("analyst1"), b.as("analyst2")

	// No comparison named, or one that does not exist.
	for _, id := range []int64{0, 999999} {
		procRefused(t, b.world, b.r.ID, "answer.identification_insufficient", func() error { return b.answer(t, id) })
	}
	// The attack: the answering analyst records their own comparison.
	procRefused(t, b.world, b.r.ID, "request.separation_of_duties", func() error {
		_, err := svc.RecordComparison(ctx, a1, b.r.ID, fingerprintComparison(b, nsor.ConclusionIdentification))
		return err
	})
	// An inconclusive comparison is recorded, and is no basis.
	inc, err := svc.RecordComparison(ctx, a2, b.r.ID, fingerprintComparison(b, nsor.ConclusionInconclusive))
	procOK(t, "record an inconclusive comparison", err)
	if rec := procLastAudit(t, b.world); rec.Action != "biometric.compare" || rec.Purpose != "request/"+strconv.FormatInt(b.r.ID, 10) {
		t.Errorf("the comparison was audited as %s purpose %q, want biometric.compare for the request", rec.Action, rec.Purpose)
	}
	procRefused(t, b.world, b.r.ID, "answer.identification_insufficient", func() error { return b.answer(t, inc.ID) })

	// The examiner's identification is a basis for analyst1.
	id, err := svc.RecordComparison(ctx, a2, b.r.ID, fingerprintComparison(b, nsor.ConclusionIdentification))
	procOK(t, "record an identification", err)
	if id.ExaminerID != a2.ID() || id.At.IsZero() {
		t.Errorf("comparison %+v: want analyst2 as examiner, with the time", id)
	}
	procOK(t, "answer on the comparison", b.answer(t, id.ID))
	got := b.request(b.r.ID)
	if sp := got.Suspects[0]; sp.ComparisonID != id.ID || sp.BiometricRef != "SYN-FP-T1" || got.State != nsor.StateAnswered {
		t.Fatalf("answered suspect %+v in %s", sp, got.State)
	}
	// The examiner may not confirm the answer resting on their comparison;
	// the answering analyst may not either; a third may.
	for _, a := range []*nsor.Actor{a2, a1} {
		procRefused(t, b.world, b.r.ID, "request.separation_of_duties", func() error {
			_, err := svc.Confirm(ctx, a, b.r.ID, b.request(b.r.ID).Version)
			return err
		})
	}
	_, err = svc.Confirm(ctx, b.analyst3, b.r.ID, b.request(b.r.ID).Version)
	procOK(t, "confirm by a third analyst", err)
}

// TestBiometricDNANeedsConfirmationSample: a DNA identification is no basis
// until the confirmation sample is recorded, and that sample is recorded
// once, for a DNA identification only.
func TestBiometricDNANeedsConfirmationSample(t *testing.T) {
	b := newBiometricWorld(t)
	ctx, svc := b.ctx, b.svc
	a2 := b.as("analyst2")
	loci := []string{"CSF1PO", "FGA", "TH01", "TPOX", "vWA", "D3S1358", "D5S818", "D7S820", "D8S1179", "D13S317"}
	in := nsor.ComparisonInput{SuspectID: b.r.Suspects[0].ID, RecordID: b.recordID, Kind: "dna", RecordRef: "SYN-DNA-T1",
		Loci: loci, Conclusion: nsor.ConclusionIdentification}
	c, err := svc.RecordComparison(ctx, a2, b.r.ID, in)
	procOK(t, "record a DNA identification", err)
	procRefused(t, b.world, b.r.ID, "answer.identification_insufficient", func() error { return b.answer(t, c.ID) })

	fp, err := svc.RecordComparison(ctx, a2, b.r.ID, fingerprintComparison(b, nsor.ConclusionIdentification))
	procOK(t, "record a fingerprint identification", err)
	for _, tc := range []struct {
		id     int64
		sample string
		code   string
	}{
		{fp.ID, "LAB-1", "comparison.kind"},
		{c.ID, "", "comparison.sample"},
	} {
		procRefused(t, b.world, b.r.ID, tc.code, func() error {
			_, err := svc.RecordConfirmationSample(ctx, a2, tc.id, tc.sample)
			return err
		})
	}
	_, err = svc.RecordConfirmationSample(ctx, b.analyst3, c.ID, "PFSA-DNA-2026-0917")
	procOK(t, "record the confirmation sample", err)
	procRefused(t, b.world, b.r.ID, "comparison.confirmed", func() error {
		_, err := svc.RecordConfirmationSample(ctx, a2, c.ID, "PFSA-DNA-2026-0918")
		return err
	})
	procOK(t, "answer on the confirmed DNA hit", b.answer(t, c.ID))
}

// TestBiometricComparisonRefusals: a comparison outside the bureau, of a
// record no search showed, or of a reference not on the record is refused.
func TestBiometricComparisonRefusals(t *testing.T) {
	b := newBiometricWorld(t)
	ctx, svc := b.ctx, b.svc
	a2 := b.as("analyst2")
	bad := fingerprintComparison(b, nsor.ConclusionIdentification)
	bad.RecordRef = "SYN-FP-NOPE"
	procRefused(t, b.world, b.r.ID, "comparison.record_ref", func() error {
		_, err := svc.RecordComparison(ctx, a2, b.r.ID, bad)
		return err
	})
	other := fingerprintComparison(b, nsor.ConclusionIdentification)
	other.RecordID = b.recordID + 100000
	procRefused(t, b.world, b.r.ID, "record.not_found", func() error {
		_, err := svc.RecordComparison(ctx, a2, b.r.ID, other)
		return err
	})
	procRefused(t, b.world, b.r.ID, "request.forbidden", func() error {
		_, err := svc.RecordComparison(ctx, b.as("registrar1"), b.r.ID, fingerprintComparison(b, nsor.ConclusionIdentification))
		return err
	})
	procRefused(t, b.world, b.r.ID, "request.not_found", func() error {
		_, err := svc.RecordComparison(ctx, b.as("io.rawalpindi1"), b.r.ID, fingerprintComparison(b, nsor.ConclusionIdentification))
		return err
	})
}

// TestBiometricSearchDNA: the assigned analyst's DNA search shows the
// record as a candidate beside the name candidates, keeps it within the
// request's reach so an examiner may compare it, and is audited with the
// request as its purpose; another analyst may not search; without an index
// the search is refused.
func TestBiometricSearchDNA(t *testing.T) {
	b := newBiometricWorld(t)
	ctx := b.ctx
	raw := map[string][]string{}
	for i, l := range dna.CODIS20 {
		raw[string(l)] = []string{strconv.Itoa(8 + i%5), strconv.Itoa(10 + i%7)}
	}
	ref, err := dna.NewProfile("SYN-DNA-T1", dna.Reference, raw)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := dna.ReadFrequencies(strings.NewReader("pop,locus,allele,count,n_alleles,freq\nT,TH01,8,10,100,0.1\n"))
	if err != nil {
		t.Fatal(err)
	}
	ri := dna.NewRegisterIndex([]*dna.Table{tab["T"]}, dna.DefaultOptions())
	ri.Add(b.recordID, "SYN-DNA-T1", ref)
	svc := serviceOver(t, b.world, nsor.Deps{DNA: ri})
	probe := nsor.DNAProbe{Type: "crime_scene", Loci: raw, Stringency: "moderate", MinLoci: 8}
	sus := b.r.Suspects[1].ID // a suspect whose name search did not show the record
	cs, err := svc.SearchDNA(ctx, b.as("analyst1"), b.r.ID, sus, probe)
	procOK(t, "DNA search", err)
	if len(cs) != 1 || cs[0].RecordID != b.recordID || !strings.Contains(cs[0].Explain, "not an identification") {
		t.Fatalf("candidates %+v, want record %d as a lead", cs, b.recordID)
	}
	rec := procLastAudit(t, b.world)
	if rec.Action != "biometric.search" || rec.Purpose != "request/"+strconv.FormatInt(b.r.ID, 10) || !procDetailHas(rec, "records", strconv.FormatInt(b.recordID, 10)) {
		t.Errorf("audit of the DNA search: %+v", rec)
	}
	// The record is now within reach for that suspect: an examiner compares.
	in := fingerprintComparison(b, nsor.ConclusionExclusion)
	in.SuspectID, in.Kind, in.RecordRef, in.Fingers, in.Loci = sus, "dna", "SYN-DNA-T1", nil, []string{"vWA", "TH01"}
	if _, err := b.svc.RecordComparison(ctx, b.as("analyst2"), b.r.ID, in); err != nil {
		t.Errorf("comparison of the DNA candidate: %v", err)
	}
	procRefused(t, b.world, b.r.ID, "request.not_assigned", func() error {
		_, err := svc.SearchDNA(ctx, b.as("analyst2"), b.r.ID, sus, probe)
		return err
	})
	bad := probe
	bad.Stringency = "exact"
	procRefused(t, b.world, b.r.ID, "dna.stringency", func() error {
		_, err := svc.SearchDNA(ctx, b.as("analyst1"), b.r.ID, sus, bad)
		return err
	})
	procRefused(t, b.world, b.r.ID, "biometric.unavailable", func() error {
		_, err := b.svc.SearchDNA(ctx, b.as("analyst1"), b.r.ID, sus, probe)
		return err
	})
}
