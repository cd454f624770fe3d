package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"nsor"
)

// registrars makes two registrars: the maker signed in with a browser, the
// checker with another.
func registrars(t *testing.T, e *env) (maker, checker *browser, mu, cu *testUser) {
	t.Helper()
	mu = e.user("reg1", nsor.RoleRegistrar, "PK")
	cu = e.user("reg2", nsor.RoleRegistrar, "PK")
	maker, checker = e.browser(), e.browser()
	maker.signIn(mu)
	checker.signIn(cu)
	return maker, checker, mu, cu
}

// goodRecord is a complete synthetic entry.
func goodRecord(name, cnic string) url.Values {
	return url.Values{
		"idempotency_key":             {"k-" + cnic},
		"name":                        {name},
		"aliases":                     {"Billa\nKaka"},
		"parentage[0].relation":       {"S/O"},
		"parentage[0]":                {"Rashid Mehmood"},
		"cnic":                        {cnic},
		"gender":                      {"male"},
		"date_of_birth":               {"1980-03-14"},
		"place_of_birth":              {"Okara"},
		"convictions[0].court":        {"Sessions Court Okara"},
		"convictions[0].case_number":  {"SC-77/2019"},
		"convictions[0].sections":     {"376"},
		"convictions[0].convicted_on": {"2019-05-02"},
		"addresses[0].address":        {"House 4, Street 9, Okara"},
		"addresses[0].district":       {"Okara"},
		"reason":                      {"Judgment of the Sessions Court, Okara."},
	}
}

func pending(t *testing.T, e *env, u *testUser) []*nsor.OffenderVersion {
	t.Helper()
	p, err := e.svc.PendingChanges(e.ctx, e.actor(u), nsor.Page{})
	if err != nil {
		t.Fatal(err)
	}
	return p.Items
}

// TestRegistrarEntryRefused: a refused entry comes back as the same page,
// each message beside its field, what was typed kept, and nothing written.
func TestRegistrarEntryRefused(t *testing.T) {
	e := newEnv(t)
	maker, _, _, cu := registrars(t, e)
	okPage(t, "entry form", maker.get("/registrar/records/new"))
	f := goodRecord("", "91101-1234567-1")
	f.Set("convictions[0].convicted_on", "2999-01-01")
	f.Set("convictions[0].court", "")
	f.Set("place_of_birth", "Sahiwal (typed)")
	p := maker.post("/registrar/records/new", f)
	if p.Status != http.StatusUnprocessableEntity && p.Status != http.StatusBadRequest {
		t.Fatalf("status %d, want a refusal:\n%s", p.Status, p.Body)
	}
	for _, want := range []string{
		`id="f-name-err"`,                            // the name's message beside the name
		`id="f-convictions[0].convicted_on-err"`,     // the date's beside the date
		`id="f-convictions[0]"><p class="error-msg"`, // the conviction's (no court) at the conviction
		`value="Sahiwal (typed)"`,                    // what was typed is kept
		`value="SC-77/2019"`,
		`href="#f-name"`, // the summary links to the field
	} {
		if !p.has(want) {
			t.Errorf("the refused page lacks %q:\n%s", want, p.Body)
		}
	}
	if got := pending(t, e, cu); len(got) != 0 {
		t.Fatalf("a refused entry wrote %d pending changes", len(got))
	}
	maker.lang = "ur"
	if p := maker.post("/registrar/records/new", f); !p.has("نام") || !p.has(`id="f-name-err"`) {
		t.Errorf("the Urdu refused page:\n%s", p.Body)
	}
}

// TestRegistrarEntryNotRegistrar: the pages are the service's rules, not
// the nav's: an investigating officer who posts an entry or approves a
// batch is refused and nothing is written.
func TestRegistrarEntryNotRegistrar(t *testing.T) {
	e := newEnv(t)
	_, _, _, cu := registrars(t, e)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	b := e.browser()
	b.signIn(io)
	if p := b.post("/registrar/records/new", goodRecord("Muhammad Tariq", "91101-1234567-1")); p.Status != http.StatusForbidden {
		t.Fatalf("an officer's entry: %d\n%s", p.Status, p.Body)
	}
	if p := b.upload("/registrar/import", nil, "file", "r.jsonl", []byte(`{"name":"Zahid Iqbal","convictions":[]}`+"\n")); p.Status != http.StatusForbidden {
		t.Fatalf("an officer's import: %d\n%s", p.Status, p.Body)
	}
	if got := pending(t, e, cu); len(got) != 0 {
		t.Fatalf("an officer's posts wrote %d pending changes", len(got))
	}
}

