package service_test

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"nsor"
	"nsor/auditrec"
	"nsor/service"
)

// caseUserID is the ID of a username as the store holds it, or 0.
func caseUserID(w *world, username string) int64 {
	w.t.Helper()
	var u *nsor.User
	err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { u, err = tx.UserByUsername(username); return err })
	if nsor.KindOf(err) == nsor.KindNotFound {
		return 0
	} else if err != nil {
		w.t.Fatal(err)
	}
	return u.ID
}

// TestCaseAddUser, on SQLite and PostgreSQL: over the API an administrator
// creates an account of a role that does not read the register at once, and
// proposes one that does; a second administrator approves it and gets its
// first credentials, once;
// a proposal is decided once, never by its proposer, and lapses after
// ApprovalTTL.
func TestCaseAddUser(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newWorld(t, dsn)
		admin, admin2 := caseAPI(w, "admin"), caseAPI(w, "admin2")
		lhr := caseJurisdiction(w, "PB-LHR-LHR").ID
		pk := caseJurisdiction(w, "PK").ID

		res, err := w.svc.AddUser(w.ctx, admin, nsor.NewUser{Username: "dpo.case", Name: "Dpo Synthetic", Rank: "SSP", Role: nsor.RoleDPO, JurisdictionID: lhr})
		if err != nil || res.User == nil || res.Credentials == nil || res.Approval != nil || !caseUser(w, res.User.ID).MustChangePassword {
			t.Fatalf("AddUser(DPO) = %+v, %v; want the account at once, its password to be changed", res, err)
		}
		res, err = w.svc.AddUser(w.ctx, admin, nsor.NewUser{Username: "analyst.case", Name: "Analyst Synthetic", Role: nsor.RoleAnalyst, JurisdictionID: pk})
		if err != nil || !res.Pending() || res.User != nil || caseUserID(w, "analyst.case") != 0 {
			t.Fatalf("AddUser(analyst) = %+v, %v; want a pending approval and no account yet", res, err)
		}
		p := res.Approval
		if caseNotes(w, admin2.ID(), nsor.NoteApproval) == 0 {
			t.Errorf("the second administrator was not asked")
		}
		listed, err := w.svc.Approvals(w.ctx, admin2, nsor.ApprovalPending, nsor.Page{Limit: 200})
		if err != nil || !slices.ContainsFunc(listed.Items, func(x *nsor.Approval) bool { return x.ID == p.ID }) {
			t.Errorf("Approvals(pending) = %d, %v; want proposal %d", len(listed.Items), err, p.ID)
		}

		add := func(a *nsor.Actor, in nsor.NewUser) func() error {
			return func() error { _, err := w.svc.AddUser(w.ctx, a, in); return err }
		}
		analyst := func(mod func(*nsor.NewUser)) nsor.NewUser {
			in := nsor.NewUser{Username: "analyst.other", Name: "Analyst Synthetic", Role: nsor.RoleAnalyst, JurisdictionID: pk}
			mod(&in)
			return in
		}
		caseRefuses(t, w, []caseRefusal{
			{"approved by its proposer", "approval.approve", "approval.own_proposal", func() error { _, err := w.svc.Approve(w.ctx, admin, p.ID); return err }},
			{"declined by its proposer", "approval.decline", "approval.own_proposal", func() error { _, err := w.svc.Decline(w.ctx, admin, p.ID); return err }},
			{"approved by a registrar", "approval.approve", "auth.forbidden", func() error { _, err := w.svc.Approve(w.ctx, w.as("registrar1"), p.ID); return err }},
			{"approval of nothing", "approval.approve", "approval.not_found", func() error { _, err := w.svc.Approve(w.ctx, admin2, 999999); return err }},
			{"created at once over the API", "user.create", "approval.required", func() error {
				_, _, err := w.svc.CreateUser(w.ctx, admin, analyst(func(*nsor.NewUser) {}))
				return err
			}},
			{"proposed with a password", "user.create", "user.password_with_approval", add(admin, analyst(func(in *nsor.NewUser) { in.Password = "a long synthetic password" }))},
			{"username taken", "user.create", "user.username_taken", add(admin, analyst(func(in *nsor.NewUser) { in.Username = "analyst1" }))},
			{"username invalid", "user.create", "user.username_invalid", add(admin, analyst(func(in *nsor.NewUser) { in.Username = "A" }))},
			{"no name", "user.create", "user.name_required", add(admin, analyst(func(in *nsor.NewUser) { in.Name = " " }))},
			{"analyst of a district", "user.create", "user.jurisdiction_level", add(admin, analyst(func(in *nsor.NewUser) { in.JurisdictionID = lhr }))},
			{"no such jurisdiction", "user.create", "user.jurisdiction_unknown", add(admin, analyst(func(in *nsor.NewUser) { in.JurisdictionID = 999999 }))},
			{"by a supervisor", "user.create", "auth.forbidden", add(w.as("supervisor1"), analyst(func(*nsor.NewUser) {}))},
			{"a DPO of the country", "user.create", "user.jurisdiction_level", add(admin, nsor.NewUser{Username: "dpo.x", Name: "X", Role: nsor.RoleDPO, JurisdictionID: pk})},
			{"a role of no kind", "user.create", "user.role_unknown", add(admin, nsor.NewUser{Username: "dpo.x", Name: "X", Role: "king", JurisdictionID: pk})},
			{"a weak password", "user.create", "password.too_short", add(admin, nsor.NewUser{Username: "dpo.x", Name: "X", Role: nsor.RoleDPO, JurisdictionID: lhr, Password: "short"})},
		})

		got, err := w.svc.Approve(w.ctx, admin2, p.ID)
		if err != nil || got.User == nil || got.Credentials == nil || got.Approval.State != nsor.ApprovalApproved || got.Approval.DecidedBy != admin2.ID() {
			t.Fatalf("Approve = %+v, %v; want the account with its credentials", got, err)
		}
		if u := caseUser(w, got.User.ID); u.Role != nsor.RoleAnalyst || !u.MustChangePassword || u.Username != "analyst.case" {
			t.Errorf("approved account = %+v", u)
		}
		caseRefuses(t, w, []caseRefusal{
			{"approved twice", "approval.approve", "approval.decided", func() error { _, err := w.svc.Approve(w.ctx, admin2, p.ID); return err }},
			{"declined after approval", "approval.decline", "approval.decided", func() error { _, err := w.svc.Decline(w.ctx, admin2, p.ID); return err }},
		})

		// Declined: nothing of it takes effect.
		res, err = w.svc.AddUser(w.ctx, admin, analyst(func(*nsor.NewUser) {}))
		if err != nil {
			t.Fatal(err)
		}
		if d, err := w.svc.Decline(w.ctx, admin2, res.Approval.ID); err != nil || d.State != nsor.ApprovalDeclined || caseUserID(w, "analyst.other") != 0 {
			t.Errorf("Decline = %+v, %v; want declined and no account", d, err)
		}
		// Lapsed: listed as expired, and refused.
		res, err = w.svc.AddUser(w.ctx, admin, analyst(func(in *nsor.NewUser) { in.Username = "analyst.late" }))
		if err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(nsor.ApprovalTTL)
		expired, err := w.svc.Approvals(w.ctx, w.as("admin2"), nsor.ApprovalExpired, nsor.Page{Limit: 200})
		if err != nil || !slices.ContainsFunc(expired.Items, func(x *nsor.Approval) bool { return x.ID == res.Approval.ID }) {
			t.Errorf("Approvals(expired) = %d, %v; want proposal %d", len(expired.Items), err, res.Approval.ID)
		}
		if all, err := w.svc.Approvals(w.ctx, w.as("admin2"), "", nsor.Page{Limit: 200}); err != nil || len(all.Items) != 3 {
			t.Errorf("Approvals(all) = %d, %v; want 3", len(all.Items), err)
		}
		caseRefuses(t, w, []caseRefusal{
			{"approved after its time", "approval.approve", "approval.expired", func() error { _, err := w.svc.Approve(w.ctx, w.as("admin2"), res.Approval.ID); return err }},
			{"listed by an auditor", "approval.list", "auth.forbidden", func() error {
				_, err := w.svc.Approvals(w.ctx, w.as("auditor1"), "", nsor.Page{Limit: 200})
				return err
			}},
		})
		if us, err := w.svc.Users(w.ctx, w.as("admin"), nsor.Page{Limit: 200}); err != nil || !slices.ContainsFunc(us.Items, func(u *nsor.User) bool { return u.Username == "analyst.case" }) {
			t.Errorf("Users = %d, %v; want the approved account among them", len(us.Items), err)
		}
	})
}

