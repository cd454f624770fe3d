package demo

import (
	"fmt"
	"time"

	"nsor"
)

// stationSpecs are the synthetic police stations: real-sounding localities,
// marked synthetic in the name so that no screen passes for a real one.
var stationSpecs = []struct{ district, code, name string }{
	{"PB-LHR-LHR", "PB-LHR-LHR-SYN1", "Model Town (synthetic)"},
	{"PB-LHR-LHR", "PB-LHR-LHR-SYN2", "Gulberg (synthetic)"},
	{"PB-LHR-LHR", "PB-LHR-LHR-SYN3", "Shadbagh (synthetic)"},
	{"PB-RWP-RWP", "PB-RWP-RWP-SYN1", "Saddar (synthetic)"},
	{"PB-RWP-RWP", "PB-RWP-RWP-SYN2", "Satellite Town (synthetic)"},
	{"PB-FSD-FSD", "PB-FSD-FSD-SYN1", "Civil Lines (synthetic)"},
	{"PB-FSD-FSD", "PB-FSD-FSD-SYN2", "Peoples Colony (synthetic)"},
}

// userSpec is one demo account. belt is the prefix of a police officer's
// belt number; Annexure A needs the rank and belt number of every IO.
type userSpec struct {
	username string
	role     nsor.Role
	code     string
	rank     string
	belt     string
	female   bool
}

// userSpecs are the accounts after the administrator, at least one of every
// role: the procedure needs two prosecutors in Lahore and two analysts for
// separation of duties, two registrars for maker-checker, and a second
// administrator to approve what the first proposes
// (docs/adr/0014-no-impersonation.md).
var userSpecs = []userSpec{
	{"io.lahore1", nsor.RoleIO, "PB-LHR-LHR", "Inspector", "LHR", false},
	{"io.lahore2", nsor.RoleIO, "PB-LHR-LHR", "Sub-Inspector", "LHR", false},
	{"io.rawalpindi1", nsor.RoleIO, "PB-RWP-RWP", "Inspector", "RWP", false},
	{"dpo.lahore", nsor.RoleDPO, "PB-LHR-LHR", "Additional IGP", "", false},
	{"dpo.rawalpindi", nsor.RoleDPO, "PB-RWP-RWP", "DIG", "", false},
	{"dpp.lahore1", nsor.RoleDPP, "PB-LHR-LHR", "", "", false},
	{"dpp.lahore2", nsor.RoleDPP, "PB-LHR-LHR", "", "", true},
	{"dpp.rawalpindi1", nsor.RoleDPP, "PB-RWP-RWP", "", "", false},
	{"analyst1", nsor.RoleAnalyst, "PK", "", "", false},
	{"analyst2", nsor.RoleAnalyst, "PK", "", "", true},
	{"supervisor1", nsor.RoleSupervisor, "PK", "", "", false},
	{"registrar1", nsor.RoleRegistrar, "PK", "", "", false},
	{"registrar2", nsor.RoleRegistrar, "PK", "", "", true},
	{"oversight.punjab", nsor.RoleOversight, "PB", "DIG", "", false},
	{"oversight.lahore", nsor.RoleOversight, "PB-LHR", "DIG", "", false},
	{"auditor1", nsor.RoleAuditor, "PK", "", "", false},
	{"admin2", nsor.RoleAdmin, "PK", "", "", true},
	// Last, so that the accounts above keep their IDs: Lahore's female
	// officer, whom a sexual-violence case may need (docs/rules.md#r11).
	{"io.lahore3", nsor.RoleIO, "PB-LHR-LHR", "Sub-Inspector", "LHR", true},
}

// bootstrap creates the administrator the way `nsor admin bootstrap` does.
func (s *seeder) bootstrap() error {
	in := nsor.NewUser{Username: "admin", Name: s.personName(false), JurisdictionID: s.juris["PK"].ID}
	u, creds, err := s.svc.Bootstrap(s.ctx, nsor.Operator{Name: "demo"}, in)
	if err != nil {
		return fmt.Errorf("demo: the database must be empty: bootstrap admin: %w", describe(err))
	}
	s.today = u.CreatedAt.UTC().Truncate(24 * time.Hour)
	s.addAccount(u, creds)
	return nil
}

func (s *seeder) addAccount(u *nsor.User, creds *nsor.Credentials) {
	s.out.Users[u.Username] = Account{User: u, Jurisdiction: s.byID[u.JurisdictionID],
		Password: creds.Password, TOTPSecret: creds.TOTPSecret}
	s.usernames = append(s.usernames, u.Username)
}

func (s *seeder) createStations() error {
	admin := s.actor("admin")
	for _, sp := range stationSpecs {
		j := &nsor.Jurisdiction{Kind: nsor.KindStation, Code: sp.code, Name: sp.name, ParentID: s.juris[sp.district].ID}
		if err := s.svc.CreateJurisdiction(s.ctx, admin, j); err != nil {
			return fmt.Errorf("demo: create station %s: %w", sp.code, describe(err))
		}
		s.byID[j.ID] = j
		s.stations[sp.district] = append(s.stations[sp.district], j)
		s.out.Stations = append(s.out.Stations, j)
	}
	return nil
}

// createUsers creates every account as the administrator; the service
// generates each password and TOTP secret.
func (s *seeder) createUsers() error {
	admin := s.actor("admin")
	for _, sp := range userSpecs {
		in := nsor.NewUser{Username: sp.username, Name: s.personName(sp.female), Rank: sp.rank,
			Role: sp.role, JurisdictionID: s.juris[sp.code].ID, Gender: string(nsor.GenderMale)}
		if sp.female {
			in.Gender = string(nsor.GenderFemale)
		}
		if sp.belt != "" {
			in.BeltNumber = fmt.Sprintf("%s-%04d", sp.belt, 1000+s.rnd.IntN(9000))
		}
		u, creds, err := s.svc.CreateUser(s.ctx, admin, in)
		if err != nil {
			return fmt.Errorf("demo: create user %s: %w", sp.username, describe(err))
		}
		s.addAccount(u, creds)
	}
	return nil
}
