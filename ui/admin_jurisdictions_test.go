package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"nsor"
)

// lookupJurisdiction is the node with code, or nil when there is none.
func (e *env) lookupJurisdiction(code string) *nsor.Jurisdiction {
	e.t.Helper()
	var j *nsor.Jurisdiction
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		var err error
		j, err = tx.JurisdictionByCode(code)
		return err
	})
	if nsor.KindOf(err) == nsor.KindNotFound {
		return nil
	}
	if err != nil {
		e.t.Fatalf("jurisdiction %s: %v", code, err)
	}
	return j
}

// TestAdminJurisdictions: the administrator lists the hierarchy page by
// page, adds a police station under a district, and renames it. A refused
// form (a district under a district, a blank name) shows the message beside
// its field, keeps what was typed and writes nothing; a form loaded before
// another change is refused as stale rather than overwriting it.
func TestAdminJurisdictions(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.signIn(e.users["admin"])
	lhr := e.jurisdiction("PB-LHR-LHR")
	if lhr.Kind != nsor.KindDistrict {
		t.Fatalf("PB-LHR-LHR is a %s, the test wants a district", lhr.Kind)
	}

	p := b.get("/admin/jurisdictions")
	if p.Status != http.StatusOK || !p.has(`href="/admin/jurisdictions/`) || !p.has(`name="parent_id"`) {
		t.Fatalf("jurisdictions page = %d:\n%s", p.Status, p.Body)
	}
	all, err := e.svc.Jurisdictions(e.ctx, nsor.Page{Limit: nsor.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Items) > 50 {
		// More than a page: the link to the next one, which shows other nodes.
		last := all.Items[49]
		if !p.has(fmt.Sprintf(`/admin/jurisdictions?after=%d`, last.ID)) || p.has(`>`+all.Items[50].Code+`<`) {
			t.Errorf("the first page is not cut after 50 nodes")
		}
		p2 := b.get(fmt.Sprintf("/admin/jurisdictions?after=%d", last.ID))
		if p2.Status != http.StatusOK || !p2.has(`>`+all.Items[50].Code+`<`) {
			t.Errorf("second page = %d, want node %s on it", p2.Status, all.Items[50].Code)
		}
	}

	// Refused: a district cannot sit under a district. Nothing is written.
	bad := url.Values{"parent_id": {fmt.Sprint(lhr.ID)}, "kind": {"district"}, "code": {"PB-LHR-T1"}, "name": {"Thana Test (synthetic)"}}
	p = b.post("/admin/jurisdictions", bad)
	if p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-kind-err"`) || !p.has(`value="Thana Test (synthetic)"`) {
		t.Fatalf("a district under a district = %d:\n%s", p.Status, p.Body)
	}
	if e.lookupJurisdiction("PB-LHR-T1") != nil {
		t.Fatal("the refused jurisdiction was written")
	}
	// Refused: no name, the message beside the name.
	p = b.post("/admin/jurisdictions", url.Values{"parent_id": {fmt.Sprint(lhr.ID)}, "kind": {"station"}, "code": {"PB-LHR-T1"}, "name": {"  "}})
	if p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-name-err"`) || !p.has("Give the name.") {
		t.Fatalf("a jurisdiction without a name = %d:\n%s", p.Status, p.Body)
	}
	if e.lookupJurisdiction("PB-LHR-T1") != nil {
		t.Fatal("the refused jurisdiction was written")
	}

	// Made: a station under the district; the code is written in capitals.
	p = b.post("/admin/jurisdictions", url.Values{"parent_id": {fmt.Sprint(lhr.ID)}, "kind": {"station"}, "code": {"pb-lhr-t1"}, "name": {"Thana Test (synthetic)"}})
	st := e.lookupJurisdiction("PB-LHR-T1")
	if p.Status != http.StatusSeeOther || st == nil || st.ParentID != lhr.ID || st.Kind != nsor.KindStation || st.Name != "Thana Test (synthetic)" {
		t.Fatalf("new station = %d %s, stored %+v", p.Status, p.Header.Get("Location"), st)
	}
	edit := fmt.Sprintf("/admin/jurisdictions/%d", st.ID)
	if loc := p.Header.Get("Location"); loc != edit {
		t.Errorf("after adding went to %q, want %q", loc, edit)
	}
	// A second send of the same form is refused (the code is taken).
	p = b.post("/admin/jurisdictions", url.Values{"parent_id": {fmt.Sprint(lhr.ID)}, "kind": {"station"}, "code": {"pb-lhr-t1"}, "name": {"Thana Test (synthetic)"}})
	if p.Status != http.StatusConflict || !p.has("Another jurisdiction already has this code.") {
		t.Errorf("the same station again = %d:\n%s", p.Status, p.Body)
	}

	// Edited.
	p = b.get(edit)
	if p.Status != http.StatusOK || !p.has(`name="version" value="1"`) || !p.has(`value="Thana Test (synthetic)"`) || !p.has(`value="PB-LHR-T1"`) {
		t.Fatalf("edit page = %d:\n%s", p.Status, p.Body)
	}
	loaded := url.Values{"version": {"1"}}
	form := func(name, code string) url.Values {
		v := url.Values{"name": {name}, "code": {code}}
		for k, x := range loaded {
			v[k] = x
		}
		return v
	}
	// Refused: a blank name, beside the field; nothing changes.
	p = b.post(edit, form("", "PB-LHR-T1"))
	if p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-name-err"`) {
		t.Fatalf("a blank name = %d:\n%s", p.Status, p.Body)
	}
	if j := e.lookupJurisdiction("PB-LHR-T1"); j == nil || j.Name != "Thana Test (synthetic)" {
		t.Fatalf("the refused edit changed the node: %+v", j)
	}
	p = b.post(edit, form("Thana Model Town Test (synthetic)", "PB-LHR-T1"))
	if p.Status != http.StatusSeeOther {
		t.Fatalf("rename = %d:\n%s", p.Status, p.Body)
	}
	if j := e.lookupJurisdiction("PB-LHR-T1"); j == nil || j.Name != "Thana Model Town Test (synthetic)" {
		t.Fatalf("after the rename: %+v", j)
	}
	// The same form as loaded before the rename (a second administrator, or
	// a second send) is stale: refused, nothing overwritten, the node shown
	// as it is now.
	p = b.post(edit, form("Thana Other (synthetic)", "PB-LHR-T1"))
	if p.Status != http.StatusConflict || !p.has("changed this jurisdiction since you opened it") || !p.has(`value="Thana Model Town Test (synthetic)"`) {
		t.Fatalf("a stale edit = %d:\n%s", p.Status, p.Body)
	}
	if j := e.lookupJurisdiction("PB-LHR-T1"); j.Name != "Thana Model Town Test (synthetic)" {
		t.Fatalf("the stale edit overwrote the node: %+v", j)
	}
	// A district's head title: a wrong one refused beside it, a right one kept.
	dedit := fmt.Sprintf("/admin/jurisdictions/%d", lhr.ID)
	dl := url.Values{"name": {lhr.Name}, "code": {lhr.Code}, "version": {fmt.Sprint(lhr.Version)}}
	dl.Set("head", "SSP")
	if p := b.post(dedit, dl); p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-head-err"`) {
		t.Errorf("a district headed by an SSP = %d:\n%s", p.Status, p.Body)
	}
	dl.Set("head", "CCPO")
	if p := b.post(dedit, dl); p.Status != http.StatusSeeOther || e.lookupJurisdiction(lhr.Code).Head != nsor.HeadCCPO {
		t.Errorf("a district headed by a CCPO = %d, head %s", p.Status, e.lookupJurisdiction(lhr.Code).Head)
	}
	// A tampered id is not found.
	if p := b.get("/admin/jurisdictions/999999"); p.Status != http.StatusNotFound {
		t.Errorf("no such jurisdiction = %d", p.Status)
	}
}

