package nsor

import "testing"

// TestPrivilegedRoles: the roles whose grant needs a second administrator
// are exactly those that read the register, release records or read them
// (through a case they hold or a misuse case), and the administrator who approves such grants (docs/adr/0014-no-impersonation.md).
func TestPrivilegedRoles(t *testing.T) {
	want := map[Role]bool{RoleIO: true, RoleDPP: true, RoleAnalyst: true, RoleRegistrar: true, RoleAuditor: true, RoleAdmin: true}
	for _, r := range Roles {
		if got := r.Privileged(); got != want[r] {
			t.Errorf("Role(%s).Privileged() = %v, want %v", r, got, want[r])
		}
	}
}

// TestTokenFitsUser: a machine token belongs to a service account and a
// session to a person; the two crossed are void.
func TestTokenFitsUser(t *testing.T) {
	person, service := &User{Kind: UserPerson}, &User{Kind: UserService}
	legacy := &User{} // a user stored before kinds reads as a person
	for _, tc := range []struct {
		kind TokenKind
		u    *User
		want bool
	}{
		{TokenSession, person, true}, {TokenMachine, person, false}, {TokenSession, legacy, true},
		{TokenMachine, legacy, false}, {TokenMachine, service, true}, {TokenSession, service, false},
	} {
		if got := TokenFitsUser(&Token{Kind: tc.kind}, tc.u); got != tc.want {
			t.Errorf("tokenFitsUser(%s, %q) = %v, want %v", tc.kind, tc.u.Kind, got, tc.want)
		}
	}
}
