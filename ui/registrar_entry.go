package ui

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"nsor"
)

// The registrar's pages that write the register: entering a record,
// proposing a correction or a removal, and importing a file of records.
// Each goes through the same service methods as the API; what a registrar
// proposes waits for a second registrar (the queue at /registrar).
func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /registrar/records/new", u.signedIn(u.regNew))
		u.mux.HandleFunc("POST /registrar/records/new", u.signedIn(u.regPropose))
		u.mux.HandleFunc("GET /registrar/records/{id}/change", u.sensitive(u.regChangeForm, false))
		u.mux.HandleFunc("POST /registrar/records/{id}/change", u.signedIn(u.regChange))
		u.mux.HandleFunc("GET /registrar/import", u.signedIn(u.regImportForm))
		u.mux.HandleFunc("POST /registrar/import", u.signedIn(u.regImport))
		u.mux.HandleFunc("GET /registrar/import/{id}", u.sensitive(u.regBatch, false))
		u.mux.HandleFunc("POST /registrar/import/{id}/approve", u.signedIn(u.regApproveBatch))
	})
	addNav("/registrar/records/new", "nav.registrar.entry", 20, nsor.RoleRegistrar)
	addNav("/registrar/import", "nav.registrar.import", 30, nsor.RoleRegistrar)
}

// regEntryData is the record form's page: a new record (ID 0) or a change
// to record ID, read for Purpose.
type regEntryData struct {
	ID      int64
	Purpose string
	Status  nsor.RecordStatus
	// Read is set once the record to change was read (or for a new record).
	Read bool
	// Check is the duplicate check's answer, when the form was checked
	// rather than saved.
	Check *nsor.RecordCheck
}

// regSavedData is the page after a proposal: the pending version and the
// service's warnings (a likely duplicate among them).
type regSavedData struct {
	Version  *nsor.OffenderVersion
	Warnings []nsor.Warning
}

func (u *UI) regNew(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	f := NewForm(nil)
	addSampleRow(f.Values, r.URL.Query())
	f.Values.Set("check_purpose", c.T("registrar.check.purpose.default"))
	u.render(w, c, http.StatusOK, "registrar_entry", f, &regEntryData{Read: true})
	return nil
}

// regCheckNew checks the record form without saving it (action=check):
// the same refusals as a save, beside the same fields, and the register's
// records it may duplicate, each a link to its page with the reasons. The
// check is a register search, recorded with its purpose; nothing else is
// written, and what was typed stays on the form to be saved.
func (u *UI) regCheckNew(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	f := NewForm(r.PostForm)
	in, src := recordInput(r.PostForm)
	chk, err := u.app.CheckRecord(r.Context(), c.Actor, in, strings.TrimSpace(r.PostForm.Get("check_purpose")))
	if err != nil {
		if !f.Refuse(c, err) {
			return err
		}
		src.moveErrors(f)
		if msgs, ok := f.Errors["purpose"]; ok { // the purpose asked here is the check's
			f.Errors["check_purpose"] = append(f.Errors["check_purpose"], msgs...)
			delete(f.Errors, "purpose")
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "registrar_entry", f, &regEntryData{Read: true})
		return nil
	}
	u.render(w, c, http.StatusOK, "registrar_entry", f, &regEntryData{Read: true, Check: chk})
	return nil
}

// recordInput reads the record form into the API's record input, and
// which form row each list entry came from. Field names are the API's JSON
// fields, so the service's refusals land beside them. Every row of each
// list with a value is read; an empty row is left out, but the first
// conviction is always sent, so that a missing one is refused beside its
// fields.
func recordInput(f url.Values) (nsor.RecordInput, rowSource) {
	in := nsor.RecordInput{
		Name:        strings.TrimSpace(f.Get("name")),
		CNIC:        strings.TrimSpace(f.Get("cnic")),
		Gender:      f.Get("gender"),
		DOB:         strings.TrimSpace(f.Get("date_of_birth")),
		BirthPlace:  strings.TrimSpace(f.Get("place_of_birth")),
		Description: strings.TrimSpace(f.Get("description")),
		Marks:       strings.TrimSpace(f.Get("identifying_marks")),
	}
	for _, a := range strings.Split(f.Get("aliases"), "\n") {
		if a = strings.TrimSpace(a); a != "" {
			in.Aliases = append(in.Aliases, a)
		}
	}
	return in, readRecordRows(f, &in)
}

