package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"nsor"
	"nsor/auth"
)

var (
	shownPassword = regexp.MustCompile(`Password</dt><dd><code>([^<]+)</code>`)
	shownSecret   = regexp.MustCompile(`Second factor secret</dt><dd><code>([^<]+)</code>`)
)

// TestAdminEnrolment: an administrator makes a DPO's account (a role that
// needs no second administrator) and sees
// the credentials once, with the second factor as a QR code rendered by the
// server; the DPO signs in with them and must first choose a password. An
// officer cannot open the administrator's pages.
func TestAdminEnrolment(t *testing.T) {
	e := newEnv(t)
	admin := e.users["admin"]
	b := e.browser()
	b.signIn(admin)
	p := b.get("/admin/users")
	if p.Status != http.StatusOK {
		t.Fatalf("users page = %d:\n%s", p.Status, p.Body)
	}
	lhr := e.jurisdiction("PB-LHR-LHR")
	// A refused form: no username, the message beside it, the name kept.
	p = b.post("/admin/users", url.Values{"name": {"Officer Nazia (synthetic)"}, "role": {"dpo"}, "jurisdiction_id": {fmt.Sprint(lhr.ID)}})
	if p.Status != http.StatusUnprocessableEntity || !p.has(`id="f-username-err"`) || !p.has(`value="Officer Nazia (synthetic)"`) {
		t.Fatalf("a user without a username = %d:\n%s", p.Status, p.Body)
	}
	p = b.post("/admin/users", url.Values{"username": {"dpo.nazia"}, "name": {"Officer Nazia (synthetic)"}, "role": {"dpo"}, "jurisdiction_id": {fmt.Sprint(lhr.ID)}})
	if p.Status != http.StatusOK || !p.has(`src="data:image/png;base64,`) || !p.has("Shown once") {
		t.Fatalf("new user = %d:\n%s", p.Status, p.Body)
	}
	pw, secret := shownPassword.FindStringSubmatch(p.Body), shownSecret.FindStringSubmatch(p.Body)
	if pw == nil || secret == nil {
		t.Fatalf("credentials not shown:\n%s", p.Body)
	}
	if p := b.get("/admin/users"); p.has(pw[1]) || p.has(secret[1]) {
		t.Error("the credentials are shown again")
	}
	officer := e.browser()
	code, _ := auth.Code(secret[1], e.clock.Now())
	p = officer.post("/signin", url.Values{"username": {"dpo.nazia"}, "password": {pw[1]}, "code": {code}})
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/account/password" {
		t.Fatalf("first sign-in = %d %s, want the password change", p.Status, p.Header.Get("Location"))
	}
	if p := officer.get("/account"); p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/account/password" {
		t.Errorf("before choosing a password the DPO reached %d %s", p.Status, p.Header.Get("Location"))
	}
	io := e.browser()
	io.signIn(e.user("io1", nsor.RoleIO, "PB-LHR-LHR"))
	if p := io.get("/admin/users"); p.Status != http.StatusForbidden {
		t.Errorf("an officer opening the administrator's users page = %d, want 403", p.Status)
	}
}

// TestAdminApprovalAndSessions: a privileged account is proposed, not made;
// the proposer cannot approve it; a second administrator approves and sees
// the credentials once. An administrator ends a user's sessions.
func TestAdminApprovalAndSessions(t *testing.T) {
	e := newEnv(t)
	admin2 := e.user("admin2", nsor.RoleAdmin, "PK")
	io := e.user("io1", nsor.RoleIO, "PB-LHR-LHR")
	a1, a2, officer := e.browser(), e.browser(), e.browser()
	a1.signIn(e.users["admin"])
	a2.signIn(admin2)
	officer.signIn(io)
	pk := e.jurisdiction("PK")
	p := a1.post("/admin/users", url.Values{"username": {"registrar9"}, "name": {"Registrar (synthetic)"}, "role": {"npb_registrar"}, "jurisdiction_id": {fmt.Sprint(pk.ID)}})
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/admin/approvals" {
		t.Fatalf("privileged account = %d %s, want proposed", p.Status, p.Header.Get("Location"))
	}
	apps, err := e.svc.Approvals(e.ctx, e.actor(admin2), nsor.ApprovalPending, nsor.Page{})
	if err != nil || len(apps.Items) != 1 {
		t.Fatalf("approvals = %v, %v", apps, err)
	}
	id := apps.Items[0].ID
	if p := a1.post(fmt.Sprintf("/admin/approvals/%d/approve", id), nil); p.Status != http.StatusForbidden {
		t.Errorf("the proposer approving = %d, want 403", p.Status)
	}
	if p := a2.get("/admin/approvals"); !p.has(fmt.Sprintf("/admin/approvals/%d/approve", id)) {
		t.Errorf("the second administrator does not see the proposal:\n%s", p.Body)
	}
	p = a2.post(fmt.Sprintf("/admin/approvals/%d/approve", id), nil)
	if p.Status != http.StatusOK || !p.has(`src="data:image/png;base64,`) {
		t.Fatalf("approve = %d:\n%s", p.Status, p.Body)
	}
	if p := a2.post(fmt.Sprintf("/admin/users/%d/sessions/end", io.ID), nil); p.Status != http.StatusSeeOther {
		t.Fatalf("end the officer's sessions = %d", p.Status)
	}
	if p := officer.get("/officer"); p.Status != http.StatusSeeOther || !strings.Contains(p.Header.Get("Location"), "/signin") {
		t.Errorf("the officer after the administrator ended the sessions = %d %s", p.Status, p.Header.Get("Location"))
	}
}
