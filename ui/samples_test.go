package ui_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"nsor"
	"nsor/fingerprint/synth"
)

// rawSampleKey finds a samples.* message key shown in place of its text.
var rawSampleKey = regexp.MustCompile(`>\s*samples\.[a-z_.0-9]+\s*<`)

// samplePage fails unless p has status and none of the samples catalogue's
// keys left untranslated.
func samplePage(t *testing.T, what string, p page, status int) {
	t.Helper()
	if p.Status != status {
		t.Fatalf("%s: status %d, want %d:\n%s", what, p.Status, status, p.Body)
	}
	if m := rawSampleKey.FindString(p.Body); m != "" {
		t.Errorf("%s shows an untranslated key %s", what, m)
	}
}

// synthTenprint is a synthetic ISO/IEC 19794-2:2005 record of ten fingers.
func synthTenprint(t *testing.T, seed uint64) []byte {
	t.Helper()
	b, err := synth.Record(synth.Tenprint(rand.New(rand.NewPCG(seed, 0x5a))))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// synthProfile is a synthetic DNA profile of four loci (partial).
func synthProfile(typ string) []byte {
	return []byte(`{"type": "` + typ + `", "loci": {"D3S1358": ["15", "16"], "vWA": ["14", "17"], "FGA": ["21", "24"], "TH01": ["6", "9.3"]}}`)
}

func shaOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// stored reports whether a sample of these bytes is stored: its
// description or its blob.
func (e *env) stored(data []byte) bool {
	e.t.Helper()
	sha := shaOf(data)
	found := false
	if err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		_, serr := tx.Sample(sha)
		_, berr := tx.Blob(sha)
		for _, err := range []error{serr, berr} {
			switch {
			case err == nil:
				found = true
			case nsor.KindOf(err) != nsor.KindNotFound:
				return err
			}
		}
		return nil
	}); err != nil {
		e.t.Fatal(err)
	}
	return found
}

func (b *browser) uploadSample(kind, format, filename string, data []byte, more url.Values) page {
	b.e.t.Helper()
	f := url.Values{"format": {format}}
	for k, v := range more {
		f[k] = v
	}
	return b.upload("/registrar/samples/new?kind="+kind, f, "file", filename, data)
}