// TestCaseUpdateUser: an administrator changes an account; a change of
// role, jurisdiction or status revokes its tokens; a promotion to a role
// that reads the register waits for a second administrator and comes with
// new credentials; nobody changes their own role, and nobody approves a
// change about themself.
func TestCaseUpdateUser(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	admin, admin2Secret := caseAPI(w, "admin"), caseSignIn(w, "admin2")
	admin2, err := w.svc.Authenticate(w.ctx, admin2Secret, caseClient)
	if err != nil {
		t.Fatal(err)
	}
	io2 := w.as("io.lahore2")
	rwp := caseJurisdiction(w, "PB-RWP-RWP").ID
	rank := "Inspector"
	u, p, err := w.svc.UpdateUser(w.ctx, admin, io2.ID(), nsor.UserPatch{Rank: &rank})
	if err != nil || p != nil || u.Rank != rank || caseUser(w, io2.ID()).CredVersion != io2.User.CredVersion {
		t.Fatalf("UpdateUser(rank) = %+v, %v, %v; want the rank changed, tokens kept", u, p, err)
	}
	u, _, err = w.svc.UpdateUser(w.ctx, admin, io2.ID(), nsor.UserPatch{JurisdictionID: &rwp})
	if err != nil || u.JurisdictionID != rwp || caseUser(w, io2.ID()).CredVersion != io2.User.CredVersion+1 {
		t.Fatalf("UpdateUser(jurisdiction) = %+v, %v; want moved, tokens revoked", u, err)
	}

	dpp, blank, admin2ID := nsor.RoleDPP, "", admin2.ID()
	dpo := w.as("dpo.lahore")
	update := func(a *nsor.Actor, id int64, p nsor.UserPatch) func() error {
		return func() error { _, _, err := w.svc.UpdateUser(w.ctx, a, id, p); return err }
	}
	yes, analyst, pb := true, nsor.RoleAnalyst, caseJurisdiction(w, "PB").ID
	caseRefuses(t, w, []caseRefusal{
		{"own role", "user.update", "user.self_change", update(admin, admin.ID(), nsor.UserPatch{Role: &dpp})},
		{"own status", "user.update", "user.self_change", update(admin, admin.ID(), nsor.UserPatch{Disabled: &yes})},
		{"a blank name", "user.update", "user.field_required", update(admin, io2.ID(), nsor.UserPatch{Name: &blank})},
		{"to a province", "user.update", "user.jurisdiction_level", update(admin, io2.ID(), nsor.UserPatch{JurisdictionID: &pb})},
		{"analyst of a district", "user.update", "user.jurisdiction_level", update(admin, dpo.ID(), nsor.UserPatch{Role: &analyst})},
		{"by an auditor", "user.update", "auth.forbidden", update(w.as("auditor1"), io2.ID(), nsor.UserPatch{Rank: &rank})},
		{"no such user", "user.update", "user.not_found", update(admin, 999999, nsor.UserPatch{Rank: &rank})},
	})

	// A DPO made a prosecutor: proposed, approved by another, with new
	// credentials.
	_, prop, err := w.svc.UpdateUser(w.ctx, admin, dpo.ID(), nsor.UserPatch{Role: &dpp})
	if err != nil || prop == nil || caseUser(w, dpo.ID()).Role != nsor.RoleDPO {
		t.Fatalf("UpdateUser(promote) = %+v, %v; want a proposal and the role unchanged", prop, err)
	}
	res, err := w.svc.Approve(w.ctx, admin2, prop.ID)
	if err != nil || res.Credentials == nil || res.User.Role != nsor.RoleDPP {
		t.Fatalf("Approve(promotion) = %+v, %v; want a prosecutor with new credentials", res, err)
	}
	if got := caseUser(w, dpo.ID()); got.Role != nsor.RoleDPP || !got.MustChangePassword || got.CredVersion <= dpo.User.CredVersion {
		t.Errorf("promoted user = role %s, must change %v, cred version %d", got.Role, got.MustChangePassword, got.CredVersion)
	}

	// Disabling an administrator (not a promotion) is done at once and
	// voids their session; a change about them is not theirs to approve.
	_, prop, err = w.svc.UpdateUser(w.ctx, admin, admin2ID, nsor.UserPatch{Disabled: &yes})
	if err != nil || prop != nil {
		t.Fatalf("UpdateUser(disable admin2) = %+v, %v; want at once (not a promotion)", prop, err)
	}
	_, err = w.svc.Authenticate(w.ctx, admin2Secret, caseClient)
	wantCode(t, "Authenticate(disabled administrator's session)", err, "auth.token_revoked")
	no := false
	if _, _, err := w.svc.UpdateUser(w.ctx, admin, admin2ID, nsor.UserPatch{Disabled: &no}); err != nil {
		t.Fatal(err)
	}
	_, reset, err := w.svc.ResetCredentials(w.ctx, admin, admin2ID)
	if err != nil || reset == nil {
		t.Fatalf("ResetCredentials(admin2) over the API = %v, %v; want a proposal", reset, err)
	}
	admin2 = caseAPI(w, "admin2") // signed in again: the status change revoked the session
	caseRefuses(t, w, []caseRefusal{
		{"approval about yourself", "approval.approve", "approval.about_yourself", func() error { _, err := w.svc.Approve(w.ctx, admin2, reset.ID); return err }},
	})
}

