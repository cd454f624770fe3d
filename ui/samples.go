package ui

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"nsor"
)

// The biometric sample pages: a registrar uploads a sample and reads a
// stored one's description; an investigating officer attaches a suspect's
// tenprint or a crime-scene DNA profile to a draft or returned request;
// the officer's and the prosecutor's request pages list what is attached
// (never the data). Every page calls the service methods the API calls
// (UploadSample, Sample, AttachRequestSample, RequestSamples), so each
// rule, refusal and audit record is theirs.
func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /registrar/samples/new", u.signedIn(u.sampleForm))
		u.mux.HandleFunc("POST /registrar/samples/new", u.signedIn(u.sampleUpload))
		u.mux.HandleFunc("GET /registrar/samples/{sha}", u.sensitive(u.sampleView, false))
		u.mux.HandleFunc("GET /registrar/records/attach", u.signedIn(u.sampleIntoRecord))
		u.mux.HandleFunc("POST /officer/requests/{id}/suspects/{sid}/samples", u.signedIn(u.attachSample))
	})
	addNav("/registrar/samples/new", "nav.registrar.samples", 25, nsor.RoleRegistrar)
	funcs["sampleSHA"] = func(ref string) string { sha, _ := nsor.ParseSampleRef(ref); return sha }
	funcs["shortSHA"] = func(sha string) string { return sha[:min(12, len(sha))] }
	funcs["fingerPositions"] = func() []int { return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10} }
	funcs["sampleFormats"] = func(kind string) []string { return nsor.SampleFormats[kind] }
	funcs["sampleField"] = sampleField
	funcs["sampleMiB"] = func(format string) int64 { return nsor.SampleLimit(format) >> 20 }
	funcs["list"] = func(s ...string) []string { return s }
}

// sampleField is the form name of field in the attach form of suspect sid
// for purpose: one form per suspect and purpose on the page, each with
// names of its own, so that a refusal shows beside the form it answers.
func sampleField(purpose string, sid int64, field string) string {
	return fmt.Sprintf("%s.%d.%s", purpose, sid, field)
}

// sampleFormData is the registrar's upload page: the form for one kind, or
// the stored sample's description after an upload.
type sampleFormData struct {
	Kind                           string
	TemplateMiB, ImageMiB, ANSIMiB int64
	Stored                         *nsor.Sample
	Ref                            string
	Purpose                        string // the read's, on a stored sample's page
}

func newSampleFormData(kind string) *sampleFormData {
	if _, ok := nsor.SampleFormats[kind]; !ok {
		kind = nsor.BiometricFingerprint
	}
	return &sampleFormData{Kind: kind}
}

// registrarOnly answers "not found" to anyone but a registrar: the upload
// form is of no use to another role, and the service would refuse the post.
func registrarOnly(c *Ctx) error {
	if c.Actor.User.Role != nsor.RoleRegistrar {
		return nsor.Errorf(nsor.KindNotFound, "ui.not_found", "There is no such page.")
	}
	return nil
}

func (u *UI) sampleForm(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := registrarOnly(c); err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "registrar_sample_new", nil, newSampleFormData(r.URL.Query().Get("kind")))
	return nil
}

// sampleUpload stores the uploaded file through UploadSample and shows
// what the service read from it and the reference a record names it by.
// A refusal is the form again with the message beside its field and
// nothing stored. The kind is in the form's address, so that the post's
// limit (the largest of the kind's formats) is known before it is read.
func (u *UI) sampleUpload(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	d := newSampleFormData(r.URL.Query().Get("kind"))
	f := NewForm(nil)
	refuse := func(err error) error {
		if !f.Refuse(c, err) {
			return err
		}
		moveSampleErrors(f, "", false, sampleFormFieldsOf(d.Kind)...)
		u.render(w, c, statusOf(nsor.KindOf(err)), "registrar_sample_new", f, d)
		return nil
	}
	up, err := readSampleForm(w, r, sampleFormLimit(d.Kind), "")
	if up != nil {
		f.Values = up.values
	}
	if err != nil {
		return refuse(err)
	}
	meta, err := up.meta("")
	if err != nil {
		return refuse(err)
	}
	sm, err := u.app.UploadSample(r.Context(), c.Actor, d.Kind, f.Get("format"), up.data, meta)
	if err != nil {
		return refuse(err)
	}
	d.Stored, d.Ref = sm, nsor.SampleRef(sm.SHA256)
	u.render(w, c, http.StatusOK, "registrar_sample", nil, d)
	return nil
}