// TestRegistrarSampleUpload: the upload form offers only the chosen
// kind's formats; a tenprint and a DNA profile are stored and described
// with their reference; each refusal (another kind's format, the format
// the data is not in, truncated, over the format's limit, over the form's
// limit, no file, a position a template states itself) comes back beside
// its field, in the page's language, and stores nothing.
func TestRegistrarSampleUpload(t *testing.T) {
	e := newEnv(t)
	reg, _, _, _ := registrars(t, e)
	p := reg.get("/registrar/samples/new")
	samplePage(t, "upload form", p, http.StatusOK)
	if !p.has(`<option value="iso-19794-2-2005"`) || !p.has(`<option value="wsq"`) || p.has(`<option value="dna-profile"`) || !p.has(`id="f-position"`) {
		t.Errorf("the fingerprint form's formats:\n%s", p.Body)
	}
	if p := reg.get("/registrar/samples/new?kind=dna"); !p.has(`<option value="dna-profile"`) || p.has(`<option value="png"`) || !p.has(`id="f-sample_type"`) || p.has(`id="f-ppi"`) {
		t.Errorf("the DNA form's formats:\n%s", p.Body)
	}

	ten := synthTenprint(t, 1)
	p = reg.uploadSample("fingerprint", nsor.FormatISO2005, "ten.iso", ten, nil)
	samplePage(t, "tenprint stored", p, http.StatusOK)
	ref := nsor.SampleRef(shaOf(ten))
	if !p.has(`<code class="sha" id="sample-ref">`+ref+`</code>`) || strings.Count(p.Body, `<td data-label="Finger">`) != 10 || !p.has("1 (right thumb)") || !p.has("10 (left little)") {
		t.Errorf("the stored tenprint's description lacks its reference or its ten fingers:\n%s", p.Body)
	}
	if !e.stored(ten) {
		t.Fatal("the tenprint is not stored")
	}
	prof := synthProfile("reference")
	p = reg.uploadSample("dna", nsor.FormatDNAProfile, "p.json", prof, nil)
	samplePage(t, "profile stored", p, http.StatusOK)
	if !p.has("<dt>Loci typed</dt><dd>4</dd>") || !p.has("partial: a core (CODIS 20) locus is missing") || !p.has("Reference (taken from a person)") {
		t.Errorf("the stored profile's description:\n%s", p.Body)
	}

	big := append(bytes.Clone(ten), make([]byte, nsor.MaxTemplateSize)...)
	for _, c := range []struct {
		name, kind, format string
		data               []byte
		more               url.Values
		status             int
		field, text        string
	}{
		{"another kind's format", "fingerprint", nsor.FormatDNAProfile, synthTenprint(t, 2), nil, http.StatusUnprocessableEntity, "f-format-err", "not one of this kind"},
		{"the data in another format", "fingerprint", nsor.FormatANSI2004, synthTenprint(t, 3), nil, http.StatusUnprocessableEntity, "f-file-err", "in another format than the one named"},
		{"truncated", "fingerprint", nsor.FormatISO2005, synthTenprint(t, 4)[:200], nil, http.StatusUnprocessableEntity, "f-file-err", "ends before its fields say"},
		{"over the format's limit", "fingerprint", nsor.FormatISO2005, big, nil, http.StatusUnprocessableEntity, "f-file-err", "over its format&#39;s limit"},
		{"over the form's limit", "dna", nsor.FormatDNAProfile, append(synthProfile("crime_scene"), make([]byte, nsor.MaxTemplateSize+1)...), nil, http.StatusUnprocessableEntity, "f-file-err", "over its format&#39;s limit"},
		{"no file", "fingerprint", nsor.FormatISO2005, nil, nil, http.StatusUnprocessableEntity, "f-file-err", "choose a file"},
		{"a position for a template", "fingerprint", nsor.FormatISO2005, synthTenprint(t, 5), url.Values{"position": {"2"}}, http.StatusUnprocessableEntity, "f-position-err", ""},
	} {
		p := reg.uploadSample(c.kind, c.format, "s.bin", c.data, c.more)
		if p.Status == http.StatusOK || !p.has(`id="`+c.field+`"`) || !p.has(c.text) || !p.has(`href="#`+strings.TrimSuffix(c.field, "-err")+`"`) {
			t.Errorf("%s: %d, want the message beside %s:\n%s", c.name, p.Status, c.field, p.Body)
		}
		if c.data != nil && e.stored(c.data) {
			t.Errorf("%s: refused, yet stored", c.name)
		}
	}
	reg.lang = "ur"
	p = reg.uploadSample("fingerprint", nsor.FormatISO2005, "s.bin", synthTenprint(t, 6)[:200], nil)
	if p.Status == http.StatusOK || !p.has(`id="f-file-err"`) || !p.has(`lang="ur"`) || strings.Contains(p.Body, "ends before its fields say") {
		t.Errorf("the Urdu refusal is not in Urdu:\n%s", p.Body)
	}
}