// recordValues is a record as the form's values, to correct it: every
// part of it, every row of each list.
func recordValues(rec *nsor.OffenderRecord) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v[k] = []string{s}
		}
	}
	name := rec.Name
	if len(rec.Titles) > 0 {
		name = strings.Join(rec.Titles, " ") + " " + name
	}
	set("name", name)
	set("aliases", strings.Join(rec.Aliases, "\n"))
	set("cnic", string(rec.CNIC))
	set("gender", string(rec.Gender))
	set("date_of_birth", string(rec.DOB))
	set("place_of_birth", rec.BirthPlace)
	set("description", rec.Description)
	set("identifying_marks", rec.Marks)
	recordRowValues(rec, set)
	return v
}

// regPropose enters a new record. A refusal is the same page with each
// message beside its field and what was typed kept; nothing is written.
func (u *UI) regPropose(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, formLimit); err != nil {
		return u.refuseTooLarge(w, c, err, formLimit, "registrar_entry", &regEntryData{Read: true})
	}
	switch r.PostForm.Get("action") {
	case "check":
		return u.regCheckNew(w, r, c)
	case "more": // more empty rows; nothing is sent to the service
		u.render(w, c, http.StatusOK, "registrar_entry", NewForm(r.PostForm), &regEntryData{Read: true})
		return nil
	}
	in, src := recordInput(r.PostForm)
	v, warn, err := u.app.ProposeRecord(r.Context(), c.Actor, in, strings.TrimSpace(r.PostForm.Get("reason")), formIdempotency(r))
	if err != nil {
		f := NewForm(r.PostForm)
		if !f.Refuse(c, err) {
			return err
		}
		src.moveErrors(f)
		u.render(w, c, statusOf(nsor.KindOf(err)), "registrar_entry", f, &regEntryData{Read: true})
		return nil
	}
	u.render(w, c, http.StatusOK, "registrar_saved", nil, &regSavedData{Version: v, Warnings: warn})
	return nil
}

// regChangeForm asks the purpose of reading the record (recorded with the
// read, docs/rules.md#r8), then shows it in the record form to correct, and
// the removal form.
func (u *UI) regChangeForm(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	purpose := strings.TrimSpace(r.URL.Query().Get("purpose"))
	d := &regEntryData{ID: id, Purpose: purpose}
	if purpose == "" { // the purpose form carries a sample to add (add_kind, add_sample) on
		u.render(w, c, http.StatusOK, "registrar_entry", NewForm(r.URL.Query()), d)
		return nil
	}
	o, _, err := u.app.Record(r.Context(), c.Actor, id, purpose)
	if err != nil {
		f := NewForm(r.URL.Query())
		if !f.Refuse(c, err) {
			return err
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "registrar_entry", f, d)
		return nil
	}
	vals := recordValues(&o.Record)
	vals["purpose"] = []string{purpose}
	addSampleRow(vals, r.URL.Query())
	d.Read, d.Status = true, o.Status
	u.render(w, c, http.StatusOK, "registrar_entry", NewForm(vals), d)
	return nil
}

// regChange proposes a correction (action=correct, with the record's
// fields) or a removal (action=remove), each with its reason.
func (u *UI) regChange(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, formLimit); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d := &regEntryData{ID: id, Purpose: r.PostForm.Get("purpose"), Read: true}
	if r.PostForm.Get("action") == "more" { // more empty rows; nothing is sent to the service
		u.render(w, c, http.StatusOK, "registrar_entry", NewForm(r.PostForm), d)
		return nil
	}
	remove := r.PostForm.Get("action") == "remove"
	var in *nsor.RecordInput
	src := rowSource{}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if remove {
		reason = strings.TrimSpace(r.PostForm.Get("remove_reason"))
	} else {
		var ri nsor.RecordInput
		ri, src = recordInput(r.PostForm)
		in = &ri
	}
	v, warn, err := u.app.ProposeChange(r.Context(), c.Actor, id, in, remove, reason)
	if err != nil {
		f := NewForm(r.PostForm)
		if !f.Refuse(c, err) {
			return err
		}
		src.moveErrors(f)
		if remove { // the reason's message goes beside the removal's reason
			f.Errors["remove_reason"], f.Errors["reason"] = f.Errors["reason"], nil
			delete(f.Errors, "reason")
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "registrar_entry", f, d)
		return nil
	}
	u.render(w, c, http.StatusOK, "registrar_saved", nil, &regSavedData{Version: v, Warnings: warn})
	return nil
}

// regImportData is the upload page's.
type regImportData struct{ MaxMiB int64 }

