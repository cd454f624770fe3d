package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"nsor"
)

func testUsers(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	want := newUser("analyst.one", nsor.RoleAnalyst, w.country.ID)
	want.Failures, want.LockedUntil, want.Disabled = 2, at(30), true
	want.Kind, want.Scopes = nsor.UserService, []string{nsor.ScopeDashboard, nsor.ScopeRequestsRead}
	want.MustChangePassword = true
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.CreateUser(want); err != nil {
			t.Errorf("CreateUser = %v", err)
			return err
		}
		if want.ID == 0 {
			t.Errorf("CreateUser set ID = 0, want an ID")
		}
		err := tx.CreateUser(newUser("analyst.one", nsor.RoleIO, w.lahore.ID))
		wantErr(t, "CreateUser(taken)", err, nsor.KindConflict, "user.username_taken")
		return nil
	})
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.User(want.ID)
		if err != nil {
			t.Fatalf("User(%d) = %v", want.ID, err)
		}
		wantUTC(t, "User().CreatedAt", got.CreatedAt)
		wantAllSet(t, "User", want)
		same(t, "User(analyst.one)", got, want)
		got, err = tx.UserByUsername("analyst.one")
		if err != nil {
			t.Fatalf("UserByUsername = %v", err)
		}
		same(t, "UserByUsername(analyst.one)", got, want)
		_, err = tx.User(999999)
		wantNotFound(t, "User(999999)", err, "user")
		_, err = tx.UserByUsername("nobody")
		wantNotFound(t, "UserByUsername(nobody)", err, "user")
		return nil
	})
	testUserUpdates(t, s, w, want)
}

func testUserUpdates(t *testing.T, s nsor.Store, w *world, u *nsor.User) {
	u.Name, u.Role, u.JurisdictionID, u.Disabled = "Renamed", nsor.RoleSupervisor, w.country.ID, false
	u.PasswordHash, u.TOTPSealed, u.TOTPLastStep, u.Failures, u.CredVersion = "$new", []byte("new"), 99, 0, 2
	u.LockedUntil = at(0).AddDate(0, 0, -1)
	u.Scopes, u.MustChangePassword = []string{nsor.ScopeRequestsRead}, false
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.UpdateUser(u); err != nil {
			t.Errorf("UpdateUser = %v", err)
			return err
		}
		taken := *u
		taken.Username = w.io.Username
		wantErr(t, "UpdateUser(taken)", tx.UpdateUser(&taken), nsor.KindConflict, "user.username_taken")
		missing := *u
		missing.ID, missing.Username = 999999, "ghost"
		wantNotFound(t, "UpdateUser(999999)", tx.UpdateUser(&missing), "user")
		return nil
	})
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.User(u.ID)
		if err != nil {
			t.Fatalf("User = %v", err)
		}
		same(t, "User(updated)", got, u)
		return nil
	})
	testUserKind(t, s, w, u)
}

// testUserKind: a user made without a kind is a person, and UpdateUser never
// changes a kind: a person is never turned into a service account, nor the
// other way round.
func testUserKind(t *testing.T, s nsor.Store, w *world, service *nsor.User) {
	person := newUser("person.kind", nsor.RoleIO, w.lahore.ID)
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.CreateUser(person); err != nil {
			return err
		}
		turned := *service
		turned.Kind = nsor.UserPerson
		return tx.UpdateUser(&turned)
	})
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.User(person.ID)
		if err != nil || got.Kind != nsor.UserPerson {
			t.Errorf("User(made without a kind) = %v, %v; want kind person", got, err)
		}
		got, err = tx.User(service.ID)
		if err != nil || got.Kind != nsor.UserService {
			t.Errorf("User(service account after UpdateUser with kind person) = %v, %v; want kind service", got, err)
		}
		return nil
	})
}

func testUserFilters(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	update(t, s, func(tx nsor.Tx) error {
		off := newUser("io.retired", nsor.RoleIO, w.lahore.ID)
		off.Disabled = true
		return tx.CreateUser(off)
	})
	names := func(us []*nsor.User) []string {
		var out []string
		for _, u := range us {
			out = append(out, u.Username)
		}
		return out
	}
	tests := []struct {
		f    nsor.UserFilter
		want []string
	}{
		{nsor.UserFilter{}, []string{"io.lahore", "io2.lahore", "io.karachi", "dpp.lahore", "admin"}},
		{nsor.UserFilter{IncludeDisabled: true}, []string{"io.lahore", "io2.lahore", "io.karachi", "dpp.lahore", "admin", "io.retired"}},
		{nsor.UserFilter{Role: nsor.RoleIO}, []string{"io.lahore", "io2.lahore", "io.karachi"}},
		{nsor.UserFilter{Roles: []nsor.Role{nsor.RoleDPP, nsor.RoleAdmin}}, []string{"dpp.lahore", "admin"}},
		{nsor.UserFilter{Roles: []nsor.Role{nsor.RoleDPP}}, []string{"dpp.lahore"}},
		{nsor.UserFilter{JurisdictionIDs: []int64{w.karachi.ID, w.country.ID}}, []string{"io.karachi", "admin"}},
		{nsor.UserFilter{UnderPath: w.punjab.Path}, []string{"io.lahore", "io2.lahore", "dpp.lahore"}},
		{nsor.UserFilter{UnderPath: w.country.Path, Role: nsor.RoleIO, IncludeDisabled: true}, []string{"io.lahore", "io2.lahore", "io.karachi", "io.retired"}},
		{nsor.UserFilter{UnderPath: w.lahoreStation.Path}, nil},
	}
	view(t, s, func(tx nsor.Tx) error {
		for _, tc := range tests {
			got, err := tx.Users(tc.f)
			if err != nil {
				t.Fatalf("Users(%+v) = %v", tc.f, err)
			}
			if !slices.Equal(names(got), tc.want) {
				t.Errorf("Users(%+v) = %v, want %v", tc.f, names(got), tc.want)
			}
		}
		return nil
	})
}

