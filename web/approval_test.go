package web_test

import (
	"net/http"
	"testing"

	"nsor"
	"nsor/client"
)

// The second administrator's approval, through the API
// (docs/adr/0014-no-impersonation.md).

// proposal is the answer to an act that waits for a second administrator.
type proposal struct {
	Approval *nsor.Approval `json:"approval"`
}

// propose makes an act that must answer 202 with a pending approval.
func propose(t *testing.T, e *env, c *client.Client, method, path string, body any) *nsor.Approval {
	t.Helper()
	var p proposal
	resp, err := c.Do(e.ctx, method, path, body, &p)
	if err != nil || resp.StatusCode != http.StatusAccepted || p.Approval == nil || p.Approval.State != nsor.ApprovalPending {
		t.Fatalf("%s %s = %v, %+v; want 202 with a pending approval", method, path, err, p.Approval)
	}
	return p.Approval
}

// decide approves or declines approval id.
func decide(e *env, c *client.Client, id int64, verb string, out any) error {
	_, err := c.Do(e.ctx, http.MethodPost, "/api/v1/approvals/"+itoa(id)+"/"+verb, nil, out)
	return err
}

// TestApprovalCreatesRegistrar: a registrar proposed by one administrator
// exists only once a second approves; the proposer cannot approve; the
// credentials go to the approver, once.
func TestApprovalCreatesRegistrar(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	recordID := registerRecord(t, e, c)
	a, b := e.login(e.users["admin"]), e.login(e.user("admin.b", nsor.RoleAdmin, "PK"))
	p := propose(t, e, a, http.MethodPost, "/api/v1/users", map[string]any{"username": "registrar3",
		"name": "Registrar three (synthetic)", "role": "npb_registrar", "jurisdiction_id": e.jurisdiction("PK").ID})
	var listed struct{ Items []*nsor.Approval }
	if _, err := b.Do(e.ctx, http.MethodGet, "/api/v1/approvals?state=pending", nil, &listed); err != nil ||
		len(listed.Items) != 1 || listed.Items[0].ID != p.ID || listed.Items[0].ProposedBy != e.users["admin"].ID {
		t.Fatalf("GET /approvals?state=pending = %+v, %v; want the one proposal by admin", listed.Items, err)
	}
	var inbox struct{ Items []nsor.Notification }
	if _, err := b.Do(e.ctx, http.MethodGet, "/api/v1/notifications", nil, &inbox); err != nil ||
		len(inbox.Items) != 1 || inbox.Items[0].Kind != nsor.NoteApproval {
		t.Errorf("second administrator's inbox = %+v, %v; want the proposal", inbox.Items, err)
	}
	problem(t, "proposer approves", decide(e, a, p.ID, "approve", nil), http.StatusForbidden, "approval.own_proposal")
	problem(t, "proposer declines", decide(e, a, p.ID, "decline", nil), http.StatusForbidden, "approval.own_proposal")
	var out nsor.AccountResult
	if err := decide(e, b, p.ID, "approve", &out); err != nil {
		t.Fatalf("second administrator approves: %v", err)
	}
	if out.User == nil || out.User.Role != nsor.RoleRegistrar || out.Credentials == nil || out.Approval.State != nsor.ApprovalApproved {
		t.Fatalf("approve = %+v, want the registrar with credentials and the approval approved", out)
	}
	reg := &testUser{User: out.User, Password: out.Credentials.Password, Secret: out.Credentials.TOTPSecret}
	read := func() error {
		_, err := e.login(reg).Do(e.ctx, http.MethodGet, "/api/v1/register/records/"+itoa(recordID)+"?purpose=maintenance", nil, nil)
		return err
	}
	problem(t, "approved registrar reads before choosing a password", read(), http.StatusForbidden, "auth.password_change_required")
	changePassword(t, e, reg, "a passphrase of the registrar's own (synthetic)")
	if err := read(); err != nil {
		t.Errorf("approved registrar reads a record with their own password: %v", err)
	}
	problem(t, "approve twice", decide(e, b, p.ID, "approve", nil), http.StatusConflict, "approval.decided")
	_, err := e.login(e.users["io.lhr1"]).Do(e.ctx, http.MethodGet, "/api/v1/approvals", nil, nil)
	problem(t, "an officer lists approvals", err, http.StatusForbidden, "auth.forbidden")
}