// TestRegistrarSampleInRecord: the uploaded sample's reference goes into
// a record's biometrics on the correction page, through the ordinary
// maker-checker change; a reference to a sample of the other kind is
// refused beside the row's reference and proposes nothing; the record's
// page lists the biometric with a link to the stored sample's
// description, read for the record read's purpose.
func TestRegistrarSampleInRecord(t *testing.T) {
	e := newEnv(t)
	maker, _, mu, cu := registrars(t, e)
	ten := synthTenprint(t, 7)
	samplePage(t, "upload", maker.uploadSample("fingerprint", nsor.FormatISO2005, "ten.iso", ten, nil), http.StatusOK)
	sha := shaOf(ten)
	id := activeRecord(t, e, fullRecord(), cu, mu)
	base := "/registrar/records/" + idStr(id) + "/change"
	purpose := "Adding the tenprint received"
	p := maker.get(base + "?purpose=" + url.QueryEscape(purpose))
	okPage(t, "change form", p)
	if !p.has(`name="biometrics[2].reference"`) || p.has(`name="biometrics[3].reference"`) {
		t.Fatalf("the form does not offer exactly one empty biometric row after the record's two:\n%s", p.Body)
	}
	f := formValues(t, p.Body, base)
	f.Set("action", "correct")
	f.Set("reason", "Tenprint from PFSA (synthetic).")
	f.Set("biometrics[2].kind", "dna") // the wrong kind first
	f.Set("biometrics[2].reference", nsor.SampleRef(sha))
	f.Set("biometrics[2].provenance", "PFSA Lahore (synthetic)")
	p = maker.post(base, f)
	if p.Status == http.StatusOK || !p.has(`id="f-biometrics[2].reference-err"`) || !p.has(`value="`+nsor.SampleRef(sha)+`"`) {
		t.Fatalf("a reference of the other kind: %d\n%s", p.Status, p.Body)
	}
	if got := pending(t, e, cu); len(got) != 0 {
		t.Fatalf("a refused correction wrote %d changes", len(got))
	}
	f.Set("biometrics[2].kind", "fingerprint")
	okPage(t, "correction", maker.post(base, f))
	got := pending(t, e, cu)
	if len(got) != 1 || len(got[0].Record.Biometrics) != 3 || got[0].Record.Biometrics[2].Reference != nsor.SampleRef(sha) {
		t.Fatalf("pending = %+v", got)
	}
	if _, err := e.svc.CheckChange(e.ctx, e.actor(cu), id, got[0].N, true, "Checked."); err != nil {
		t.Fatal(err)
	}
	rp := maker.get("/registrar/records/" + idStr(id) + "?purpose=" + url.QueryEscape(purpose))
	okPage(t, "record page", rp)
	link := `href="/registrar/samples/` + sha + `?purpose=` + strings.ReplaceAll(url.QueryEscape(purpose), "+", "%20") + `"`
	if !rp.has(link) || !rp.has("PFSA-FP-2019-0091") {
		t.Fatalf("the record page lacks the biometrics or the sample's link %s:\n%s", link, rp.Body)
	}
	d := maker.get("/registrar/samples/" + sha + "?purpose=" + url.QueryEscape(purpose))
	samplePage(t, "sample description", d, http.StatusOK)
	if !d.has(nsor.SampleRef(sha)) || strings.Count(d.Body, `<td data-label="Finger">`) != 10 {
		t.Errorf("the sample's page:\n%s", d.Body)
	}
	if d := maker.get("/registrar/samples/" + sha); !d.has(`name="purpose"`) || d.has(nsor.SampleRef(sha)) {
		t.Errorf("the sample's page shows it before the purpose:\n%s", d.Body)
	}
}