// TestCaseResetCredentials: over the API a reset waits for a second
// administrator, who gets the new credentials; at the console it is done
// at once; the person's tokens are void either way.
func TestCaseResetCredentials(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	admin, admin2 := caseAPI(w, "admin"), caseAPI(w, "admin2")
	ioSecret := caseSignIn(w, "io.lahore1")
	io, err := w.svc.Authenticate(w.ctx, ioSecret, caseClient)
	if err != nil {
		t.Fatal(err)
	}
	creds, p, err := w.svc.ResetCredentials(w.ctx, admin, io.ID())
	if err != nil || creds != nil || p == nil || p.Kind != nsor.ApproveReset {
		t.Fatalf("ResetCredentials(API) = %v, %+v, %v; want a proposal", creds, p, err)
	}
	res, err := w.svc.Approve(w.ctx, admin2, p.ID)
	if err != nil || res.Credentials == nil || res.Credentials.Password == w.seed.Users["io.lahore1"].Password {
		t.Fatalf("Approve(reset) = %+v, %v; want new credentials", res, err)
	}
	if _, err := w.svc.Authenticate(w.ctx, ioSecret, caseClient); nsor.ErrorCode(err) != "auth.token_revoked" {
		t.Errorf("Authenticate(the officer's session after the reset) = %v, want auth.token_revoked", err)
	}
	if u := caseUser(w, io.ID()); !u.MustChangePassword || u.CredVersion != io.User.CredVersion+1 {
		t.Errorf("reset user: must change %v, cred version %d; want true, %d", u.MustChangePassword, u.CredVersion, io.User.CredVersion+1)
	}
	creds, p, err = w.svc.ResetCredentials(w.ctx, w.as("admin"), io.ID())
	if err != nil || creds == nil || p != nil {
		t.Fatalf("ResetCredentials(console) = %v, %v, %v; want the credentials at once", creds, p, err)
	}
	svcAcct, err := w.svc.CreateServiceAccount(w.ctx, w.as("admin"), nsor.NewServiceAccount{Username: "svc.dash", Name: "Dashboard client",
		Role: nsor.RoleOversight, JurisdictionID: caseJurisdiction(w, "PB").ID, Scopes: []string{nsor.ScopeDashboard}})
	if err != nil {
		t.Fatal(err)
	}
	role := nsor.RoleSupervisor
	caseRefuses(t, w, []caseRefusal{
		{"reset by an officer", "user.reset_credentials", "auth.forbidden", func() error { _, _, err := w.svc.ResetCredentials(w.ctx, io, io.ID()); return err }},
		{"reset of no user", "user.reset_credentials", "user.not_found", func() error { _, _, err := w.svc.ResetCredentials(w.ctx, admin, 999999); return err }},
		{"reset of a service account", "user.reset_credentials", "user.service_account_no_credentials",
			func() error { _, _, err := w.svc.ResetCredentials(w.ctx, admin, svcAcct.User.ID); return err }},
		{"role of a service account", "user.update", "user.service_account_fixed",
			func() error {
				_, _, err := w.svc.UpdateUser(w.ctx, admin, svcAcct.User.ID, nsor.UserPatch{Role: &role})
				return err
			}},
	})
}