// TestApprovalDeclinedReset: a declined reset changes nothing; the person's
// own credentials still work, and the proposal cannot be approved after.
func TestApprovalDeclinedReset(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	a, b := e.login(e.users["admin"]), e.login(e.user("admin.b", nsor.RoleAdmin, "PK"))
	p := propose(t, e, a, http.MethodPost, "/api/v1/users/"+itoa(c.dpp.ID)+"/reset-credentials", nil)
	var out nsor.Approval
	if err := decide(e, b, p.ID, "decline", &out); err != nil || out.State != nsor.ApprovalDeclined || out.DecidedBy != e.users["admin.b"].ID {
		t.Fatalf("decline = %+v, %v; want declined by admin.b", out, err)
	}
	problem(t, "approve after decline", decide(e, b, p.ID, "approve", nil), http.StatusConflict, "approval.decided")
	e.login(c.dpp)
}

// TestApprovalResetShowsCredentialsToApprover: an approved reset gives the
// person new credentials, shown to the approver, and voids the old ones.
func TestApprovalResetShowsCredentialsToApprover(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	a, b := e.login(e.users["admin"]), e.login(e.user("admin.b", nsor.RoleAdmin, "PK"))
	old := e.login(c.dpp)
	p := propose(t, e, a, http.MethodPost, "/api/v1/users/"+itoa(c.dpp.ID)+"/reset-credentials", nil)
	var out nsor.AccountResult
	if err := decide(e, b, p.ID, "approve", &out); err != nil || out.Credentials == nil {
		t.Fatalf("approve reset = %+v, %v; want new credentials", out, err)
	}
	if _, err := old.Do(e.ctx, http.MethodGet, "/api/v1/me", nil, nil); statusOf(err) != http.StatusUnauthorized {
		t.Errorf("the prosecutor's old token after the reset: %v, want 401", err)
	}
	fresh := &testUser{User: c.dpp.User, Password: out.Credentials.Password, Secret: out.Credentials.TOTPSecret}
	_, err := e.login(fresh).Requests(e.ctx, "")
	problem(t, "the prosecutor acts before choosing a password", err, http.StatusForbidden, "auth.password_change_required")
	_, err = e.login(fresh).Do(e.ctx, http.MethodPost, "/api/v1/me/password", map[string]any{"current_password": fresh.Password,
		"new_password": fresh.Password, "code": e.code(fresh)}, nil)
	problem(t, "the same password again", err, http.StatusUnprocessableEntity, "password.unchanged")
	changePassword(t, e, fresh, "the prosecutor's own passphrase (synthetic)")
	if _, err := e.login(fresh).Requests(e.ctx, ""); err != nil {
		t.Errorf("the prosecutor lists requests with their own password: %v", err)
	}
}

// changePassword changes u's password through the API to next.
func changePassword(t *testing.T, e *env, u *testUser, next string) {
	t.Helper()
	if _, err := e.login(u).Do(e.ctx, http.MethodPost, "/api/v1/me/password", map[string]any{"current_password": u.Password,
		"new_password": next, "code": e.code(u)}, nil); err != nil {
		t.Fatalf("change %s's password: %v", u.Username, err)
	}
	u.Password = next
}