// TestAdminJurisdictionsForbidden: an officer can neither open the
// administrator's jurisdiction pages nor post their forms; nothing is
// written.
func TestAdminJurisdictionsForbidden(t *testing.T) {
	e := newEnv(t)
	lhr := e.jurisdiction("PB-LHR-LHR")
	b := e.browser()
	b.signIn(e.user("io1", nsor.RoleIO, "PB-LHR-LHR"))
	for _, path := range []string{"/admin/jurisdictions", fmt.Sprintf("/admin/jurisdictions/%d", lhr.ID)} {
		if p := b.get(path); p.Status != http.StatusForbidden {
			t.Errorf("an officer opening %s = %d, want 403", path, p.Status)
		}
	}
	p := b.post("/admin/jurisdictions", url.Values{"parent_id": {fmt.Sprint(lhr.ID)}, "kind": {"station"}, "code": {"PB-LHR-T2"}, "name": {"Thana (synthetic)"}})
	if p.Status != http.StatusForbidden || e.lookupJurisdiction("PB-LHR-T2") != nil {
		t.Errorf("an officer adding a station = %d", p.Status)
	}
	p = b.post(fmt.Sprintf("/admin/jurisdictions/%d", lhr.ID), url.Values{"name": {"Renamed"}, "code": {lhr.Code},
		"version": {fmt.Sprint(lhr.Version)}})
	if p.Status != http.StatusForbidden || e.lookupJurisdiction(lhr.Code).Name != lhr.Name {
		t.Errorf("an officer renaming a district = %d", p.Status)
	}
	// Urdu: the refusal is in Urdu, not the service's English.
	b.lang = "ur"
	if p := b.get("/admin/jurisdictions"); p.Status != http.StatusForbidden || !p.has("آپ کے کردار کو اس کی اجازت نہیں") || strings.Contains(p.Body, "Only an administrator") {
		t.Errorf("the refusal in Urdu = %d:\n%s", p.Status, p.Body)
	}
}