// TestRegistrarSampleIntoRecord: the stored sample's page takes the
// registrar to a record's correction, or a new record, with the sample
// already in a biometric row, so that a 71-character reference is never
// copied by hand; the correction is proposed and checked as any other. A
// bad record number is refused and sends nowhere; a reference that names
// no stored sample, or one the record already holds, adds no row; an
// officer is answered "not found".
func TestRegistrarSampleIntoRecord(t *testing.T) {
	e := newEnv(t)
	maker, _, mu, cu := registrars(t, e)
	ten := synthTenprint(t, 10)
	ref := nsor.SampleRef(shaOf(ten))
	up := maker.uploadSample("fingerprint", nsor.FormatISO2005, "ten.iso", ten, nil)
	samplePage(t, "upload", up, http.StatusOK)
	add := url.Values{"add_kind": {"fingerprint"}, "add_sample": {ref}}
	if !up.has(`action="/registrar/records/attach"`) || !up.has(`name="add_sample" value="`+ref+`"`) ||
		!up.has(`href="/registrar/records/new?add_kind=fingerprint&amp;add_sample=sha256%3a`+shaOf(ten)+`"`) {
		t.Fatalf("the stored sample's page offers no way into a record:\n%s", up.Body)
	}
	id := activeRecord(t, e, fullRecord(), cu, mu)
	base := "/registrar/records/" + idStr(id) + "/change"
	p := maker.get("/registrar/records/attach?record=" + idStr(id) + "&" + add.Encode())
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != base+"?"+add.Encode() {
		t.Fatalf("into record %d: %d to %q, want 303 to %s?%s", id, p.Status, p.Header.Get("Location"), base, add.Encode())
	}
	p = maker.get(base + "?" + add.Encode())
	okPage(t, "purpose form", p)
	if !p.has(`name="add_sample" value="`+ref+`"`) || p.has("PFSA-FP-2019-0091") {
		t.Fatalf("the purpose form does not carry the sample on, or shows the record unread:\n%s", p.Body)
	}
	purpose := "Adding the tenprint received"
	add.Set("purpose", purpose)
	p = maker.get(base + "?" + add.Encode())
	okPage(t, "change form", p)
	f := formValues(t, p.Body, base)
	if f.Get("biometrics[2].reference") != ref || f.Get("biometrics[2].kind") != "fingerprint" || f.Get("biometrics[0].reference") != "PFSA-FP-2019-0091" {
		t.Fatalf("the change form's biometric rows: %v", f)
	}
	f.Set("action", "correct")
	f.Set("reason", "Tenprint from PFSA (synthetic).")
	// Where the sample came from is the registrar's to say.
	if p := maker.post(base, f); p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-biometrics[2]"><p class="error-msg"`) || len(pending(t, e, cu)) != 0 {
		t.Fatalf("a row without its provenance: %d, %d pending\n%s", p.Status, len(pending(t, e, cu)), p.Body)
	}
	f.Set("biometrics[2].provenance", "PFSA Lahore (synthetic)")
	okPage(t, "correction", maker.post(base, f))
	got := pending(t, e, cu)
	if len(got) != 1 || len(got[0].Record.Biometrics) != 3 || got[0].Record.Biometrics[2].Reference != ref {
		t.Fatalf("pending = %+v", got)
	}
	if _, err := e.svc.CheckChange(e.ctx, e.actor(cu), id, got[0].N, true, "Checked."); err != nil {
		t.Fatal(err)
	}
	// The record holds it now: the same link adds no second row.
	if f := formValues(t, maker.get(base+"?"+add.Encode()).Body, base); f.Get("biometrics[3].reference") != "" || f.Get("biometrics[2].reference") != ref {
		t.Errorf("a sample the record holds was added again: %v", f)
	}
	// A laboratory's reference names no stored sample: no row.
	lab := url.Values{"add_kind": {"fingerprint"}, "add_sample": {"PFSA-FP-2020-0001"}, "purpose": {purpose}}
	if f := formValues(t, maker.get(base+"?"+lab.Encode()).Body, base); f.Get("biometrics[3].reference") != "" {
		t.Errorf("a reference naming no stored sample was added: %v", f)
	}
	nf := formValues(t, maker.get("/registrar/records/new?add_kind=fingerprint&add_sample="+ref).Body, "/registrar/records/new")
	if nf.Get("biometrics[0].reference") != ref || nf.Get("biometrics[0].kind") != "fingerprint" {
		t.Errorf("the new record's form: %v", nf)
	}
	for _, bad := range []string{"", "abc", "0", "-3"} {
		p := maker.get("/registrar/records/attach?record=" + url.QueryEscape(bad) + "&" + add.Encode())
		if p.Status != http.StatusUnprocessableEntity || p.Header.Get("Location") != "" || !p.has("Write the record&#39;s number") {
			t.Errorf("record number %q: %d to %q\n%s", bad, p.Status, p.Header.Get("Location"), p.Body)
		}
	}
	// A link from another site: the redirect is harmless, and the record's
	// page it leads to is refused as any register page opened from elsewhere,
	// so no one else's link can put a sample into a registrar's correction.
	req, _ := http.NewRequestWithContext(e.ctx, http.MethodGet, e.srv.URL+base+"?"+add.Encode(), nil)
	if p := maker.do(req, "cross-site"); p.Status != http.StatusForbidden || p.has(ref) {
		t.Errorf("the correction with a sample, opened from another site: %d\n%s", p.Status, p.Body)
	}
	io := e.browser()
	io.signIn(e.user("io1", nsor.RoleIO, "PB-LHR-LHR"))
	if p := io.get("/registrar/records/attach?record=" + idStr(id) + "&" + add.Encode()); p.Status != http.StatusNotFound {
		t.Errorf("an officer into a record: %d to %q", p.Status, p.Header.Get("Location"))
	}
}