// sampleView shows a stored sample's description to a registrar, read
// for a purpose that is asked first and recorded with the read
// (docs/rules.md#r8), as a record's page does.
func (u *UI) sampleView(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	sha := r.PathValue("sha")
	purpose := strings.TrimSpace(r.URL.Query().Get("purpose"))
	d := newSampleFormData("")
	d.Purpose = purpose
	if purpose == "" {
		if err := registrarOnly(c); err != nil {
			return err
		}
		u.render(w, c, http.StatusOK, "registrar_sample", nil, d)
		return nil
	}
	sm, err := u.app.Sample(r.Context(), c.Actor, sha, purpose)
	if err != nil {
		f := NewForm(r.URL.Query())
		if nsor.KindOf(err) != nsor.KindInvalid || !f.Refuse(c, err) {
			return err
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "registrar_sample", f, d)
		return nil
	}
	d.Stored, d.Ref = sm, nsor.SampleRef(sm.SHA256)
	u.render(w, c, http.StatusOK, "registrar_sample", nil, d)
	return nil
}

// sampleUploadForm is a posted sample form: its fields and the file's bytes.
type sampleUploadForm struct {
	values url.Values
	data   []byte
}

// readSampleForm reads a multipart sample form of at most limit bytes (the
// file and the form's fields); the file's field is prefix+"file". A post
// over the limit is refused as sample.too_large, an absent file as
// sample.empty, beside the file's field.
func readSampleForm(w http.ResponseWriter, r *http.Request, limit int64, prefix string) (*sampleUploadForm, error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if _, ok := err.(*http.MaxBytesError); ok || strings.Contains(err.Error(), "too large") {
			return nil, sampleTooLarge(limit - sampleFormFields)
		}
		return nil, nsor.Invalid("data", "sample.empty", "Choose the sample's file.")
	}
	defer r.MultipartForm.RemoveAll()
	up := &sampleUploadForm{values: url.Values(r.MultipartForm.Value)}
	file, _, err := r.FormFile(prefix + "file")
	if err != nil {
		return up, nsor.Invalid("data", "sample.empty", "Choose the sample's file.")
	}
	defer file.Close()
	// The service refuses data over its format's limit; a file over the
	// form's limit never reaches here.
	if up.data, err = io.ReadAll(io.LimitReader(file, limit)); err != nil {
		return up, nsor.Internalf(err, "reading an uploaded sample")
	}
	return up, nil
}

func sampleTooLarge(limit int64) error {
	return nsor.Invalid("data", "sample.too_large", fmt.Sprintf("A sample sent from this page is at most %d MiB.", limit>>20))
}

// meta is what the uploader stated beside the file: position and ppi
// (whole numbers; empty is not stated) and the sample type.
func (up *sampleUploadForm) meta(prefix string) (nsor.SampleMeta, error) {
	var m nsor.SampleMeta
	for _, p := range []struct {
		name string
		to   *int
	}{{"position", &m.Position}, {"ppi", &m.PPI}} {
		if v := strings.TrimSpace(up.values.Get(prefix + p.name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return m, nsor.Invalid(p.name, "sample.meta", "Write "+p.name+" as a whole number.")
			}
			*p.to = n
		}
	}
	m.SampleType = up.values.Get(prefix + "sample_type")
	return m, nil
}

// sampleFormFields is room for a sample form's fields beside its file.
const sampleFormFields = 64 << 10

// moveSampleErrors puts the service's refusals beside the sample form's
// fields (named with prefix; has lists those the form shows beside the
// file): the data's beside the file, and whatever names a field the form
// does not have (the kind, the purpose, the suspect, a sample type the
// form states itself) beside the file too, so that each refusal is at its
// form. With top, a refusal of no field (the request moved on: the form
// is gone from the page) stays at the top.
func moveSampleErrors(f *Form, prefix string, top bool, has ...string) {
	moved := map[string][]string{}
	for name, msgs := range f.Errors {
		if name == "" && top {
			moved[""] = append(moved[""], msgs...)
			continue
		}
		if !slices.Contains(has, name) {
			name = "file"
		}
		moved[prefix+name] = append(moved[prefix+name], msgs...)
	}
	f.Errors = moved
}

// sampleFormFieldsOf is the fields a sample form shows beside the file, by
// the kind it takes: an image's resolution and finger for fingerprints,
// the sample type for a DNA profile.
func sampleFormFieldsOf(kind string) []string {
	if kind == nsor.BiometricDNA {
		return []string{"format", "sample_type"}
	}
	return []string{"format", "ppi", "position"}
}

