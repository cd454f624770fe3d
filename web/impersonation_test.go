package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"nsor"
	"nsor/auth"
)

// The attacks of an administrator who would act as someone else
// (docs/adr/0014-no-impersonation.md), each made through the API. On a
// system without the rule each of them reads the register or holds another
// person's credentials; here each is refused or waits for a second
// administrator.

// registerRecord enters one checked register record and returns its ID.
func registerRecord(t *testing.T, e *env, c *cast) int64 {
	t.Helper()
	return enterRecord(t, e, e.login(c.registrar1), e.login(c.registrar2), offenderRecord())
}

// readRecord reads a register record with the client's token, for record
// maintenance.
func readRecord(e *env, token string, id int64) error {
	_, err := e.api.As(token).Do(e.ctx, http.MethodGet, "/api/v1/register/records/"+strconv.FormatInt(id, 10)+"?purpose=maintenance", nil, nil)
	return err
}

// TestAdminCannotMintTokenForPerson: an administrator asks for a machine
// token of a registrar's account, with the registrar's scopes, and would
// read the register with it.
func TestAdminCannotMintTokenForPerson(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	id := registerRecord(t, e, c)
	var tok struct {
		Token string `json:"token"`
	}
	_, err := e.login(e.users["admin"]).Do(e.ctx, http.MethodPost, "/api/v1/tokens", map[string]any{"user_id": c.registrar1.ID,
		"name": "not really a machine", "scopes": []string{"register:read", "register:write"}, "expires_in_hours": 24}, &tok)
	if err == nil {
		t.Errorf("admin minted a token for registrar1; reading record %d with it: %v (want no token at all)", id, readRecord(e, tok.Token, id))
		return
	}
	problem(t, "POST /tokens for a person", err, http.StatusUnprocessableEntity, "token.not_service_account")
}

// TestAdminCannotPromoteThemself: an administrator gives themself the
// registrar's role, signs in again and would read the register.
func TestAdminCannotPromoteThemself(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	id := registerRecord(t, e, c)
	admin := e.users["admin"]
	_, err := e.login(admin).Do(e.ctx, http.MethodPatch, "/api/v1/users/"+strconv.FormatInt(admin.ID, 10),
		map[string]any{"role": "npb_registrar"}, nil)
	if err == nil {
		_, err := e.login(admin).Do(e.ctx, http.MethodGet, "/api/v1/register/records/"+strconv.FormatInt(id, 10)+"?purpose=maintenance", nil, nil)
		t.Errorf("admin made themself a registrar; reading record %d: %v (want the change refused)", id, err)
		return
	}
	problem(t, "PATCH own role", err, http.StatusForbidden, "user.self_change")
	for _, patch := range []map[string]any{{"disabled": true}, {"jurisdiction_id": e.jurisdiction("PB").ID}} {
		_, err := e.login(admin).Do(e.ctx, http.MethodPatch, "/api/v1/users/"+strconv.FormatInt(admin.ID, 10), patch, nil)
		problem(t, "PATCH own status or jurisdiction", err, http.StatusForbidden, "user.self_change")
	}
}

// TestAdminCannotCreateRegistrarAlone: an administrator creates a registrar
// account, receives its one-time credentials, signs in with them and would
// read the register.
func TestAdminCannotCreateRegistrarAlone(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	id := registerRecord(t, e, c)
	var made struct {
		User        *nsor.User              `json:"user"`
		Credentials *nsor.Credentials       `json:"credentials"`
		Approval    *struct{ State string } `json:"approval"`
	}
	resp, err := e.login(e.users["admin"]).Do(e.ctx, http.MethodPost, "/api/v1/users", map[string]any{"username": "registrar.shadow",
		"name": "Shadow registrar (synthetic)", "role": "npb_registrar", "jurisdiction_id": e.jurisdiction("PK").ID}, &made)
	if err != nil {
		t.Fatalf("POST /users: %v", err)
	}
	if made.Credentials != nil {
		tu := &testUser{User: made.User, Password: made.Credentials.Password, Secret: made.Credentials.TOTPSecret}
		_, err := e.login(tu).Do(e.ctx, http.MethodGet, "/api/v1/register/records/"+strconv.FormatInt(id, 10)+"?purpose=maintenance", nil, nil)
		t.Errorf("POST /users gave the administrator a registrar's credentials; reading record %d with them: %v", id, err)
	}
	if resp.StatusCode != http.StatusAccepted || made.Approval == nil || made.Approval.State != "pending" {
		t.Errorf("POST /users (registrar) = %d, approval %+v; want 202 with a pending approval", resp.StatusCode, made.Approval)
	}
	if _, _, err := e.api.SignIn(e.ctx, "registrar.shadow", "", ""); err == nil {
		t.Errorf("the proposed registrar can sign in before approval")
	}
}