// TestRegistrarSamplePagesRefused: an officer reaching the registrar's
// sample pages is answered "not found" or refused, and nothing is stored.
func TestRegistrarSamplePagesRefused(t *testing.T) {
	e := newEnv(t)
	reg, _, _, _ := registrars(t, e)
	ten := synthTenprint(t, 8)
	samplePage(t, "upload", reg.uploadSample("fingerprint", nsor.FormatISO2005, "ten.iso", ten, nil), http.StatusOK)
	io := e.browser()
	io.signIn(e.user("io1", nsor.RoleIO, "PB-LHR-LHR"))
	if p := io.get("/registrar/samples/new"); p.Status != http.StatusNotFound {
		t.Errorf("an officer's upload form: %d", p.Status)
	}
	other := synthTenprint(t, 9)
	if p := io.uploadSample("fingerprint", nsor.FormatISO2005, "ten.iso", other, nil); p.Status != http.StatusForbidden {
		t.Errorf("an officer's upload: %d\n%s", p.Status, p.Body)
	}
	if e.stored(other) {
		t.Error("an officer's upload was stored")
	}
	if p := io.get("/registrar/samples/" + shaOf(ten)); p.Status != http.StatusNotFound {
		t.Errorf("an officer's purpose form of a sample: %d", p.Status)
	}
	if p := io.get("/registrar/samples/" + shaOf(ten) + "?purpose=curious"); p.Status == http.StatusOK || p.has(nsor.SampleRef(shaOf(ten))) {
		t.Errorf("an officer read a sample's description: %d\n%s", p.Status, p.Body)
	}
}

// attachState is what an attachment may change: the request's attached
// samples and its version.
func (e *env) attachState(id int64) string {
	e.t.Helper()
	var n int
	if err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		rss, err := tx.RequestSamples(id)
		n = len(rss)
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	return fmt.Sprintf("%d samples, version %d", n, e.request(id).Version)
}

func attachPath(id, sid int64, purpose string) string {
	return fmt.Sprintf("/officer/requests/%d/suspects/%d/samples?purpose=%s", id, sid, purpose)
}