// TestCaseServiceAccountsAndTokens: a machine client's account and its
// tokens; those that read or change the register wait for a second
// administrator, who alone sees the secret; a token carries only its
// scopes and stops at revocation.
func TestCaseServiceAccountsAndTokens(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	admin, admin2 := caseAPI(w, "admin"), caseAPI(w, "admin2")
	pb, pk := caseJurisdiction(w, "PB").ID, caseJurisdiction(w, "PK").ID
	dash := nsor.NewServiceAccount{Username: "Svc.Dash ", Name: "Dashboard client", Role: nsor.RoleOversight, JurisdictionID: pb, Scopes: []string{nsor.ScopeDashboard}}
	res, err := w.svc.CreateServiceAccount(w.ctx, admin, dash)
	if err != nil || res.User == nil || !res.User.IsService() || res.User.Username != "svc.dash" {
		t.Fatalf("CreateServiceAccount(dashboard) = %+v, %v; want the account at once", res, err)
	}
	acct := res.User
	reg := nsor.NewServiceAccount{Username: "svc.reg", Name: "Register feed", Role: nsor.RoleRegistrar, JurisdictionID: pk, Scopes: []string{nsor.ScopeRegisterWrite}}
	res, err = w.svc.CreateServiceAccount(w.ctx, admin, reg)
	if err != nil || !res.Pending() || caseUserID(w, "svc.reg") != 0 {
		t.Fatalf("CreateServiceAccount(register) = %+v, %v; want a proposal", res, err)
	}
	if got, err := w.svc.Approve(w.ctx, admin2, res.Approval.ID); err != nil || got.User == nil || got.User.Role != nsor.RoleRegistrar {
		t.Fatalf("Approve(service account) = %+v, %v", got, err)
	}
	regID := caseUserID(w, "svc.reg")

	tok, err := w.svc.IssueMachineToken(w.ctx, admin, acct.ID, "dashboard", []string{nsor.ScopeDashboard}, 24*time.Hour)
	if err != nil || tok.Token == "" || tok.TokenInfo == nil {
		t.Fatalf("IssueMachineToken(dashboard) = %+v, %v; want a token at once", tok, err)
	}
	client := nsor.Client{Addr: "192.0.2.20", Source: "api"}
	machine, err := w.svc.Authenticate(w.ctx, tok.Token, client)
	if err != nil || machine.ID() != acct.ID {
		t.Fatalf("Authenticate(machine token) = %+v, %v", machine, err)
	}
	pending, err := w.svc.IssueMachineToken(w.ctx, admin, regID, "feed", []string{nsor.ScopeRegisterWrite}, 24*time.Hour)
	if err != nil || !pending.Pending() || pending.Token != "" {
		t.Fatalf("IssueMachineToken(register) = %+v, %v; want a proposal without the secret", pending, err)
	}
	granted, err := w.svc.Approve(w.ctx, admin2, pending.Approval.ID)
	if err != nil || granted.Token == "" {
		t.Fatalf("Approve(token) = %+v, %v; want the secret, to the approver", granted, err)
	}
	feed, err := w.svc.Authenticate(w.ctx, granted.Token, client)
	if err != nil {
		t.Fatal(err)
	}

	sa := func(mod func(*nsor.NewServiceAccount)) func() error {
		in := nsor.NewServiceAccount{Username: "svc.other", Name: "Other", Role: nsor.RoleOversight, JurisdictionID: pb, Scopes: []string{nsor.ScopeDashboard}}
		mod(&in)
		return func() error { _, err := w.svc.CreateServiceAccount(w.ctx, admin, in); return err }
	}
	issue := func(id int64, name string, scopes []string, ttl time.Duration) func() error {
		return func() error { _, err := w.svc.IssueMachineToken(w.ctx, admin, id, name, scopes, ttl); return err }
	}
	dashOnly := []string{nsor.ScopeDashboard}
	caseRefuses(t, w, []caseRefusal{
		{"an administrator account", "service_account.create", "service_account.admin", sa(func(in *nsor.NewServiceAccount) { in.Role, in.JurisdictionID = nsor.RoleAdmin, pk })},
		{"no scopes", "service_account.create", "token.scopes_required", sa(func(in *nsor.NewServiceAccount) { in.Scopes = nil })},
		{"the admin scope", "service_account.create", "token.scope_unknown", sa(func(in *nsor.NewServiceAccount) { in.Scopes = []string{nsor.ScopeAdmin} })},
		{"a taken username", "service_account.create", "user.username_taken", sa(func(in *nsor.NewServiceAccount) { in.Username = "svc.dash" })},
		{"no name", "service_account.create", "user.name_required", sa(func(in *nsor.NewServiceAccount) { in.Name = "" })},
		{"wrong level", "service_account.create", "user.jurisdiction_level", sa(func(in *nsor.NewServiceAccount) { in.JurisdictionID = pk })},
		{"by an auditor", "service_account.create", "auth.forbidden", func() error { _, err := w.svc.CreateServiceAccount(w.ctx, w.as("auditor1"), dash); return err }},
		{"token to a person", "token.issue", "token.not_service_account", issue(w.as("io.lahore1").ID(), "x", dashOnly, time.Hour)},
		{"token to nobody", "token.issue", "token.user_unknown", issue(999999, "x", dashOnly, time.Hour)},
		{"token scope not granted", "token.issue", "token.scope_not_granted", issue(acct.ID, "x", []string{nsor.ScopeAuditRead}, time.Hour)},
		{"token without a name", "token.issue", "token.name_required", issue(acct.ID, " ", dashOnly, time.Hour)},
		{"token without scopes", "token.issue", "token.scopes_required", issue(acct.ID, "x", nil, time.Hour)},
		{"token of an unknown scope", "token.issue", "token.scope_unknown", issue(acct.ID, "x", []string{"everything"}, time.Hour)},
		{"token for a minute", "token.issue", "token.lifetime", issue(acct.ID, "x", dashOnly, time.Minute)},
		{"token for two years", "token.issue", "token.lifetime", issue(acct.ID, "x", dashOnly, 2*366*24*time.Hour)},
		{"a machine reads FIRs", "fir.list", "auth.scope", func() error { _, err := w.svc.FIRs(w.ctx, machine, nsor.Page{}); return err }},
		{"a machine checks a change", "register.check", "record.checker_not_person", func() error {
			_, err := w.svc.CheckChange(w.ctx, feed, w.seed.PendingRecords[0], 1, true, "")
			return err
		}},
		{"a token revoked by another user", "token.revoke", "token.not_found", func() error { return w.svc.RevokeToken(w.ctx, w.as("io.lahore1"), tok.TokenInfo.ID) }},
	})

	if err := w.svc.RevokeToken(w.ctx, admin, tok.TokenInfo.ID); err != nil {
		t.Fatalf("RevokeToken = %v", err)
	}
	if _, err := w.svc.Authenticate(w.ctx, tok.Token, client); nsor.ErrorCode(err) != "auth.token_revoked" {
		t.Errorf("Authenticate(revoked) = %v, want auth.token_revoked", err)
	}
	if rec := caseLastAudit(w); rec.Action != "auth.token" || rec.Code != "auth.token_revoked" || rec.ActorID != acct.ID {
		t.Errorf("refused authentication recorded as %+v", rec)
	}
}