// TestAdminCannotResetSecondFactorAlone: an administrator resets an
// officer's password and second factor, receives the new ones and would sign
// in as the officer.
func TestAdminCannotResetSecondFactorAlone(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	var body map[string]any
	resp, err := e.login(e.users["admin"]).Do(e.ctx, http.MethodPost, "/api/v1/users/"+strconv.FormatInt(c.dpp.ID, 10)+"/reset-credentials", nil, &body)
	if err != nil {
		t.Fatalf("reset-credentials: %v", err)
	}
	if pw, ok := body["password"].(string); ok {
		code, _ := auth.Code(body["totp_secret"].(string), e.clock.Now())
		_, _, err := e.api.SignIn(e.ctx, c.dpp.Username, pw, code)
		t.Errorf("reset-credentials gave the administrator the prosecutor's new credentials; signing in as the prosecutor: %v", err)
		return
	}
	if resp.StatusCode != http.StatusAccepted || !strings.Contains(body["approval"].(map[string]any)["state"].(string), "pending") {
		t.Errorf("reset-credentials = %d %v, want 202 with a pending approval", resp.StatusCode, body)
	}
	e.login(c.dpp) // the prosecutor's own credentials still work
}

// TestAdminSessionCarriesNoRegisterScope: an administrator's own token does
// not carry the register's scopes, whatever their role allows.
func TestAdminSessionCarriesNoRegisterScope(t *testing.T) {
	e := newEnv(t)
	var me struct {
		Token struct{ Scopes []string } `json:"token"`
	}
	if _, err := e.login(e.users["admin"]).Do(e.ctx, http.MethodGet, "/api/v1/me", nil, &me); err != nil {
		t.Fatal(err)
	}
	for _, sc := range me.Token.Scopes {
		if sc == "*" || strings.HasPrefix(sc, "register:") {
			t.Errorf("administrator's session scopes = %v, want none that reads the register", me.Token.Scopes)
		}
	}
}

// TestAdminCannotCreatePrivilegedAlone: every role whose holder reads
// register data (analyst, registrar), releases it (prosecutor), reads
// released records through a misuse case (auditor) or approves such grants
// (administrator) is only proposed when one administrator asks for it; so is
// an officer, who reads the releases of any case transferred to them. The
// roles that read none are made at once.
func TestAdminCannotCreatePrivilegedAlone(t *testing.T) {
	e := newEnv(t)
	district := e.jurisdiction("PB-LHR-LHR").ID
	for i, tc := range []struct {
		role         nsor.Role
		jurisdiction int64
		want         int
	}{
		{nsor.RoleAnalyst, e.jurisdiction("PK").ID, http.StatusAccepted},
		{nsor.RoleRegistrar, e.jurisdiction("PK").ID, http.StatusAccepted},
		{nsor.RoleDPP, district, http.StatusAccepted},
		{nsor.RoleAuditor, e.jurisdiction("PK").ID, http.StatusAccepted},
		{nsor.RoleAdmin, e.jurisdiction("PK").ID, http.StatusAccepted},
		{nsor.RoleIO, district, http.StatusAccepted},
		{nsor.RoleDPO, district, http.StatusCreated},
	} {
		var made struct {
			Credentials *nsor.Credentials `json:"credentials"`
		}
		resp, err := e.login(e.users["admin"]).Do(e.ctx, http.MethodPost, "/api/v1/users", map[string]any{
			"username": "made." + strconv.Itoa(i), "name": "Made Alone (synthetic)", "role": tc.role,
			"jurisdiction_id": tc.jurisdiction}, &made)
		if err != nil {
			t.Fatalf("POST /users (%s): %v", tc.role, err)
		}
		if resp.StatusCode != tc.want || (tc.want == http.StatusAccepted) != (made.Credentials == nil) {
			t.Errorf("POST /users (%s) by one administrator = %d, credentials shown %v; want %d", tc.role,
				resp.StatusCode, made.Credentials != nil, tc.want)
		}
	}
}