// TestOfficerAttachSample: on a draft request's page the officer attaches
// a suspect's tenprint and a crime-scene profile, listed under the
// suspect; each refusal (the data not in the format named, truncated, over
// the format's limit, over the form's limit, a reference profile as a
// crime-scene one, no file) comes back beside the suspect's form, in the
// page's language, attaching nothing; after the submission the forms are
// gone, the list stays, an attachment is refused, and the prosecutor sees
// the samples with their whole SHA-256; an officer of another district and
// a prosecutor are refused.
func TestOfficerAttachSample(t *testing.T) {
	e, seed := newDemoEnv(t)
	id := seed.Requests[nsor.StateDraft][0]
	r := e.request(id)
	io := e.as(e.userByID(r.IOUserID))
	sid := r.Suspects[0].ID
	path := "/officer/requests/" + idStr(id)
	p := io.get(path)
	okPage(t, "draft request", p)
	for _, s := range r.Suspects {
		if !p.has(`action="`+attachPath(id, s.ID, "tenprint")+`"`) || !p.has(`action="`+attachPath(id, s.ID, "crime_scene")+`"`) {
			t.Fatalf("no attach forms for suspect %d:\n%s", s.ID, p.Body)
		}
	}
	tp := sampleFieldName("tenprint", sid)
	ten := synthTenprint(t, 10)
	before := e.attachState(id)
	a := io.upload(attachPath(id, sid, "tenprint"), url.Values{tp + "format": {nsor.FormatISO2005}}, tp+"file", "ten.iso", ten)
	if a.Status != http.StatusSeeOther || a.Header.Get("Location") != fmt.Sprintf("%s#samples-%d", path, sid) {
		t.Fatalf("attach a tenprint: %d %s\n%s", a.Status, a.Header.Get("Location"), a.Body)
	}
	if after := e.attachState(id); after == before {
		t.Fatalf("the tenprint attached nothing: %s", after)
	}
	cs := sampleFieldName("crime_scene", sid)
	if a := io.upload(attachPath(id, sid, "crime_scene"), nil, cs+"file", "p.json", synthProfile("crime_scene")); a.Status != http.StatusSeeOther {
		t.Fatalf("attach a crime-scene profile: %d\n%s", a.Status, a.Body)
	}
	p = io.get(path)
	okPage(t, "request with samples", p)
	if !p.has("The sample was attached.") || !p.has(shaOf(ten)[:12]+"…") || !p.has("<code>iso-19794-2-2005</code>") ||
		!p.has("Suspect&#39;s tenprint") || !p.has("Crime-scene DNA profile") || p.has(shaOf(ten)+"<") {
		t.Errorf("the attached samples are not listed (kind, purpose, format, short SHA-256):\n%s", p.Body)
	}

	// The same tenprint again: refused beside the suspect's form.
	before = e.attachState(id)
	a = io.upload(attachPath(id, sid, "tenprint"), url.Values{tp + "format": {nsor.FormatISO2005}}, tp+"file", "ten.iso", ten)
	if a.Status != http.StatusConflict || !a.has(`id="f-`+tp+`file-err"`) || !a.has("attached to this suspect for this purpose already") {
		t.Errorf("the same tenprint again: %d\n%s", a.Status, a.Body)
	}
	if after := e.attachState(id); after != before {
		t.Errorf("the same tenprint again: %s became %s", before, after)
	}
	for _, c := range []struct {
		name, purpose, format string
		data                  []byte
		field, text           string
	}{
		{"the data in another format", "tenprint", nsor.FormatANSI2009, synthTenprint(t, 11), "file", "in another format than the one named"},
		{"truncated", "tenprint", nsor.FormatISO2005, synthTenprint(t, 12)[:150], "file", "ends before its fields say"},
		{"over the format's limit", "tenprint", nsor.FormatISO2005, append(synthTenprint(t, 13), make([]byte, nsor.MaxTemplateSize)...), "file", "over its format&#39;s limit"},
		{"over the form's limit", "crime_scene", "", append(synthProfile("crime_scene"), make([]byte, nsor.MaxTemplateSize+1)...), "file", "over its format&#39;s limit"},
		{"a reference profile", "crime_scene", "", synthProfile("reference"), "file", ""},
		{"no file", "tenprint", nsor.FormatISO2005, nil, "file", "choose a file"},
	} {
		before := e.attachState(id)
		pre := sampleFieldName(c.purpose, sid)
		p := io.upload(attachPath(id, sid, c.purpose), url.Values{pre + "format": {c.format}}, pre+"file", "s.bin", c.data)
		anchor := "f-" + pre + c.field
		if p.Status == http.StatusSeeOther || p.Status == http.StatusOK || !p.has(`id="`+anchor+`-err"`) || !p.has(c.text) || !p.has(`href="#`+anchor+`"`) {
			t.Errorf("%s: %d, want the message beside %s:\n%s", c.name, p.Status, anchor, p.Body)
		}
		if !p.has("<details open><summary>") {
			t.Errorf("%s: the refused form is not open", c.name)
		}
		if after := e.attachState(id); after != before {
			t.Errorf("%s: refused, yet %s became %s", c.name, before, after)
		}
		if c.data != nil && e.stored(c.data) {
			t.Errorf("%s: refused, yet stored", c.name)
		}
	}
	io.lang = "ur"
	p = io.upload(attachPath(id, sid, "tenprint"), url.Values{tp + "format": {nsor.FormatISO2005}}, tp+"file", "s.bin", synthTenprint(t, 14)[:150])
	if !p.has(`id="f-`+tp+`file-err"`) || !p.has(`lang="ur"`) || p.has("ends before its fields say") {
		t.Errorf("the Urdu refusal is not in Urdu:\n%s", p.Body)
	}
	io.lang = ""

	// Others: an officer of another district, a prosecutor.
	for _, who := range []string{"io.rawalpindi1", "dpp.lahore1"} {
		before := e.attachState(id)
		b := e.as(who)
		other := synthTenprint(t, 15)
		p := b.upload(attachPath(id, sid, "tenprint"), url.Values{tp + "format": {nsor.FormatISO2005}}, tp+"file", "ten.iso", other)
		if p.Status != http.StatusNotFound && p.Status != http.StatusForbidden {
			t.Errorf("%s attached: %d\n%s", who, p.Status, p.Body)
		}
		if after := e.attachState(id); after != before || e.stored(other) {
			t.Errorf("%s's attachment wrote: %s became %s", who, before, after)
		}
	}

	// Submitted: the forms are gone, the list stays, an attachment is refused.
	if s := io.post(path+"/submit", url.Values{"version": {fmt.Sprint(e.request(id).Version)}}); s.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", s.Status, s.Body)
	}
	p = io.get(path)
	okPage(t, "submitted request", p)
	if p.has(`?purpose=tenprint"`) || !p.has(shaOf(ten)[:12]+"…") {
		t.Errorf("after the submission the forms stay or the list goes:\n%s", p.Body)
	}
	before = e.attachState(id)
	late := synthTenprint(t, 16)
	p = io.upload(attachPath(id, sid, "tenprint"), url.Values{tp + "format": {nsor.FormatISO2005}}, tp+"file", "ten.iso", late)
	if p.Status == http.StatusSeeOther || !p.has(`class="summary"`) || !p.has("no longer at a step") || p.has(`href="#f-`+tp) {
		t.Errorf("an attachment after the submission: %d\n%s", p.Status, p.Body)
	}
	if after := e.attachState(id); after != before || e.stored(late) {
		t.Errorf("the late attachment wrote: %s became %s", before, after)
	}
	dpp := e.as("dpp.lahore1")
	d := dpp.get("/prosecutor/requests/" + idStr(id))
	okPage(t, "prosecutor's request", d)
	if !d.has(`<code class="sha" title="`+shaOf(ten)+`">`+shaOf(ten)+`</code>`) || !d.has("Crime-scene DNA profile") {
		t.Errorf("the prosecutor's page does not list the samples with their SHA-256:\n%s", d.Body)
	}
	if d.has(`/suspects/`) {
		t.Errorf("the prosecutor's page offers an attach form")
	}
}

