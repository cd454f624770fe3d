package web_test

import (
	"net/http"
	"testing"

	"nsor"
	"nsor/biosample"
)

// TestSamplesOverAPI: a registrar uploads a sample and names it in a record
// through the checker; an officer attaches a tenprint to the draft and the
// prosecutor sees it listed after submission; every refusal comes with its
// documented code, through the validating client.
func TestSamplesOverAPI(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	reg1, reg2, io, dpp := e.login(c.registrar1), e.login(c.registrar2), e.login(c.io1), e.login(c.dpp)
	tpl, err := biosample.SyntheticTemplate(nsor.FormatISO2011, 5, 1, 6)
	if err != nil {
		t.Fatal(err)
	}
	up, err := reg1.UploadSample(e.ctx, nsor.BiometricFingerprint, nsor.FormatISO2011, tpl, nsor.SampleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	if up.SHA256 != nsor.SHA256Hex(tpl) || up.Reference != nsor.SampleRef(up.SHA256) || len(up.Fingers) != 2 {
		t.Errorf("upload %+v", up)
	}
	_, err = reg1.UploadSample(e.ctx, nsor.BiometricFingerprint, nsor.FormatANSI2009, tpl, nsor.SampleMeta{})
	problem(t, "ISO 2011 named ANSI 2009", err, http.StatusUnprocessableEntity, "sample.format")
	_, err = reg1.UploadSample(e.ctx, nsor.BiometricFingerprint, nsor.FormatISO2011, tpl[:len(tpl)-2], nsor.SampleMeta{})
	problem(t, "truncated", err, http.StatusUnprocessableEntity, "sample.truncated")
	_, err = reg1.UploadSample(e.ctx, nsor.BiometricFingerprint, nsor.FormatPNG, biosample.SyntheticPNG(1, 20, 20), nsor.SampleMeta{})
	problem(t, "PNG without resolution", err, http.StatusUnprocessableEntity, "sample.resolution")
	_, err = reg1.UploadSample(e.ctx, nsor.BiometricFingerprint, nsor.FormatISO2011, make([]byte, nsor.MaxTransactionSize+1), nsor.SampleMeta{})
	problem(t, "oversize body", err, http.StatusUnprocessableEntity, "sample.too_large")
	_, err = io.UploadSample(e.ctx, nsor.BiometricFingerprint, nsor.FormatISO2011, tpl, nsor.SampleMeta{})
	problem(t, "an officer uploads to the register", err, http.StatusForbidden, "auth.forbidden")

	_, err = reg1.Do(e.ctx, http.MethodGet, "/api/v1/register/samples/"+up.SHA256+"?purpose=maintenance", nil, nil)
	if err != nil {
		t.Errorf("registrar's read: %v", err)
	}
	_, err = reg1.Do(e.ctx, http.MethodGet, "/api/v1/register/samples/"+up.SHA256+"/data?purpose=maintenance", nil, nil)
	if err != nil {
		t.Errorf("registrar's download: %v", err)
	}
	_, err = reg1.Do(e.ctx, http.MethodGet, "/api/v1/register/samples/"+up.SHA256+"/data", nil, nil)
	problem(t, "download without purpose", err, http.StatusUnprocessableEntity, "purpose.required")

	rec := offenderRecord()
	rec.Biometrics = append(rec.Biometrics, nsor.Biometric{Kind: "dna", Reference: up.Reference, Provenance: "PFSA (synthetic)"})
	_, err = reg1.Do(e.ctx, http.MethodPost, "/api/v1/register/records", map[string]any{"record": rec, "reason": "Laboratory samples received."}, nil)
	problem(t, "a fingerprint sample named as DNA", err, http.StatusUnprocessableEntity, "sample.kind_mismatch")
	rec.Biometrics[len(rec.Biometrics)-1].Kind = "fingerprint"
	enterRecord(t, e, reg1, reg2, rec)

	fir, err := io.CreateFIR(e.ctx, firInput(e), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.PutFIRCopy(e.ctx, fir.ID, samplePDF); err != nil {
		t.Fatal(err)
	}
	req, err := io.CreateRequest(e.ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID},
		Grounds: "Named by the victim; prior record needed (synthetic).", Declaration: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	sid := req.Suspects[0].ID
	tenprint := biosample.SyntheticTransaction(2, 500, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	rs, err := io.AttachRequestSample(e.ctx, req.ID, sid, nsor.PurposeTenprint, nsor.FormatANSINIST, tenprint, nsor.SampleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.AttachRequestSample(e.ctx, req.ID, sid, nsor.PurposeCrimeScene, nsor.FormatDNAProfile,
		biosample.SyntheticProfile("reference", map[string][]string{"vWA": {"14", "16"}}), nsor.SampleMeta{})
	problem(t, "a reference profile as a crime scene", err, http.StatusUnprocessableEntity, "sample.purpose")
	_, err = e.login(c.io2).AttachRequestSample(e.ctx, req.ID, sid, nsor.PurposeTenprint, nsor.FormatANSINIST, tenprint, nsor.SampleMeta{})
	problem(t, "another officer", err, http.StatusNotFound, "request.not_found")
	act(t, e, io, req.ID, "submit", map[string]any{})
	_, err = io.AttachRequestSample(e.ctx, req.ID, sid, nsor.PurposeTenprint, nsor.FormatISO2011, tpl, nsor.SampleMeta{})
	problem(t, "after submission", err, http.StatusConflict, "request.wrong_state")

	list, err := dpp.RequestSamples(e.ctx, req.ID)
	if err != nil || len(list) != 1 || list[0].SHA256 != rs.SHA256 || list[0].Format != nsor.FormatANSINIST {
		t.Errorf("the prosecutor's list: %+v, %v", list, err)
	}
	v, err := dpp.Request(e.ctx, req.ID)
	if err != nil || len(v.Samples) != 1 {
		t.Errorf("the prosecutor's view lists %d samples (%v)", len(v.Samples), err)
	}
	_, err = dpp.Do(e.ctx, http.MethodGet, "/api/v1/requests/"+itoa(req.ID)+"/samples/"+rs.SHA256+"/data", nil, nil)
	problem(t, "the prosecutor downloads", err, http.StatusNotFound, "sample.not_found")
}

// tourSamples calls every sample operation with success for
// TestOpenAPITour: the registrar's upload and reads, the officer's
// attachment, the list, and the assigned analyst's download.
func tourSamples(t *testing.T, e *env, c *cast) {
	reg, io, dpp, a1 := e.login(c.registrar1), e.login(c.io1), e.login(c.dpp), e.login(c.analyst1)
	tpl, err := biosample.SyntheticTemplate(nsor.FormatANSI2004, 21, 3)
	if err != nil {
		t.Fatal(err)
	}
	up, err := reg.UploadSample(e.ctx, nsor.BiometricFingerprint, nsor.FormatANSI2004, tpl, nsor.SampleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	tourDo(t, e, reg, http.MethodGet, "/api/v1/register/samples/"+up.SHA256+"?purpose=maintenance", nil, nil)
	tourDo(t, e, reg, http.MethodGet, "/api/v1/register/samples/"+up.SHA256+"/data?purpose=maintenance", nil, nil)
	in := firInput(e)
	in.Number = "4418"
	fir, err := io.CreateFIR(e.ctx, in, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.PutFIRCopy(e.ctx, fir.ID, samplePDF); err != nil {
		t.Fatal(err)
	}
	req, err := io.CreateRequest(e.ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID},
		Grounds: "Named by the victim; prior record needed (synthetic).", Declaration: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	scene := biosample.SyntheticProfile("crime_scene", map[string][]string{"vWA": {"14", "16", "17"}, "TH01": {"6", "9.3"}})
	rs, err := io.AttachRequestSample(e.ctx, req.ID, req.Suspects[0].ID, nsor.PurposeCrimeScene, nsor.FormatDNAProfile, scene, nsor.SampleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.RequestSamples(e.ctx, req.ID); err != nil {
		t.Fatal(err)
	}
	tourAct(t, e, io, req.ID, "submit", map[string]any{})
	tourAct(t, e, dpp, req.ID, "forward", map[string]any{"checklist": tourChecklist(true)})
	tourAct(t, e, a1, req.ID, "assign", map[string]any{})
	tourDo(t, e, a1, http.MethodGet, "/api/v1/requests/"+itoa(req.ID)+"/samples/"+rs.SHA256+"/data", nil, nil)
}