// TestAdminJurisdictionRefusalUrdu: in Urdu, the refusal beside a field is
// the catalogue's Urdu, not the service's English.
func TestAdminJurisdictionRefusalUrdu(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.lang = "ur"
	b.signIn(e.users["admin"])
	lhr := e.jurisdiction("PB-LHR-LHR")
	p := b.post("/admin/jurisdictions", url.Values{"parent_id": {fmt.Sprint(lhr.ID)}, "kind": {"station"}, "code": {"PB-LHR-T3"}, "name": {""}})
	if p.Status != http.StatusUnprocessableEntity || !p.has("نام درج کریں۔") || p.has("Give the name.") {
		t.Errorf("a blank name in Urdu = %d:\n%s", p.Status, p.Body)
	}
}

// TestAdminJurisdictionTwoAdministrators: two administrators open the same
// node's page; the first saves, the second's save (from the version it
// loaded) is refused as stale in the second's language, with the node's
// current values on the form, and nothing the first wrote is overwritten.
// A form that names no version, or a made-up one, is refused the same way.
func TestAdminJurisdictionTwoAdministrators(t *testing.T) {
	e := newEnv(t)
	first, second := e.browser(), e.browser()
	first.signIn(e.users["admin"])
	second.lang = "ur"
	second.signIn(e.users["admin"])
	lhr := e.jurisdiction("PB-LHR-LHR")
	edit := fmt.Sprintf("/admin/jurisdictions/%d", lhr.ID)
	for _, b := range []*browser{first, second} {
		if p := b.get(edit); p.Status != http.StatusOK || !p.has(fmt.Sprintf(`name="version" value="%d"`, lhr.Version)) {
			t.Fatalf("edit page = %d:\n%s", p.Status, p.Body)
		}
	}
	seen := fmt.Sprint(lhr.Version)
	p := first.post(edit, url.Values{"name": {"Lahore First (synthetic)"}, "code": {lhr.Code}, "head": {string(lhr.Head)}, "version": {seen}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("first administrator's save = %d:\n%s", p.Status, p.Body)
	}
	p = second.post(edit, url.Values{"name": {"Lahore Second (synthetic)"}, "code": {lhr.Code}, "head": {string(lhr.Head)}, "version": {seen}})
	if p.Status != http.StatusConflict || !p.has("کسی دوسرے منتظم نے یہ دائرۂ اختیار بدل دیا") || !p.has(`value="Lahore First (synthetic)"`) ||
		!p.has(fmt.Sprintf(`name="version" value="%d"`, lhr.Version+1)) {
		t.Fatalf("second administrator's stale save = %d:\n%s", p.Status, p.Body)
	}
	if j := e.lookupJurisdiction(lhr.Code); j.Name != "Lahore First (synthetic)" || j.Version != lhr.Version+1 {
		t.Fatalf("after the stale save: %+v, want the first's name at version %d", j, lhr.Version+1)
	}
	for _, v := range []string{"", "x", "0", "-1", "999"} {
		p = second.post(edit, url.Values{"name": {"Lahore Forged (synthetic)"}, "code": {lhr.Code}, "head": {string(lhr.Head)}, "version": {v}})
		if p.Status != http.StatusConflict {
			t.Errorf("a save with version %q = %d, want 409", v, p.Status)
		}
	}
	if j := e.lookupJurisdiction(lhr.Code); j.Name != "Lahore First (synthetic)" {
		t.Fatalf("a versionless save overwrote the node: %+v", j)
	}
	// The second administrator, from the values now shown, saves.
	p = second.post(edit, url.Values{"name": {"Lahore Second (synthetic)"}, "code": {lhr.Code}, "head": {string(lhr.Head)}, "version": {fmt.Sprint(lhr.Version + 1)}})
	if p.Status != http.StatusSeeOther || e.lookupJurisdiction(lhr.Code).Name != "Lahore Second (synthetic)" {
		t.Fatalf("second administrator's save from the current version = %d:\n%s", p.Status, p.Body)
	}
}

// TestAdminPagesDirectReads: the user's page and the jurisdiction's page
// read their one object directly, so they work when there are more users
// than a page of the listing holds (the service's largest page, 200).
func TestAdminPagesDirectReads(t *testing.T) {
	e := newEnv(t)
	var last *testUser
	for i := range nsor.MaxPageSize + 5 {
		last = e.user(fmt.Sprintf("io.many%03d", i), nsor.RoleIO, "PB-LHR-LHR")
	}
	b := e.browser()
	b.signIn(e.users["admin"])
	if p := b.get(fmt.Sprintf("/admin/users/%d", last.ID)); p.Status != http.StatusOK || !p.has(last.Username) {
		t.Fatalf("the page of user %d of more than %d = %d:\n%s", last.ID, nsor.MaxPageSize, p.Status, p.Body)
	}
	if p := b.get("/admin/users/99999999"); p.Status != http.StatusNotFound {
		t.Errorf("no such user = %d, want 404", p.Status)
	}
	st := e.jurisdiction("PB-LHR-LHR")
	if p := b.get(fmt.Sprintf("/admin/jurisdictions/%d", st.ID)); p.Status != http.StatusOK || !p.has(st.Code) {
		t.Errorf("jurisdiction page = %d", p.Status)
	}
}