// sampleFieldName is the prefix of the attach form's fields (ui.sampleField).
func sampleFieldName(purpose string, sid int64) string { return fmt.Sprintf("%s.%d.", purpose, sid) }

// TestPageWeightSamplePages: the pages of this part over the demo's
// world, in English and Urdu, within the 100 KB of HTML and CSS
// compressed that TestPageWeightMainPages holds each role's main page to:
// the upload form, a record's correction form with every row of its lists,
// the officer's draft request with the attach forms of each suspect, the
// prosecutor's request with its attached samples (the demo's forwarded
// request: a tenprint and a crime-scene profile).
func TestPageWeightSamplePages(t *testing.T) {
	e, seed := newDemoEnv(t)
	draft := e.request(seed.Requests[nsor.StateDraft][0])
	fwd := seed.Requests[nsor.StateForwarded][0]
	pages := []struct{ user, path string }{
		{"registrar1", "/registrar/samples/new"},
		{"registrar1", "/registrar/samples/new?kind=dna"},
		{"registrar1", "/registrar/records/" + idStr(seed.Records[0]) + "/change?purpose=Weighing+the+page"},
		{e.userByID(draft.IOUserID), "/officer/requests/" + idStr(draft.ID)},
		{"dpp.lahore1", "/prosecutor/requests/" + idStr(fwd)},
	}
	for _, m := range pages {
		for _, lang := range []string{"en", "ur"} {
			weighPage(t, e.as(m.user), m.user, m.path, lang)
		}
	}
}