// attachSample attaches a sample to a suspect of the officer's draft or
// returned request (AttachRequestSample): a tenprint in a fingerprint
// format, or a crime-scene DNA profile (the form states the sample type).
// The purpose is in the form's address, so that the post's limit (the
// largest format of the purpose's kind) is known before it is read. A
// refusal is the request's page again with the message beside the form's
// field and nothing attached; a request the actor may not edit is the
// service's refusal on the error page.
func (u *UI) attachSample(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sid, err := pathID(r, "sid")
	if err != nil {
		return err
	}
	purpose := r.URL.Query().Get("purpose")
	if purpose != nsor.PurposeTenprint && purpose != nsor.PurposeCrimeScene {
		return nsor.Errorf(nsor.KindNotFound, "ui.not_found", "There is no such page.")
	}
	prefix := sampleField(purpose, sid, "")
	f := NewForm(nil)
	refuse := func(err error) error {
		if k := nsor.KindOf(err); k == nsor.KindForbidden || k == nsor.KindNotFound || !f.Refuse(c, err) {
			return err
		}
		var has []string // the crime-scene form shows the file alone
		if purpose == nsor.PurposeTenprint {
			has = sampleFormFieldsOf(nsor.BiometricFingerprint)
		}
		moveSampleErrors(f, prefix, nsor.ErrorCode(err) == "request.wrong_state", has...)
		return u.showRequest(w, r, c, statusOf(nsor.KindOf(err)), f)
	}
	up, err := readSampleForm(w, r, sampleFormLimit(nsor.PurposeKind(purpose)), prefix)
	if up != nil {
		f.Values = up.values
	}
	if err != nil {
		return refuse(err)
	}
	meta, err := up.meta(prefix)
	if err != nil {
		return refuse(err)
	}
	format := f.Get(prefix + "format")
	if purpose == nsor.PurposeCrimeScene {
		format, meta.SampleType = nsor.FormatDNAProfile, nsor.DNACrimeScene
	}
	if _, err := u.app.AttachRequestSample(r.Context(), c.Actor, id, sid, purpose, format, up.data, meta); err != nil {
		return refuse(err)
	}
	setFlash(w, r, "samples.attached.done")
	// Back to the suspect's list on the page (redirect drops a fragment).
	http.Redirect(w, r, fmt.Sprintf("/officer/requests/%d#samples-%d", id, sid), http.StatusSeeOther)
	return nil
}

// FailedAt reports whether a field named with prefix carries a refusal:
// the attach form of one suspect opens itself again when refused.
func (f *Form) FailedAt(prefix string) bool {
	if f == nil {
		return false
	}
	for name := range f.Errors {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// requestSamples is a request's attached samples by suspect, for the
// officer's and the prosecutor's request pages (kind, purpose, format,
// size, SHA-256: never the data).
func (u *UI) requestSamples(r *http.Request, c *Ctx, id int64) (map[int64][]*nsor.RequestSample, error) {
	rss, err := u.app.RequestSamples(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	out := map[int64][]*nsor.RequestSample{}
	for _, rs := range rss {
		out[rs.SuspectID] = append(out[rs.SuspectID], rs)
	}
	return out, nil
}

// canAttach reports whether the request's page offers the attach forms:
// while it is a draft or returned (the service decides who may).
func canAttach(s nsor.State) bool {
	return slices.Contains([]nsor.State{nsor.StateDraft, nsor.StateReturned}, s)
}

// sampleIntoRecord is the stored sample page's "add it to a record" form:
// it sends the registrar to the numbered record's correction page with the
// sample's row added (addSampleRow), where the record is read for a purpose
// and the correction proposed as any other. Nothing is written here.
func (u *UI) sampleIntoRecord(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := registrarOnly(c); err != nil {
		return err
	}
	q := r.URL.Query()
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(q.Get("record")), "#"), 10, 64)
	if err != nil || id <= 0 {
		return nsor.Invalid("record", "ui.record_number", "Write the record's number, as its page shows it.")
	}
	to := url.Values{"add_kind": {q.Get("add_kind")}, "add_sample": {q.Get("add_sample")}}
	http.Redirect(w, r, fmt.Sprintf("/registrar/records/%d/change?%s", id, to.Encode()), http.StatusSeeOther)
	return nil
}