// TestCaseJurisdictions: an administrator adds and renames nodes of the
// hierarchy, within its shape; another instance sees the change once it
// follows the store's changes.
func TestCaseJurisdictions(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	admin := w.as("admin")
	lhr := caseJurisdiction(w, "PB-LHR-LHR")
	st := &nsor.Jurisdiction{Kind: nsor.KindStation, Code: " pb-lhr-lhr-syn9 ", Name: " Township (synthetic) ", ParentID: lhr.ID}
	if err := w.svc.CreateJurisdiction(w.ctx, admin, st); err != nil || st.ID == 0 || st.Code != "PB-LHR-LHR-SYN9" || st.Name != "Township (synthetic)" {
		t.Fatalf("CreateJurisdiction = %+v, %v", st, err)
	}
	all, err := w.svc.Jurisdictions(w.ctx, nsor.Page{Limit: 200})
	if err != nil || !slices.ContainsFunc(all.Items, func(j *nsor.Jurisdiction) bool { return j.ID == st.ID }) {
		t.Errorf("Jurisdictions = %d, %v; want the new station", len(all.Items), err)
	}
	// Another instance over the same database caches the hierarchy; it sees
	// a node renamed here once it follows the store's changes.
	other := service.New(nsor.Deps{Store: w.db, Clock: w.clock, Config: w.svc.Config()})
	secret := caseSignIn(w, "io.lahore1")
	seen := func() string {
		t.Helper()
		a, err := other.Authenticate(w.ctx, secret, caseClient)
		if err != nil {
			t.Fatalf("Authenticate(other instance) = %v", err)
		}
		return a.Jurisdiction.Name
	}
	if err := other.FollowChanges(w.ctx); err != nil {
		t.Fatalf("FollowChanges = %v", err)
	}
	old := seen()
	name, head := "Lahore City (synthetic)", nsor.HeadCCPO
	j, err := w.svc.UpdateJurisdiction(w.ctx, admin, lhr.ID, nsor.JurisdictionPatch{Name: &name, Head: &head})
	if err != nil || j.Name != name || j.Head != nsor.HeadCCPO || caseJurisdiction(w, "PB-LHR-LHR").Name != name {
		t.Fatalf("UpdateJurisdiction = %+v, %v", j, err)
	}
	if got := seen(); got != old {
		t.Errorf("other instance before following = %q, want its cached %q", got, old)
	}
	if err := other.FollowChanges(w.ctx); err != nil {
		t.Fatalf("FollowChanges = %v", err)
	}
	if got := seen(); got != name {
		t.Errorf("other instance after following = %q, want %q", got, name)
	}

	create := func(a *nsor.Actor, j nsor.Jurisdiction) func() error {
		return func() error { return w.svc.CreateJurisdiction(w.ctx, a, &j) }
	}
	update := func(id int64, p nsor.JurisdictionPatch) func() error {
		return func() error { _, err := w.svc.UpdateJurisdiction(w.ctx, admin, id, p); return err }
	}
	station := nsor.Jurisdiction{Kind: nsor.KindStation, Code: "PB-LHR-LHR-SYN8", Name: "Iqbal Town (synthetic)", ParentID: lhr.ID}
	with := func(mod func(*nsor.Jurisdiction)) nsor.Jurisdiction { j := station; mod(&j); return j }
	empty, long, bad, dpo := " ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", nsor.DistrictHead("KING"), nsor.HeadDPO
	caseRefuses(t, w, []caseRefusal{
		{"by a DPO", "jurisdiction.create", "auth.forbidden", create(w.as("dpo.lahore"), station)},
		{"no code", "jurisdiction.create", "jurisdiction.code_invalid", create(admin, with(func(j *nsor.Jurisdiction) { j.Code = "" }))},
		{"no name", "jurisdiction.create", "jurisdiction.name_required", create(admin, with(func(j *nsor.Jurisdiction) { j.Name = "" }))},
		{"a station with a head", "jurisdiction.create", "jurisdiction.head_not_district", create(admin, with(func(j *nsor.Jurisdiction) { j.Head = nsor.HeadDPO }))},
		{"no such parent", "jurisdiction.create", "jurisdiction.parent_unknown", create(admin, with(func(j *nsor.Jurisdiction) { j.ParentID = 999999 }))},
		{"a station under a province", "jurisdiction.create", "jurisdiction.kind_invalid", create(admin, with(func(j *nsor.Jurisdiction) { j.ParentID = caseJurisdiction(w, "PB").ID }))},
		{"a code taken", "jurisdiction.create", "jurisdiction.code_taken", create(admin, with(func(j *nsor.Jurisdiction) { j.Code = "PB-LHR-LHR-SYN9" }))},
		{"renamed blank", "jurisdiction.update", "jurisdiction.name_required", update(st.ID, nsor.JurisdictionPatch{Name: &empty})},
		{"a code too long", "jurisdiction.update", "jurisdiction.code_invalid", update(st.ID, nsor.JurisdictionPatch{Code: &long})},
		{"a head of no kind", "jurisdiction.update", "jurisdiction.head_invalid", update(lhr.ID, nsor.JurisdictionPatch{Head: &bad})},
		{"a station's head", "jurisdiction.update", "jurisdiction.head_not_district", update(st.ID, nsor.JurisdictionPatch{Head: &dpo})},
		{"no such node", "jurisdiction.update", "jurisdiction.not_found", update(999999, nsor.JurisdictionPatch{Name: &name})},
	})
}

// TestCaseConsole: the console bootstraps one administrator only, and
// records a schema migration.
func TestCaseConsole(t *testing.T) {
	w := newWorld(t, filepath.Join(t.TempDir(), "nsor.db"))
	caseRefuses(t, w, []caseRefusal{
		{"a second bootstrap", "user.create", "user.bootstrap_done", func() error {
			_, _, err := w.svc.Bootstrap(w.ctx, nsor.Operator{Name: "test"}, nsor.NewUser{Username: "admin.again", Name: "Admin Synthetic", JurisdictionID: caseJurisdiction(w, "PK").ID})
			return err
		}},
	})
	if err := w.svc.RecordMigration(w.ctx, nsor.Operator{Name: "test"}, 3, 4); err != nil {
		t.Fatalf("RecordMigration = %v", err)
	}
	rec := caseLastAudit(w)
	if rec.Action != "system.migrate" || rec.Outcome != auditrec.OutcomeOK ||
		!slices.Contains(rec.Details, auditrec.Detail{Key: "from", Value: "3"}) || !slices.Contains(rec.Details, auditrec.Detail{Key: "to", Value: "4"}) {
		t.Errorf("RecordMigration recorded as %+v", rec)
	}
}