func testTokens(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	session := &nsor.Token{UserID: w.io.ID, Kind: nsor.TokenSession, Scopes: []string{nsor.ScopeAll},
		Hash: []byte("hash-of-session-secret"), CredVersion: 1, CreatedAt: at(0), ExpiresAt: at(60), IdleUntil: at(15)}
	machine := &nsor.Token{UserID: w.io.ID, Kind: nsor.TokenMachine, Name: "case system",
		Scopes: []string{nsor.ScopeRequestsRead, nsor.ScopeRequestsWrite}, Hash: []byte("hash-of-machine-secret"),
		CredVersion: 1, CreatedAt: at(1), ExpiresAt: at(600)}
	update(t, s, func(tx nsor.Tx) error {
		for _, tk := range []*nsor.Token{session, machine} {
			if err := tx.CreateToken(tk); err != nil || tk.ID == 0 {
				t.Errorf("CreateToken = %v, ID %d; want nil and an ID", err, tk.ID)
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.TokenByHash([]byte("hash-of-machine-secret"))
		if err != nil {
			t.Fatalf("TokenByHash = %v", err)
		}
		wantAllSet(t, "Token", session, machine, &nsor.Token{RevokedAt: at(0)}) // RevokedAt: see below
		same(t, "TokenByHash(machine)", got, machine)
		got, err = tx.Token(session.ID)
		if err != nil {
			t.Fatalf("Token(%d) = %v", session.ID, err)
		}
		same(t, "Token(session)", got, session)
		list, err := tx.Tokens(w.io.ID)
		if err != nil || len(list) != 2 || list[0].ID != session.ID {
			t.Fatalf("Tokens(io) = %d tokens, %v; want session then machine", len(list), err)
		}
		_, err = tx.TokenByHash([]byte("unknown"))
		wantNotFound(t, "TokenByHash(unknown)", err, "token")
		_, err = tx.Token(999999)
		wantNotFound(t, "Token(999999)", err, "token")
		return nil
	})
	update(t, s, func(tx nsor.Tx) error {
		wantNotFound(t, "RevokeToken(999999)", tx.RevokeToken(999999, at(5)), "token")
		if err := tx.RevokeToken(machine.ID, at(5)); err != nil {
			t.Errorf("RevokeToken = %v", err)
			return err
		}
		return tx.RevokeToken(machine.ID, at(9))
	})
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.Token(machine.ID)
		if err != nil || !got.RevokedAt.Equal(stored(at(5))) {
			t.Errorf("Token(revoked twice).RevokedAt = %v, %v; want the first, %v", got.RevokedAt, err, stored(at(5)))
		}
		return nil
	})
	machine.RevokedAt = at(5)
	// TouchToken moves a session's idle limit on, never back, and leaves a
	// revoked token alone.
	update(t, s, func(tx nsor.Tx) error {
		for _, tc := range []struct {
			id    int64
			until time.Time
		}{{session.ID, at(20)}, {session.ID, at(17)}, {machine.ID, at(30)}} {
			if err := tx.TouchToken(tc.id, tc.until); err != nil {
				t.Errorf("TouchToken(%d, %v) = %v", tc.id, tc.until, err)
			}
		}
		return nil
	})
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.Token(session.ID)
		if err != nil || !got.IdleUntil.Equal(stored(at(20))) {
			t.Errorf("IdleUntil after touches to 20 then 17 = %v, %v; want %v", got.IdleUntil, err, stored(at(20)))
		}
		if got, err := tx.Token(machine.ID); err != nil || !got.IdleUntil.IsZero() {
			t.Errorf("a revoked token without idle limit touched: %v, %v", got.IdleUntil, err)
		}
		return nil
	})
	testTokenUser(t, s, machine, w.io)
}

// testTokenUser checks the one-statement read of a token and its user
// (nsor.CredentialReader), for a store that offers it: the same pair as
// TokenByHash and User in a View, NotFound for an unknown hash.
func testTokenUser(t *testing.T, s nsor.Store, tk *nsor.Token, u *nsor.User) {
	t.Helper()
	cr, ok := s.(nsor.CredentialReader)
	if !ok {
		return
	}
	ctx := context.Background()
	gotT, gotU, err := cr.TokenUser(ctx, tk.Hash)
	if err != nil {
		t.Fatalf("TokenUser = %v", err)
	}
	same(t, "TokenUser(token)", gotT, tk)
	var wantU *nsor.User
	view(t, s, func(tx nsor.Tx) error {
		wantU, err = tx.User(u.ID)
		return err
	})
	same(t, "TokenUser(user)", gotU, wantU)
	gotT, gotU, err = cr.TokenUser(ctx, []byte("unknown"))
	wantNotFound(t, "TokenUser(unknown)", err, "token")
	if gotT != nil || gotU != nil {
		t.Errorf("TokenUser(unknown) = %v, %v; want nothing", gotT, gotU)
	}
}