// webImportLimit bounds a file uploaded through the page: a browser's
// upload is held in memory while it is imported. A larger file (the
// register allows up to nsor.LimitImportBytes) is imported with the CLI,
// "nsor import", which reads it from disk.
const webImportLimit = 64 << 20

func (u *UI) importLimit() int64 { return min(webImportLimit, nsor.LimitImportBytes) }

func (u *UI) regImportForm(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	u.render(w, c, http.StatusOK, "registrar_import", nil, &regImportData{MaxMiB: u.importLimit() >> 20})
	return nil
}

// regImport reads an uploaded CSV or JSON-lines file and imports it; the
// batch's page then shows its counts and per-row report. A file too large,
// empty or of another type is refused beside the file field and nothing is
// imported. Re-sending the same file resumes an interrupted batch.
func (u *UI) regImport(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	limit := u.importLimit()
	f := NewForm(nil)
	refuse := func(err error) error {
		if !f.Refuse(c, err) {
			return err
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "registrar_import", f, &regImportData{MaxMiB: limit >> 20})
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if _, ok := err.(*http.MaxBytesError); ok || strings.Contains(err.Error(), "too large") {
			msg := fmt.Sprintf("A file sent from this page holds at most %d MiB; split it, or import it with the command line.", limit>>20)
			return refuse(&nsor.Error{Kind: nsor.KindTooLarge, Code: "import.too_large", Message: msg,
				Fields: []nsor.FieldError{{Field: "file", Code: "import.too_large", Message: msg}}})
		}
		return refuse(nsor.Invalid("file", "import.empty", "Choose the file to import."))
	}
	defer r.MultipartForm.RemoveAll()
	f.Values = url.Values(r.MultipartForm.Value)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return refuse(nsor.Invalid("file", "import.empty", "Choose the file to import."))
	}
	defer file.Close()
	format, err := nsor.ParseImportFormat(f.Get("format"), hdr.Filename)
	if err != nil {
		return refuse(err)
	}
	content, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		return err
	}
	name := strings.TrimSpace(f.Get("name"))
	if name == "" {
		name = hdr.Filename
	}
	b, err := u.app.ImportRecords(r.Context(), c.Actor, nsor.ImportFile{Name: name, Format: format, Content: content}, nil)
	if err != nil && b == nil {
		return refuse(err)
	}
	if err != nil { // interrupted: the batch's page says where it stopped
		setFlash(w, r, "!registrar.import.interrupted")
	}
	redirect(w, r, "/registrar/import/"+strconv.FormatInt(b.ID, 10))
	return nil
}

// regBatchData is a batch's page: its counts and a page of its rows.
type regBatchData struct {
	Report *nsor.ImportReport
	All    bool
	Next   int // the line to continue after, 0 when the report ends here
	Mine   bool
}

func (u *UI) batchPage(r *http.Request, c *Ctx, id int64) (*regBatchData, error) {
	all := r.URL.Query().Get("all") == "1"
	after, _ := strconv.Atoi(r.URL.Query().Get("after"))
	rep, err := u.app.ImportReport(r.Context(), c.Actor, id, max(after, 0), 200, all)
	if err != nil {
		return nil, err
	}
	d := &regBatchData{Report: rep, All: all, Mine: rep.Batch.MadeBy == c.Actor.ID()}
	if rep.More && len(rep.Rows) > 0 {
		d.Next = rep.Rows[len(rep.Rows)-1].Line
	}
	return d, nil
}

func (u *UI) regBatch(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := u.batchPage(r, c, id)
	if err != nil {
		return err
	}
	u.render(w, c, http.StatusOK, "registrar_batch", nil, d)
	return nil
}

// regApproveBatch is a second registrar's approval of a batch. The
// service refuses the importer's own approval; the refusal shows on the
// batch's page.
func (u *UI) regApproveBatch(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	if err := parseForm(w, r, formLimit); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := u.app.ApproveImport(r.Context(), c.Actor, id, strings.TrimSpace(r.PostForm.Get("note"))); err != nil {
		f := NewForm(r.PostForm)
		if !f.Refuse(c, err) {
			return err
		}
		d, lerr := u.batchPage(r, c, id)
		if lerr != nil {
			return err
		}
		u.render(w, c, statusOf(nsor.KindOf(err)), "registrar_batch", f, d)
		return nil
	}
	setFlash(w, r, "registrar.import.approved")
	redirect(w, r, "/registrar/import/"+strconv.FormatInt(id, 10))
	return nil
}
