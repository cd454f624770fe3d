package ui_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"nsor"
	"nsor/internal/biofake"
)

// bioWorld is the demo's world with a fingerprint index, a register record
// holding a stored tenprint, and that tenprint attached to the forwarded
// request for a suspect whose name search does not show the record.
type bioWorld struct {
	*env
	reqID, suspectID, recordID int64
	ref                        string
}

func newBioWorld(t *testing.T) *bioWorld {
	t.Helper()
	fp := biofake.NewFingerprints(61.5, "finger 1 (right thumb) score 61.5, false-match rate 4.3e-05. A lead for an examiner, not an identification.")
	e, seed := newDemoEnvDeps(t, func(d *nsor.Deps) { d.Fingerprints = fp })
	ctx, db, clock, svc := e.ctx, e.db, e.clock, e.svc
	w := &bioWorld{env: e, reqID: seed.Requests[nsor.StateForwarded][0], recordID: seed.Records[0]}
	r := e.request(w.reqID)
	w.suspectID = r.Suspects[len(r.Suspects)-1].ID
	ten := []byte("synthetic tenprint of the pages' test")
	sum := sha256.Sum256(ten)
	sha := hex.EncodeToString(sum[:])
	w.ref = nsor.SampleRef(sha)
	reg1, reg2 := seed.Actor("registrar1"), seed.Actor("registrar2")
	if err := db.Update(ctx, func(tx nsor.Tx) error {
		if err := tx.PutBlob(&nsor.Blob{BlobRef: nsor.BlobRef{SHA256: sha, Type: "application/octet-stream", Size: int64(len(ten))}, Data: ten}); err != nil {
			return err
		}
		if err := tx.PutSample(&nsor.Sample{SHA256: sha, Kind: "fingerprint", Format: nsor.FormatISO2005, Size: int64(len(ten)), UploadedBy: reg1.ID(), UploadedAt: clock.Now()}); err != nil {
			return err
		}
		return tx.AddRequestSample(&nsor.RequestSample{RequestID: w.reqID, SuspectID: w.suspectID, SHA256: sha, Kind: "fingerprint",
			Purpose: nsor.PurposeTenprint, AddedBy: r.IOUserID, AddedAt: clock.Now()})
	}); err != nil {
		t.Fatal(err)
	}
	o, _, err := svc.Record(ctx, reg1, w.recordID, "maintenance")
	if err != nil {
		t.Fatal(err)
	}
	rec := o.Record
	in := nsor.RecordInput{Name: rec.Name, Aliases: rec.Aliases, Parentage: rec.Parentage, CNIC: string(rec.CNIC),
		Gender: string(rec.Gender), DOB: string(rec.DOB), BirthPlace: rec.BirthPlace, Description: rec.Description, Marks: rec.Marks,
		Biometrics:  append(rec.Biometrics, nsor.Biometric{Kind: "fingerprint", Reference: w.ref, Provenance: "PFSA (synthetic)"}),
		Convictions: rec.Convictions, Addresses: rec.Addresses, Referrals: rec.Referrals}
	v, _, err := svc.ProposeChange(ctx, reg1, w.recordID, &in, false, "Tenprint received (synthetic).")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CheckChange(ctx, reg2, w.recordID, v.N, true, "Checked (synthetic)."); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.BuildBiometricIndex(ctx); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *bioWorld) path() string { return "/bureau/requests/" + idStr(w.reqID) }

// TestBureauBiometricPages: the assigned analyst searches with the
// attached tenprint and sees the record as a lead, not an identification;
// another analyst is refused the search, but records the examiner's
// comparison; only then is a biometric basis offered in the answer form,
// naming that comparison; in English and Urdu.
func TestBureauBiometricPages(t *testing.T) {
	w := newBioWorld(t)
	a1, a2 := w.as("analyst1"), w.as("analyst2")
	sid := idStr(w.suspectID)
	p := a1.get(w.path())
	okPage(t, "the request page", p)
	if !p.has(`action="/bureau/requests/`+idStr(w.reqID)+`/biometric-search"`) || !p.has("Biometric search") {
		t.Fatalf("the analyst's page lacks the biometric search form")
	}
	if p.has(`name="comparison_id.`+sid+`"`) || p.has(`action="/bureau/requests/`+idStr(w.reqID)+`/comparisons"`) {
		t.Errorf("the answering analyst is offered a biometric basis or the examiner's form before any comparison")
	}
	p = a1.post(w.path()+"/biometric-search", url.Values{"suspect_id": {sid}, "kind": {"fingerprint"}})
	okPage(t, "the fingerprint search", p)
	for _, want := range []string{"1 biometric candidate(s)", "A lead, not an identification", "Record " + idStr(w.recordID), w.ref, "not an identification"} {
		if !p.has(want) {
			t.Errorf("the search's page lacks %q", want)
		}
	}
	// Another analyst may not search this request, and the refusal says so.
	p = a2.post(w.path()+"/biometric-search", url.Values{"suspect_id": {sid}, "kind": {"fingerprint"}})
	if p.Status != http.StatusForbidden || !p.has(`class="summary"`) {
		t.Errorf("another analyst's search: status %d", p.Status)
	}
	// The examiner's page offers the comparison form; a refused one comes
	// back with the message, writing nothing.
	p = a2.get(w.path())
	okPage(t, "the examiner's page", p)
	if !p.has(`action="/bureau/requests/` + idStr(w.reqID) + `/comparisons"`) {
		t.Fatalf("the examiner's page lacks the comparison form")
	}
	form := url.Values{"suspect_id": {sid}, "record_id": {idStr(w.recordID)}, "kind": {"fingerprint"}, "record_ref": {w.ref},
		"fingers": {"1, 2, 7"}, "conclusion": {"identification"}, "comparison_note": {"Agreement on three fingers (synthetic)."}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("fingers", "1, 11")
	if p = a2.post(w.path()+"/comparisons", bad); p.Status != http.StatusUnprocessableEntity || !p.has("positions 1 to 10") {
		t.Errorf("a refused comparison: status %d", p.Status)
	}
	if p = a2.post(w.path()+"/comparisons", form); p.Status != http.StatusSeeOther {
		t.Fatalf("the comparison: status %d\n%s", p.Status, p.Body)
	}
	p = a1.get(w.path())
	okPage(t, "the page after the comparison", p)
	if !p.has(`name="comparison_id.`+sid+`"`) || !p.has(`<option value="biometric"`) || !p.has("Examiners&#39; comparisons") {
		t.Errorf("after an identification the answer form offers no biometric basis")
	}
	a1.lang = "ur"
	p = a1.get(w.path())
	okPage(t, "the Urdu page", p)
	for _, want := range []string{"بایومیٹرک تلاش", "معائنہ کاروں کے موازنے"} {
		if !p.has(want) {
			t.Errorf("the Urdu page lacks %q", want)
		}
	}
	if strings.Contains(p.Body, "biometric.") && rawBio.MatchString(p.Body) {
		t.Errorf("the Urdu page shows a raw key: %s", rawBio.FindString(p.Body))
	}
}

var rawBio = regexp.MustCompile(`>\s*biometric\.[a-z_.]+\s*<`)
