package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"nsor"
)

// searches counts the register searches recorded, the audit action a
// duplicate check is recorded under.
func searches(t *testing.T, e *env) int {
	t.Helper()
	var n int
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{Action: "register.search"})
		n = len(es)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRegistrarCheckBeforeSave: the registrar checks an entry before saving
// it and sees the register's records it may duplicate as links to their
// pages, with the reasons, in English and Urdu; the check writes nothing
// but its audit record, keeps what was typed, and a purpose that names
// someone is refused beside the purpose.
func TestRegistrarCheckBeforeSave(t *testing.T) {
	e := newEnv(t)
	maker, _, _, cu := registrars(t, e)
	if p := maker.post("/registrar/records/new", goodRecord("Saleem Akhtar", "91101-1234567-1")); p.Status != http.StatusOK {
		t.Fatalf("first entry = %d:\n%s", p.Status, p.Body)
	}
	first := pending(t, e, cu)
	if len(first) != 1 {
		t.Fatalf("pending after the first entry = %d, want 1", len(first))
	}
	id := first[0].OffenderID
	p := maker.get("/registrar/records/new")
	if !p.has(`name="check_purpose"`) || !p.has(`name="action" value="check"`) {
		t.Fatalf("the entry form has no check:\n%s", p.Body)
	}
	f := goodRecord("Kamran Typed", "91101-1234567-1")
	f.Set("idempotency_key", "k-check")
	f.Set("action", "check")
	f.Set("check_purpose", "Checking a record for duplicates before entering it")
	before := searches(t, e)
	p = maker.post("/registrar/records/new", f)
	link := fmt.Sprintf(`href="/registrar/records/%d"`, id)
	if p.Status != http.StatusOK || !p.has(link) || !p.has("the same CNIC") || !p.has(`value="Kamran Typed"`) {
		t.Fatalf("check = %d, want the first record linked with its reason and the form kept:\n%s", p.Status, p.Body)
	}
	if got := len(pending(t, e, cu)); got != 1 {
		t.Errorf("after the check %d changes pend, want 1: the check wrote a record", got)
	}
	if got := searches(t, e); got != before+1 {
		t.Errorf("the check added %d register searches to the audit log, want 1", got-before)
	}
	// In Urdu, the reasons are Urdu.
	maker.lang = "ur"
	p = maker.post("/registrar/records/new", f)
	if p.Status != http.StatusOK || !p.has(link) || !p.has("وہی شناختی کارڈ") || p.has("the same CNIC") {
		t.Errorf("check in Urdu = %d:\n%s", p.Status, p.Body)
	}
	maker.lang = ""
	// A purpose that names someone is refused beside the purpose; nothing
	// is shown and nothing written.
	f.Set("check_purpose", "Check of 9110112345671")
	p = maker.post("/registrar/records/new", f)
	if p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-check_purpose-err"`) || p.has(link) {
		t.Errorf("check with an identifying purpose = %d:\n%s", p.Status, p.Body)
	}
	// Nobody like them: the page says so.
	f = goodRecord("Nadeem Unrelated", "91202-7654321-1")
	f.Set("action", "check")
	f.Set("check_purpose", "Checking a record for duplicates before entering it")
	if p = maker.post("/registrar/records/new", f); p.Status != http.StatusOK || !p.has("No register record shares") {
		t.Errorf("check of someone new = %d:\n%s", p.Status, p.Body)
	}
	// An officer's check is refused by the service and writes nothing.
	io := e.browser()
	io.signIn(e.user("io1", nsor.RoleIO, "PB-LHR-LHR"))
	before = searches(t, e)
	if p = io.post("/registrar/records/new", f); p.Status != http.StatusForbidden || p.has(`id="dup-check"`) {
		t.Errorf("an officer's check = %d", p.Status)
	}
	if got := len(pending(t, e, cu)); got != 1 {
		t.Errorf("after the officer's check %d changes pend, want 1", got)
	}
}

