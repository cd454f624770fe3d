package nsor

// Role is what a user may do (docs/roles.md). A user has exactly one.
type Role string

// The roles of nsor.
const (
	RoleIO         Role = "io"             // investigating officer of a district's SSOIU
	RoleDPO        Role = "dpo"            // head of district police (DPO, CPO or CCPO)
	RoleDPP        Role = "dpp"            // district public prosecutor, the gatekeeper
	RoleAnalyst    Role = "npb_analyst"    // bureau staff who answer and confirm
	RoleSupervisor Role = "npb_supervisor" // head of the bureau's desk
	RoleRegistrar  Role = "npb_registrar"  // bureau staff who enter and check records
	RoleOversight  Role = "oversight"      // AIG Investigation (province), RPO/CCPO (region)
	RoleAuditor    Role = "auditor"        // accountability and vigilance
	RoleAdmin      Role = "admin"          // system staff
)

// Roles lists every role, in the order of docs/roles.md.
var Roles = []Role{RoleIO, RoleDPO, RoleDPP, RoleAnalyst, RoleSupervisor, RoleRegistrar, RoleOversight, RoleAuditor, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Bureau reports whether the role belongs to the National Police Bureau.
func (r Role) Bureau() bool {
	return r == RoleAnalyst || r == RoleSupervisor || r == RoleRegistrar
}

// JurisdictionKinds says at which level of the hierarchy a role's users sit:
// bureau roles, auditors and administrators are national; oversight is
// provincial or regional; police and prosecutors are of a district.
func (r Role) JurisdictionKinds() []JurisdictionKind {
	switch r {
	case RoleIO, RoleDPO, RoleDPP:
		return []JurisdictionKind{KindDistrict}
	case RoleOversight:
		return []JurisdictionKind{KindProvince, KindRegion}
	}
	return []JurisdictionKind{KindCountry}
}

// Privileged reports whether granting the role to a person needs a second
// administrator's approval (docs/adr/0014-no-impersonation.md): the roles
// that read the register or release what it holds (analysts, registrars,
// prosecutors); the investigating officer, who reads the releases of the
// cases they hold, and any case of the district may be transferred to them;
// the auditor, who reads released records through a misuse case and can ask
// who sought a given CNIC; and the administrator, who approves such grants
// and so must not be made alone. One administrator alone makes only the
// roles that read no register data: the DPO, the supervisor and oversight.
func (r Role) Privileged() bool {
	switch r {
	case RoleIO, RoleAnalyst, RoleRegistrar, RoleDPP, RoleAuditor, RoleAdmin:
		return true
	}
	return false
}

// TokenFitsUser: a machine token belongs to a service account and a session
// to a person (docs/adr/0014-no-impersonation.md). A machine token minted for
// a person's account before service accounts existed is void.
func TokenFitsUser(t *Token, u *User) bool {
	return (t.Kind == TokenMachine) == u.IsService()
}