// TestRegistrarEntryPending: a good entry is pending for a second
// registrar; the same person entered again is shown as a likely duplicate
// with the engine's reason.
func TestRegistrarEntryPending(t *testing.T) {
	e := newEnv(t)
	maker, checker, _, cu := registrars(t, e)
	p := maker.post("/registrar/records/new", goodRecord("Muhammad Tariq", "91101-1234567-1"))
	okPage(t, "saved", p)
	if !p.has("is pending") || !p.has("No likely duplicate") {
		t.Fatalf("the saved page:\n%s", p.Body)
	}
	got := pending(t, e, cu)
	if len(got) != 1 || got[0].Record.Name != "Muhammad Tariq" || got[0].Kind != nsor.ChangeCreate {
		t.Fatalf("pending = %+v", got)
	}
	if q := checker.get("/registrar"); !q.has("Muhammad Tariq") {
		t.Errorf("the checker's queue lacks the entry:\n%s", q.Body)
	}
	if _, err := e.svc.CheckChange(e.ctx, e.actor(cu), got[0].OffenderID, 1, true, "Checked."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.BuildRegisterIndex(e.ctx); err != nil { // as cmd/nsor serve does at start
		t.Fatal(err)
	}
	// The same person entered again: the engine's candidates come back as
	// a warning, with its reason.
	again := goodRecord("Muhammad Tariq", "91101-1234567-1")
	again.Set("idempotency_key", "k-again")
	p = maker.post("/registrar/records/new", again)
	okPage(t, "saved again", p)
	if !p.has("Likely duplicate:") || !p.has("likely the same person") {
		t.Errorf("the second entry shows no likely duplicate:\n%s", p.Body)
	}
}

// TestRegistrarChange: a correction and a removal are proposed from the
// record's page; a removal without a reason is refused beside its field.
func TestRegistrarChange(t *testing.T) {
	e := newEnv(t)
	maker, _, _, cu := registrars(t, e)
	v, _, err := e.svc.ProposeRecord(e.ctx, e.actor(cu), nsor.RecordInput{Name: "Asif Nawaz", CNIC: "91101-2222222-1", Gender: "male",
		Convictions: []nsor.Conviction{{Court: "Sessions Court Kasur", CaseNumber: "SC-1/2018", Sections: []string{"376"}, ConvictedOn: "2018-01-10"}}},
		"Judgment.", nsor.Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	mu := e.users["reg1"]
	if _, err := e.svc.CheckChange(e.ctx, e.actor(mu), v.OffenderID, 1, true, "Checked."); err != nil {
		t.Fatal(err)
	}
	base := "/registrar/records/" + idStr(v.OffenderID) + "/change"
	if p := maker.get("/registrar/records/" + idStr(v.OffenderID) + "?purpose=Checking"); !p.has(`href="` + base + `?purpose=Checking"`) {
		t.Errorf("the record's page does not link to its change page:\n%s", p.Body)
	}
	if p := maker.get(base); !p.has(`name="purpose"`) || p.has("Asif Nawaz") {
		t.Fatalf("the change page shows the record before its purpose:\n%s", p.Body)
	}
	purpose := "Correcting a spelling from the judgment"
	p := maker.get(base + "?purpose=" + url.QueryEscape(purpose))
	okPage(t, "change form", p)
	if !p.has(`value="Asif Nawaz"`) || !p.has(`value="SC-1/2018"`) {
		t.Fatalf("the change form is not filled from the record:\n%s", p.Body)
	}
	// A removal without a reason: refused beside the removal's reason.
	p = maker.post(base, url.Values{"action": {"remove"}, "purpose": {purpose}, "remove_reason": {""}})
	if p.Status == http.StatusOK || !p.has(`id="f-remove_reason-err"`) {
		t.Fatalf("a removal without a reason: %d\n%s", p.Status, p.Body)
	}
	if got := pending(t, e, mu); len(got) != 0 {
		t.Fatalf("a refused removal wrote %d changes", len(got))
	}
	f := url.Values{"action": {"correct"}, "purpose": {purpose}, "name": {"Asif Nawaz Khan"}, "cnic": {"91101-2222222-1"}, "gender": {"male"},
		"convictions[0].court": {"Sessions Court Kasur"}, "convictions[0].case_number": {"SC-1/2018"}, "convictions[0].sections": {"376"},
		"convictions[0].convicted_on": {"2018-01-10"}, "reason": {"The judgment spells the name in full."}}
	p = maker.post(base, f)
	okPage(t, "correction", p)
	got := pending(t, e, cu)
	if len(got) != 1 || got[0].Kind != nsor.ChangeCorrect || got[0].Record.Name != "Asif Nawaz Khan" {
		t.Fatalf("pending = %+v", got)
	}
	// One change waits at a time: a removal now is refused, and shown.
	p = maker.post(base, url.Values{"action": {"remove"}, "purpose": {purpose}, "remove_reason": {"Acquitted on appeal."}})
	if p.Status == http.StatusOK || !p.has(`class="summary"`) {
		t.Fatalf("a second waiting change: %d\n%s", p.Status, p.Body)
	}
}

// TestRegistrarImport: a small file with a bad row shows the row's error;
// the importer's own approval is refused and shown; another registrar
// approves, and the records become active.
func TestRegistrarImport(t *testing.T) {
	e := newEnv(t)
	maker, checker, _, cu := registrars(t, e)
	okPage(t, "import form", maker.get("/registrar/import"))
	file := strings.Join([]string{
		`{"name":"Khalid Mehmood","cnic":"91101-3333333-1","gender":"male","convictions":[{"court":"Sessions Court Lahore","case_number":"SC-3/2017","sections":["376"],"convicted_on":"2017-02-01"}]}`,
		`{"name":"Zahid Iqbal","cnic":"91101-4444444-1","gender":"male","convictions":[]}`,
		`{"name":"Sajid Ali","gender":"male","convictions":[{"court":"Sessions Court Multan","case_number":"SC-5/2016","sections":["377"],"convicted_on":"2016-06-01"}]}`,
	}, "\n") + "\n"
	// Refused files: another type, empty.
	if p := maker.upload("/registrar/import", nil, "file", "records.pdf", samplePDF); p.Status == http.StatusSeeOther || !p.has(`id="f-format"`) || !p.has("error-msg") {
		t.Fatalf("a PDF: %d\n%s", p.Status, p.Body)
	}
	if p := maker.upload("/registrar/import", nil, "file", "records.jsonl", nil); p.Status == http.StatusSeeOther || !p.has(`id="f-file-err"`) {
		t.Fatalf("an empty file: %d\n%s", p.Status, p.Body)
	}
	p := maker.upload("/registrar/import", nil, "file", "records.jsonl", []byte(file))
	if p.Status != http.StatusSeeOther {
		t.Fatalf("import: %d\n%s", p.Status, p.Body)
	}
	loc := p.Header.Get("Location")
	if !strings.HasPrefix(loc, "/registrar/import/") {
		t.Fatalf("import went to %q", loc)
	}
	r := maker.get(loc)
	okPage(t, "batch", r)
	if !r.has("<td data-label=\"Line\">2</td>") || !r.has("refused") || !r.has("at least one conviction") {
		t.Fatalf("the report lacks line 2's error:\n%s", r.Body)
	}
	if r.has("<td data-label=\"Line\">1</td>") {
		t.Errorf("the problems-only report shows a good row:\n%s", r.Body)
	}
	if all := maker.get(loc + "?all=1"); !all.has("<td data-label=\"Line\">1</td>") {
		t.Errorf("the full report lacks line 1:\n%s", all.Body)
	}
	// The importer approves: refused by the service, shown on the page.
	p = maker.post(loc+"/approve", url.Values{"note": {"Mine."}})
	if p.Status != http.StatusForbidden || !p.has(`class="summary"`) || !p.has("a second registrar must approve it") {
		t.Fatalf("self-approval: %d\n%s", p.Status, p.Body)
	}
	if got := pending(t, e, cu); len(got) != 2 {
		t.Fatalf("after the refused approval, %d pending, want 2", len(got))
	}
	p = checker.post(loc+"/approve", url.Values{"note": {"Checked against the judgments."}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("approval: %d\n%s", p.Status, p.Body)
	}
	if r := checker.get(loc); !r.has("The batch was approved") || !r.has("approved") || r.has("/approve\"") {
		t.Errorf("after approval:\n%s", r.Body)
	}
	if got := pending(t, e, cu); len(got) != 0 {
		t.Fatalf("after approval, %d pending", len(got))
	}
	checker.lang = "ur"
	okPage(t, "batch in Urdu", checker.get(loc))
}

// TestBrowserRegistrarEntry: the entry page in a browser, refused with the
// messages beside their fields, in English and Urdu (screenshots
// registrar-entry-refused-en/ur).
func TestBrowserRegistrarEntry(t *testing.T) {
	e := newEnv(t)
	mu := e.user("reg1", nsor.RoleRegistrar, "PK")
	e.user("reg2", nsor.RoleRegistrar, "PK")
	c := newChrome(t, e)
	c.signIn(mu)
	c.open("/registrar/records/new")
	c.run("type a partial entry", chromedp.SendKeys(chromedp.CSS(`#f-cnic`), "91101-1234567"),
		chromedp.SendKeys(chromedp.CSS(`#f-place_of_birth`), "Okara"))
	c.submitTo(`form[action="/registrar/records/new"] button.primary`, `.summary`)
	if kept := get(c, "the place kept", chromedp.Value(chromedp.CSS(`#f-place_of_birth`))); kept != "Okara" {
		t.Errorf("the place of birth after the refusal = %q", kept)
	}
	if msg := get(c, "the name's message", chromedp.Text(chromedp.CSS(`#f-name-err`))); msg == "" {
		t.Error("no message beside the name")
	}
	c.screenshot("registrar-entry-refused-en")
	c.open("/registrar/records/new?lang=ur")
	c.submitTo(`form[action="/registrar/records/new"] button.primary`, `.summary`)
	c.screenshot("registrar-entry-refused-ur")
	c.open("/registrar/import")
	c.screenshot("registrar-import-ur")
	c.open("/registrar/records/new?lang=en")
}
