package service_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"nsor"
	"nsor/biosample"
)

var sampleLoci = map[string][]string{"D3S1358": {"15", "16"}, "vWA": {"14", "17"}, "FGA": {"21", "24"}, "D8S1179": {"13", "14"},
	"D21S11": {"29", "30"}, "D18S51": {"12", "15"}, "D5S818": {"11", "12"}, "D13S317": {"11", "11"}}

// sampleStored says whether a sample of the data is stored, as bytes or as
// a description.
func sampleStored(t *testing.T, w *world, data []byte) bool {
	t.Helper()
	sha := nsor.SHA256Hex(data)
	var blob, desc bool
	err := w.db.View(w.ctx, func(tx nsor.Tx) error {
		_, err := tx.Blob(sha)
		blob = err == nil
		_, err = tx.Sample(sha)
		desc = err == nil
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return blob || desc
}

func mustTemplate(t *testing.T, format string, seed uint64, positions ...int) []byte {
	t.Helper()
	b, err := biosample.SyntheticTemplate(format, seed, positions...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUploadSample: a registrar's upload is read, described and kept once
// however often it comes; whoever is not a registrar, and every sample the
// register would not keep, is refused with nothing written and the refusal
// audited.
func TestUploadSample(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	reg := w.as("registrar1")
	tpl := mustTemplate(t, nsor.FormatISO2011, 7, 2, 7)
	sm, err := svc.UploadSample(ctx, reg, nsor.BiometricFingerprint, nsor.FormatISO2011, tpl, nsor.SampleMeta{})
	procOK(t, "upload", err)
	if sm.SHA256 != nsor.SHA256Hex(tpl) || sm.UploadedBy != reg.ID() || len(sm.Fingers) != 2 || sm.Fingers[1].Position != 7 {
		t.Errorf("uploaded %+v", sm)
	}
	if a := procLastAudit(t, w); a.Action != "sample.upload" || a.ActorID != reg.ID() {
		t.Errorf("audit %+v", a)
	}
	again, err := svc.UploadSample(ctx, w.as("registrar2"), nsor.BiometricFingerprint, nsor.FormatISO2011, tpl, nsor.SampleMeta{})
	procOK(t, "upload again", err)
	if again.UploadedBy != reg.ID() || !again.UploadedAt.Equal(sm.UploadedAt) {
		t.Errorf("the same bytes again made a second sample: %+v", again)
	}
	_, err = svc.UploadSample(ctx, reg, nsor.BiometricFingerprint, nsor.FormatANSI2009, tpl, nsor.SampleMeta{})
	wantCode(t, "the same bytes as another format", err, "sample.format")

	bad := mustTemplate(t, nsor.FormatANSI2004, 8, 1)
	for _, tc := range []struct {
		who, kind, format string
		data              []byte
		meta              nsor.SampleMeta
		code              string
	}{
		{"io.lahore1", nsor.BiometricFingerprint, nsor.FormatANSI2004, bad, nsor.SampleMeta{}, "auth.forbidden"},
		{"analyst1", nsor.BiometricFingerprint, nsor.FormatANSI2004, bad, nsor.SampleMeta{}, "auth.forbidden"},
		{"registrar1", nsor.BiometricDNA, nsor.FormatANSI2004, bad, nsor.SampleMeta{}, "sample.format"},
		{"registrar1", nsor.BiometricFingerprint, nsor.FormatISO2005, bad, nsor.SampleMeta{}, "sample.format"},
		{"registrar1", nsor.BiometricFingerprint, nsor.FormatANSI2004, bad[:len(bad)-4], nsor.SampleMeta{}, "sample.truncated"},
		{"registrar1", nsor.BiometricFingerprint, nsor.FormatANSI2004, nil, nsor.SampleMeta{}, "sample.empty"},
		{"registrar1", nsor.BiometricFingerprint, nsor.FormatANSI2004, append(bad, make([]byte, nsor.MaxTemplateSize)...), nsor.SampleMeta{}, "sample.too_large"},
		{"registrar1", nsor.BiometricFingerprint, nsor.FormatPNG, biosample.SyntheticPNG(1, 30, 30), nsor.SampleMeta{PPI: 100}, "sample.resolution"},
		{"registrar1", nsor.BiometricDNA, nsor.FormatDNAProfile, []byte(`{"type":"reference","loci":{"XYZ1":["1"]}}`), nsor.SampleMeta{}, "dna.locus_unknown"},
	} {
		before := w.auditCount()
		_, err := svc.UploadSample(ctx, w.as(tc.who), tc.kind, tc.format, tc.data, tc.meta)
		wantCode(t, tc.who+" "+tc.format, err, tc.code)
		if len(tc.data) > 0 && sampleStored(t, w, tc.data) {
			t.Errorf("%s %s: refused, yet stored", tc.who, tc.code)
		}
		if w.auditCount() != before+1 {
			t.Errorf("%s: the refusal is not audited", tc.code)
		}
	}
}

// TestSampleOnRecord: a record names a stored sample by its sha256:
// reference only through maker-checker: the maker's proposal changes
// nothing until a second registrar checks it, and a reference to a sample
// not stored, or of the other kind, is refused when proposed.
func TestSampleOnRecord(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	r1, r2 := w.as("registrar1"), w.as("registrar2")
	tenprint := biosample.SyntheticTransaction(3, 500, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	fp, err := svc.UploadSample(ctx, r1, nsor.BiometricFingerprint, nsor.FormatANSINIST, tenprint, nsor.SampleMeta{})
	procOK(t, "upload the tenprint", err)
	if len(fp.Fingers) != 10 {
		t.Errorf("the tenprint has %d fingers", len(fp.Fingers))
	}
	dna, err := svc.UploadSample(ctx, r1, nsor.BiometricDNA, nsor.FormatDNAProfile, biosample.SyntheticProfile("reference", sampleLoci), nsor.SampleMeta{})
	procOK(t, "upload the profile", err)

	id := w.seed.Records[0]
	o, _, err := svc.Record(ctx, r1, id, "maintenance")
	procOK(t, "read", err)
	input := func(bs ...nsor.Biometric) *nsor.RecordInput {
		rec := o.Record
		return &nsor.RecordInput{Name: rec.Name, Aliases: rec.Aliases, Parentage: rec.Parentage, CNIC: string(rec.CNIC),
			Gender: string(rec.Gender), DOB: string(rec.DOB), BirthPlace: rec.BirthPlace, Description: rec.Description, Marks: rec.Marks,
			Biometrics: append(slices.Clone(rec.Biometrics), bs...), Convictions: rec.Convictions, Addresses: rec.Addresses, Referrals: rec.Referrals}
	}
	missing := nsor.SampleRef(nsor.SHA256Hex([]byte("never uploaded")))
	for _, tc := range []struct {
		name string
		b    nsor.Biometric
		code string
	}{
		{"missing sample", nsor.Biometric{Kind: "fingerprint", Reference: missing, Provenance: "PFSA (synthetic)"}, "sample.unknown"},
		{"DNA sample as a fingerprint", nsor.Biometric{Kind: "fingerprint", Reference: nsor.SampleRef(dna.SHA256), Provenance: "PFSA (synthetic)"}, "sample.kind_mismatch"},
		{"fingerprint sample as DNA", nsor.Biometric{Kind: "dna", Reference: nsor.SampleRef(fp.SHA256), Provenance: "PFSA (synthetic)"}, "sample.kind_mismatch"},
		{"upper-case hex", nsor.Biometric{Kind: "dna", Reference: "sha256:" + string(bytes.ToUpper([]byte(dna.SHA256))), Provenance: "PFSA (synthetic)"}, "sample.ref"},
	} {
		_, _, err := svc.ProposeChange(ctx, r1, id, input(tc.b), false, "Laboratory samples received.")
		wantCode(t, tc.name, err, tc.code)
		_, _, err = svc.ProposeRecord(ctx, r1, *input(tc.b), "Laboratory samples received.", nsor.Idempotency{})
		wantCode(t, tc.name+" (new record)", err, tc.code)
	}

	fpB := nsor.Biometric{Kind: "fingerprint", Reference: nsor.SampleRef(fp.SHA256), Provenance: "PFSA (synthetic)"}
	dnaB := nsor.Biometric{Kind: "dna", Reference: nsor.SampleRef(dna.SHA256), Provenance: "PFSA DNA unit (synthetic)"}
	v, _, err := svc.ProposeChange(ctx, r1, id, input(fpB, dnaB), false, "Laboratory samples received.")
	procOK(t, "propose", err)
	o2, _, err := svc.Record(ctx, r1, id, "maintenance")
	procOK(t, "read", err)
	if slices.Contains(o2.Record.Biometrics, fpB) {
		t.Error("the maker's proposal attached the sample without the checker")
	}
	_, err = svc.CheckChange(ctx, r1, id, v.N, true, "")
	wantCode(t, "the maker checks", err, "record.checker_is_maker")
	_, err = svc.CheckChange(ctx, r2, id, v.N, true, "Checked against the laboratory's reports.")
	procOK(t, "check", err)
	o3, _, err := svc.Record(ctx, r1, id, "maintenance")
	procOK(t, "read", err)
	if !slices.Contains(o3.Record.Biometrics, fpB) || !slices.Contains(o3.Record.Biometrics, dnaB) {
		t.Errorf("after the check the record's biometrics are %+v", o3.Record.Biometrics)
	}

	// A registrar reads the sample with a purpose; the read is audited.
	got, data, err := svc.SampleData(ctx, r2, fp.SHA256, "maintenance")
	procOK(t, "sample data", err)
	if !bytes.Equal(data, tenprint) || got.SHA256 != fp.SHA256 {
		t.Error("the registrar read other bytes")
	}
	if a := procLastAudit(t, w); a.Action != "sample.data" || a.Purpose != "maintenance" {
		t.Errorf("audit %+v", a)
	}
	_, _, err = svc.SampleData(ctx, r2, fp.SHA256, "")
	wantCode(t, "no purpose", err, "purpose.required")
	for _, u := range []string{"io.lahore1", "analyst1", "dpp.lahore1", "auditor1"} {
		_, _, err = svc.SampleData(ctx, w.as(u), fp.SHA256, "maintenance")
		if err == nil {
			t.Errorf("%s read a sample's data", u)
		}
	}
}

// TestAttachRequestSample: the officer attaches a tenprint or a
// crime-scene profile to a suspect of their draft; the prosecutor sees that
// it is attached and not its data; no one else attaches, nothing is
// attached once the request is submitted, and the analyst who works the
// request reads its samples and no others.
func TestAttachRequestSample(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	io, dpp, sup, ana := w.as("io.lahore2"), w.as("dpp.lahore1"), w.as("supervisor1"), w.as("analyst2")
	r := w.inState(nsor.StateDraft)
	sp := r.Suspects[0].ID
	tenprint := biosample.SyntheticTransaction(4, 500, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	scene := biosample.SyntheticProfile("crime_scene", sampleLoci)
	ref := biosample.SyntheticProfile("reference", map[string][]string{"vWA": {"14", "16"}})

	for _, tc := range []struct {
		name, who       string
		suspect         int64
		purpose, format string
		data            []byte
		code            string
	}{
		{"another officer", "io.lahore1", sp, nsor.PurposeTenprint, nsor.FormatANSINIST, tenprint, "request.not_found"},
		{"the prosecutor", "dpp.lahore1", sp, nsor.PurposeTenprint, nsor.FormatANSINIST, tenprint, "request.not_found"},
		{"a registrar", "registrar1", sp, nsor.PurposeTenprint, nsor.FormatANSINIST, tenprint, "request.not_found"},
		{"a suspect of no request of theirs", "io.lahore2", sp + 1000, nsor.PurposeTenprint, nsor.FormatANSINIST, tenprint, "answer.suspect_unknown"},
		{"a reference profile as a crime scene", "io.lahore2", sp, nsor.PurposeCrimeScene, nsor.FormatDNAProfile, ref, "sample.purpose"},
		{"a profile as a tenprint", "io.lahore2", sp, nsor.PurposeTenprint, nsor.FormatDNAProfile, scene, "sample.format"},
		{"no purpose", "io.lahore2", sp, "", nsor.FormatANSINIST, tenprint, "sample.purpose"},
	} {
		_, err := svc.AttachRequestSample(ctx, w.as(tc.who), r.ID, tc.suspect, tc.purpose, tc.format, tc.data, nsor.SampleMeta{})
		if nsor.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
		if sampleStored(t, w, tc.data) {
			t.Errorf("%s: refused, yet stored", tc.name)
		}
	}

	rs, err := svc.AttachRequestSample(ctx, io, r.ID, sp, nsor.PurposeTenprint, nsor.FormatANSINIST, tenprint, nsor.SampleMeta{})
	procOK(t, "attach the tenprint", err)
	_, err = svc.AttachRequestSample(ctx, io, r.ID, sp, nsor.PurposeCrimeScene, nsor.FormatDNAProfile, scene, nsor.SampleMeta{})
	procOK(t, "attach the crime scene", err)
	_, err = svc.AttachRequestSample(ctx, io, r.ID, sp, nsor.PurposeTenprint, nsor.FormatANSINIST, tenprint, nsor.SampleMeta{})
	wantCode(t, "the same attachment twice", err, "sample.attached")
	if a := procLastAudit(t, w); a.Action != "request.sample_attach" || a.RequestID != r.ID {
		t.Errorf("audit %+v", a)
	}
	got := w.request(r.ID)
	if got.Version != r.Version+2 {
		t.Errorf("attaching did not raise the version: %d then %d", r.Version, got.Version)
	}

	v, err := svc.Submit(ctx, io, r.ID, got.Version)
	procOK(t, "submit", err)
	_, err = svc.AttachRequestSample(ctx, io, r.ID, sp, nsor.PurposeTenprint, nsor.FormatISO2011, mustTemplate(t, nsor.FormatISO2011, 9, 1), nsor.SampleMeta{})
	wantCode(t, "attach after submission", err, "request.wrong_state")

	pv, err := svc.Request(ctx, dpp, r.ID)
	procOK(t, "the prosecutor's view", err)
	if len(pv.Samples) != 2 || pv.Samples[0].SHA256 != rs.SHA256 || pv.Samples[0].Format != nsor.FormatANSINIST || pv.Samples[0].Size != int64(len(tenprint)) ||
		pv.Samples[1].Purpose != nsor.PurposeCrimeScene {
		t.Errorf("the prosecutor sees %+v", pv.Samples)
	}
	c := nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, SuspectsNamedInFIR: true, GroundsSubstantiated: true, Note: "Checked against the FIR copy."}
	v, err = svc.Forward(ctx, dpp, r.ID, v.Version, c)
	procOK(t, "forward", err)
	// The attack: once the prosecutor has approved, no probe is added.
	_, err = svc.AttachRequestSample(ctx, io, r.ID, sp, nsor.PurposeTenprint, nsor.FormatISO2011, mustTemplate(t, nsor.FormatISO2011, 9, 1), nsor.SampleMeta{})
	wantCode(t, "attach after the prosecutor forwarded", err, "request.wrong_state")
	_, err = svc.Assign(ctx, sup, r.ID, v.Version, ana.ID())
	procOK(t, "assign", err)

	sm, data, err := svc.RequestSampleData(ctx, ana, r.ID, rs.SHA256)
	procOK(t, "the analyst reads the tenprint", err)
	if !bytes.Equal(data, tenprint) || len(sm.Fingers) != 10 {
		t.Error("the analyst read other bytes")
	}
	if a := procLastAudit(t, w); a.Action != "sample.data" || a.RequestID != r.ID || a.Purpose != "request/"+itoa(r.ID) {
		t.Errorf("audit %+v", a)
	}
	other, err := svc.UploadSample(ctx, w.as("registrar1"), nsor.BiometricFingerprint, nsor.FormatISO2011, mustTemplate(t, nsor.FormatISO2011, 10, 1), nsor.SampleMeta{})
	procOK(t, "a registrar's sample", err)
	_, _, err = svc.RequestSampleData(ctx, ana, r.ID, other.SHA256)
	wantCode(t, "a sample of no record the request showed", err, "sample.not_found")
	for _, u := range []string{"io.lahore2", "dpp.lahore1", "registrar1"} {
		_, _, err = svc.RequestSampleData(ctx, w.as(u), r.ID, rs.SHA256)
		wantCode(t, u+" reads the request's sample", err, "sample.not_found")
	}
}

// TestReleaseCarriesComparison: the officer's release of a record found on
// a fingerprint comparison says what the examiner compared and concluded,
// and carries no sample data: the record's stored sample is named by its
// reference only.
func TestReleaseCarriesComparison(t *testing.T) {
	b := newBiometricWorld(t)
	ctx, svc := b.ctx, b.svc
	tpl := mustTemplate(t, nsor.FormatISO2011, 11, 1, 2, 7)
	sm, err := svc.UploadSample(ctx, b.as("registrar1"), nsor.BiometricFingerprint, nsor.FormatISO2011, tpl, nsor.SampleMeta{})
	procOK(t, "upload", err)
	o, _, err := svc.Record(ctx, b.as("registrar1"), b.recordID, "maintenance")
	procOK(t, "read", err)
	rec := o.Record
	ref := nsor.SampleRef(sm.SHA256)
	in := nsor.RecordInput{Name: rec.Name, Aliases: rec.Aliases, Parentage: rec.Parentage, CNIC: string(rec.CNIC),
		Gender: string(rec.Gender), DOB: string(rec.DOB), BirthPlace: rec.BirthPlace, Description: rec.Description, Marks: rec.Marks,
		Biometrics:  append(slices.Clone(rec.Biometrics), nsor.Biometric{Kind: "fingerprint", Reference: ref, Provenance: "PFSA (synthetic)"}),
		Convictions: rec.Convictions, Addresses: rec.Addresses, Referrals: rec.Referrals}
	v, _, err := svc.ProposeChange(ctx, b.as("registrar1"), b.recordID, &in, false, "Tenprint template received.")
	procOK(t, "propose", err)
	_, err = svc.CheckChange(ctx, b.as("registrar2"), b.recordID, v.N, true, "Checked.")
	procOK(t, "check", err)

	// The analyst reads the record's sample: its search showed the record.
	_, data, err := svc.RequestSampleData(ctx, b.as("analyst1"), b.r.ID, sm.SHA256)
	procOK(t, "the analyst reads the record's sample", err)
	if !bytes.Equal(data, tpl) {
		t.Error("the analyst read other bytes")
	}

	cin := fingerprintComparison(b, nsor.ConclusionIdentification)
	cin.RecordRef = ref
	c, err := svc.RecordComparison(ctx, b.as("analyst2"), b.r.ID, cin)
	procOK(t, "compare", err)
	procOK(t, "answer", b.answer(t, c.ID))
	_, err = svc.Confirm(ctx, b.analyst3, b.r.ID, b.request(b.r.ID).Version)
	procOK(t, "confirm", err)
	r := b.request(b.r.ID)
	var dpp, io *nsor.Actor
	for name, acc := range b.seed.Users {
		switch {
		case acc.User.Role == nsor.RoleDPP && acc.User.ID == r.ForwardedBy:
			dpp = b.as(name)
		case acc.User.ID == r.IOUserID:
			io = b.as(name)
		}
	}
	if dpp == nil || io == nil {
		t.Fatal("no prosecutor or officer for the request")
	}
	_, err = svc.Release(ctx, dpp, r.ID, r.Version)
	procOK(t, "release", err)
	_, err = svc.Acknowledge(ctx, io, r.ID, b.request(r.ID).Version, true, "")
	procOK(t, "acknowledge", err)
	rv, err := svc.ReadRelease(ctx, io, r.ID)
	procOK(t, "read the release", err)
	var snap nsor.ReleaseSnapshot
	if err := json.Unmarshal(rv.Content, &snap); err != nil {
		t.Fatal(err)
	}
	got := snap.Suspects[0].Comparison
	if got == nil || got.Kind != "fingerprint" || got.RecordRef != ref || !slices.Equal(got.Fingers, cin.Fingers) ||
		got.Conclusion != nsor.ConclusionIdentification || got.Examiner != b.as("analyst2").User.Name || got.At.IsZero() {
		t.Errorf("released comparison %+v", got)
	}
	for _, leak := range [][]byte{tpl, []byte(base64.StdEncoding.EncodeToString(tpl)), tpl[:24]} {
		if bytes.Contains(rv.Content, leak) || strings.Contains(rv.MarkedText, string(leak)) {
			t.Error("the release carries the sample's bytes")
		}
	}
}