// TestApprovalExpires: a proposal not decided within 72 hours lapses.
func TestApprovalExpires(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	a, b := e.login(e.users["admin"]), e.login(e.user("admin.b", nsor.RoleAdmin, "PK"))
	p := propose(t, e, a, http.MethodPatch, "/api/v1/users/"+itoa(c.io1.ID), map[string]any{"role": "dpp"})
	e.clock.Advance(nsor.ApprovalTTL)
	b = e.login(e.users["admin.b"]) // the session token lapsed too
	problem(t, "approve after 72 hours", decide(e, b, p.ID, "approve", nil), http.StatusConflict, "approval.expired")
	var listed struct{ Items []*nsor.Approval }
	if _, err := b.Do(e.ctx, http.MethodGet, "/api/v1/approvals?state=expired", nil, &listed); err != nil || len(listed.Items) != 1 {
		t.Errorf("GET /approvals?state=expired = %+v, %v; want the lapsed proposal", listed.Items, err)
	}
	var me struct{ User nsor.User }
	if _, err := e.login(c.io1).Do(e.ctx, http.MethodGet, "/api/v1/me", nil, &me); err != nil || me.User.Role != nsor.RoleIO {
		t.Errorf("io.lhr1 after the lapsed proposal = %v, %v; want still an officer", me.User.Role, err)
	}
}

// TestApprovalNotAboutYourself: an administrator cannot approve a change to
// their own account that another proposed (the pair would otherwise grant
// each other what neither may take).
func TestApprovalNotAboutYourself(t *testing.T) {
	e := newEnv(t)
	a, b := e.login(e.users["admin"]), e.login(e.user("admin.b", nsor.RoleAdmin, "PK"))
	cAdmin := e.login(e.user("admin.c", nsor.RoleAdmin, "PK"))
	p := propose(t, e, a, http.MethodPatch, "/api/v1/users/"+itoa(e.users["admin.b"].ID), map[string]any{"role": "npb_registrar"})
	problem(t, "approve own promotion", decide(e, b, p.ID, "approve", nil), http.StatusForbidden, "approval.about_yourself")
	var out nsor.AccountResult
	if err := decide(e, cAdmin, p.ID, "approve", &out); err != nil || out.User.Role != nsor.RoleRegistrar {
		t.Errorf("a third administrator approves = %+v, %v; want admin.b a registrar", out.User, err)
	}
}

// TestApprovalWaitsForAdministrator: making an administrator also needs a
// second one, or one administrator could make the second themself.
func TestApprovalWaitsForAdministrator(t *testing.T) {
	e := newEnv(t)
	a := e.login(e.users["admin"])
	propose(t, e, a, http.MethodPost, "/api/v1/users", map[string]any{"username": "admin.puppet",
		"name": "Puppet (synthetic)", "role": "admin", "jurisdiction_id": e.jurisdiction("PK").ID})
	_, err := a.Do(e.ctx, http.MethodPost, "/api/v1/users", map[string]any{"username": "registrar.pw",
		"name": "Registrar (synthetic)", "role": "npb_registrar", "jurisdiction_id": e.jurisdiction("PK").ID,
		"password": "correct horse battery staple"}, nil)
	problem(t, "a password for an account that needs approval", err, http.StatusUnprocessableEntity, "user.password_with_approval")
}

// TestNewAccountMustChoosePassword: an account made through the API, whose
// password the administrator saw, can do nothing but choose its own.
func TestNewAccountMustChoosePassword(t *testing.T) {
	e := newEnv(t)
	var made struct {
		User        *nsor.User
		Credentials *nsor.Credentials
	}
	if _, err := e.login(e.users["admin"]).Do(e.ctx, http.MethodPost, "/api/v1/users", map[string]any{"username": "dpo.new",
		"name": "New DPO (synthetic)", "role": "dpo", "jurisdiction_id": e.jurisdiction("PB-LHR-LHR").ID}, &made); err != nil {
		t.Fatal(err)
	}
	if !made.User.MustChangePassword {
		t.Errorf("new account made through the API: must_change_password = false, want true")
	}
	u := &testUser{User: made.User, Password: made.Credentials.Password, Secret: made.Credentials.TOTPSecret}
	_, err := e.login(u).Requests(e.ctx, "")
	problem(t, "new DPO lists requests", err, http.StatusForbidden, "auth.password_change_required")
	changePassword(t, e, u, "the new DPO's own passphrase (synthetic)")
	if _, err := e.login(u).Requests(e.ctx, ""); err != nil {
		t.Errorf("new DPO lists requests with their own password: %v", err)
	}
}