// TestRegistrarBatchesPage: the registrar's list of import batches shows
// each batch with its state and counts and links to its report; an
// officer cannot open it.
func TestRegistrarBatchesPage(t *testing.T) {
	e := newEnv(t)
	maker, checker, mu, _ := registrars(t, e)
	csv := "name,parentage,cnic,date_of_birth,court,case_number,sections,convicted_on\n" +
		"Batch Person Synthetic,S/O Batch Father Synthetic,91303-0000001-1,1979-06-14,Sessions Court (synthetic),Case 7/2016,376 PPC,2016-02-03\n" +
		"Second Person Synthetic,S/O Other Father Synthetic,91303-0000002-2,1979-06-14,Sessions Court (synthetic),Case 8/2016,376 PPC,2999-02-03\n"
	b, err := e.svc.ImportRecords(e.ctx, e.actor(mu), nsor.ImportFile{Name: "list-test.csv", Format: nsor.ImportCSV, Content: []byte(csv)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := maker.get("/registrar/batches")
	if p.Status != http.StatusOK || !p.has(fmt.Sprintf(`href="/registrar/import/%d"`, b.ID)) || !p.has("list-test.csv") || !p.has(">you<") {
		t.Fatalf("batches page = %d:\n%s", p.Status, p.Body)
	}
	checker.lang = "ur"
	if p = checker.get("/registrar/batches"); p.Status != http.StatusOK || !p.has("درآمدی بیچ") || !p.has(fmt.Sprintf("صارف %d", mu.ID)) {
		t.Errorf("batches page in Urdu for the other registrar = %d:\n%s", p.Status, p.Body)
	}
	// The batch's report says each row's problem in Urdu too.
	if p = checker.get(fmt.Sprintf("/registrar/import/%d", b.ID)); p.Status != http.StatusOK || !p.has("convictions[0].convicted_on") ||
		strings.Contains(p.Body, "Write the date as YYYY-MM-DD") {
		t.Errorf("batch report in Urdu = %d, want the row's problem in Urdu:\n%s", p.Status, p.Body)
	}
	io := e.browser()
	io.signIn(e.user("io1", nsor.RoleIO, "PB-LHR-LHR"))
	if p = io.get("/registrar/batches"); p.Status != http.StatusForbidden {
		t.Errorf("an officer opening the batches = %d, want 403", p.Status)
	}
}

// TestOversizedPostWritesNothing: each form has its own limit; a post over
// it is refused with a message that says the limit, in the page's
// language, and nothing is written.
func TestOversizedPostWritesNothing(t *testing.T) {
	e := newEnv(t)
	maker, _, _, cu := registrars(t, e)
	big := goodRecord("Saleem Akhtar", "91101-1234567-1")
	big.Set("reason", strings.Repeat("a", 70<<10))
	p := maker.post("/registrar/records/new", big)
	if p.Status != http.StatusRequestEntityTooLarge || !p.has("64 KiB") || !p.has(`name="name"`) {
		t.Fatalf("an oversized entry = %d, want 413 on the entry page naming 64 KiB:\n%s", p.Status, p.Body)
	}
	maker.lang = "ur"
	if p = maker.post("/registrar/records/new", big); p.Status != http.StatusRequestEntityTooLarge || !p.has("64 کلو بائٹ") {
		t.Errorf("an oversized entry in Urdu = %d:\n%s", p.Status, p.Body)
	}
	if got := len(pending(t, e, cu)); got != 0 {
		t.Errorf("after oversized entries %d changes pend, want 0", got)
	}
	// The FIR form takes more (20 accused), but not without end.
	st := e.station("PB-LHR-LHR", 1)
	io := e.browser()
	iou := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	io.signIn(iou)
	fir := url.Values{"station_id": {fmt.Sprint(st.ID)}, "number": {"55"}, "year": {"2026"}, "registered_on": {"2026-10-30"},
		"sections": {"376 PPC"}, "accused[0].name": {"Tariq Synthetic"}, "accused[0].address": {strings.Repeat("b", 300<<10)}}
	if p = io.post("/officer/firs", fir); p.Status != http.StatusRequestEntityTooLarge || !p.has("256 KiB") {
		t.Errorf("an oversized FIR = %d:\n%s", p.Status, p.Body)
	}
	if fs, err := e.svc.FIRs(e.ctx, e.actor(iou), nsor.Page{}); err != nil || len(fs.Items) != 0 {
		t.Errorf("after an oversized FIR: %d FIRs, %v; want none", len(fs.Items), err)
	}
	// A jurisdiction added with an oversized form.
	admin := e.browser()
	admin.signIn(e.users["admin"])
	if p = admin.post("/admin/jurisdictions", url.Values{"parent_id": {fmt.Sprint(st.ParentID)}, "kind": {"station"},
		"code": {"PB-LHR-BIG"}, "name": {strings.Repeat("n", 70<<10)}}); p.Status != http.StatusRequestEntityTooLarge || !p.has("64 KiB") {
		t.Errorf("an oversized jurisdiction = %d:\n%s", p.Status, p.Body)
	}
	if e.lookupJurisdiction("PB-LHR-BIG") != nil {
		t.Error("the oversized jurisdiction was written")
	}
}

// TestUrduRefusalWithParticulars: on an Urdu page, the text policy's
// refusal of a name too long reads in Urdu with the limit and the length,
// not in the service's English.
func TestUrduRefusalWithParticulars(t *testing.T) {
	e := newEnv(t)
	maker, _, _, cu := registrars(t, e)
	maker.lang = "ur"
	f := goodRecord(strings.Repeat("ع", 205), "91101-1234567-1")
	p := maker.post("/registrar/records/new", f)
	if p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-name-err"`) || !p.has("200") || !p.has("205") || p.has("This entry is too long") {
		t.Fatalf("a name too long in Urdu = %d:\n%s", p.Status, p.Body)
	}
	if got := len(pending(t, e, cu)); got != 0 {
		t.Errorf("after the refusal %d changes pend, want 0", got)
	}
}
