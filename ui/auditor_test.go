package ui_test

import (
	"net/http"
	"net/url"
	"testing"

	"nsor"
)

// TestAuditorPages: the auditor searches the audit log by user (the
// officer's sign-in is there), asks who sought a person by CNIC (posted,
// never in a URL), is refused beside the field for a malformed one, and a
// trace without text or number is refused on the form. An officer may not
// search the audit log.
func TestAuditorPages(t *testing.T) {
	e := newEnv(t)
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	auditor := e.user("auditor1", nsor.RoleAuditor, "PK")
	officer := e.browser()
	officer.signIn(io)
	b := e.browser()
	b.signIn(auditor)
	if p := b.get("/"); p.Header.Get("Location") != "/auditor" {
		t.Fatalf("the auditor's main page = %s", p.Header.Get("Location"))
	}
	p := b.get("/auditor?user=" + itoa(io.ID))
	if p.Status != http.StatusOK || !p.has("auth.signin") {
		t.Fatalf("audit search by user = %d:\n%s", p.Status, p.Body)
	}
	if p := b.get("/auditor?user=abc"); p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-user-err"`) {
		t.Errorf("a user ID that is not a number = %d", p.Status)
	}
	p = b.post("/auditor/who", url.Values{"cnic": {"12"}})
	if p.Status != http.StatusUnprocessableEntity && p.Status != http.StatusBadRequest {
		t.Errorf("who sought a malformed CNIC = %d:\n%s", p.Status, p.Body)
	}
	if p := b.post("/auditor/who", url.Values{"cnic": {"91234-5678901-3"}}); p.Status != http.StatusOK || !p.has("0 records") {
		t.Errorf("who sought a CNIC nobody sought = %d:\n%s", p.Status, p.Body)
	}
	if p := b.post("/auditor/trace", url.Values{}); p.Status == http.StatusOK || p.Status >= 500 {
		t.Errorf("an empty trace = %d", p.Status)
	}
	if p := b.get("/auditor/cases"); p.Status != http.StatusOK || !p.has("No misuse cases") {
		t.Errorf("cases = %d", p.Status)
	}
	if p := b.get("/auditor/checkpoint"); p.Status >= 500 {
		t.Errorf("checkpoint page = %d:\n%s", p.Status, p.Body)
	}
	if p := officer.get("/auditor?user=1"); p.Status != http.StatusForbidden {
		t.Errorf("an officer searching the audit log = %d, want 403", p.Status)
	}
}

func itoa(n int64) string { return strconvItoa(n) }
