package storetest

import (
	"fmt"
	"testing"

	"nsor"
)

// world is a small hierarchy with people in it: two provinces, a district in
// each, a police station in each district.
type world struct {
	country, punjab, sindh         *nsor.Jurisdiction
	lahore, karachi                *nsor.Jurisdiction
	lahoreStation, karachiStation  *nsor.Jurisdiction
	io, io2, ioKarachi, dpp, admin *nsor.User
}

func newWorld(t *testing.T, s nsor.Store) *world {
	t.Helper()
	w := &world{}
	// Update functions may run on another goroutine, where t.Fatal must not
	// be called: the first error is returned and reported here.
	update(t, s, func(tx nsor.Tx) error {
		var err error
		place := func(kind nsor.JurisdictionKind, code string, parent *nsor.Jurisdiction) *nsor.Jurisdiction {
			j := &nsor.Jurisdiction{Kind: kind, Code: code, Name: "Name of " + code, ParentID: parent.ID}
			if kind == nsor.KindDistrict {
				j.Head = nsor.HeadDPO
			}
			if err == nil {
				err = tx.CreateJurisdiction(j)
			}
			return j
		}
		person := func(username string, role nsor.Role, j *nsor.Jurisdiction) *nsor.User {
			u := newUser(username, role, j.ID)
			if err == nil {
				err = tx.CreateUser(u)
			}
			return u
		}
		w.country = place(nsor.KindCountry, "PK", &nsor.Jurisdiction{})
		w.punjab = place(nsor.KindProvince, "PB", w.country)
		w.sindh = place(nsor.KindProvince, "SD", w.country)
		w.lahore = place(nsor.KindDistrict, "PB-LHR", w.punjab)
		w.karachi = place(nsor.KindDistrict, "SD-KHI", w.sindh)
		w.lahoreStation = place(nsor.KindStation, "PB-LHR-01", w.lahore)
		w.karachiStation = place(nsor.KindStation, "SD-KHI-01", w.karachi)
		w.io = person("io.lahore", nsor.RoleIO, w.lahore)
		w.io2 = person("io2.lahore", nsor.RoleIO, w.lahore)
		w.ioKarachi = person("io.karachi", nsor.RoleIO, w.karachi)
		w.dpp = person("dpp.lahore", nsor.RoleDPP, w.lahore)
		w.admin = person("admin", nsor.RoleAdmin, w.country)
		return err
	})
	return w
}

func newUser(username string, role nsor.Role, jurisdiction int64) *nsor.User {
	return &nsor.User{Username: username, Name: "Officer " + username, Rank: "SI", BeltNumber: "B-" + username, Gender: nsor.GenderFemale,
		Role: role, JurisdictionID: jurisdiction, CreatedAt: at(0), PasswordHash: "$argon2id$" + username,
		TOTPSealed: []byte("sealed-" + username), TOTPLastStep: 5, CredVersion: 1}
}

// newFIR returns an FIR of the officer's district with the named accused.
func (w *world) newFIR(number string, io *nsor.User, accused ...string) *nsor.FIR {
	district, station := w.lahore, w.lahoreStation
	if io.JurisdictionID == w.karachi.ID {
		district, station = w.karachi, w.karachiStation
	}
	f := &nsor.FIR{DistrictID: district.ID, StationID: station.ID, Number: number, Year: 2025,
		RegisteredOn: "2025-03-01", Sections: []string{"PPC-376", "PPC-377B"}, IOUserID: io.ID,
		Victim:  &nsor.Victim{Name: "Victim of " + number, Age: 14, Gender: nsor.GenderFemale},
		Version: 1, CreatedBy: io.ID, CreatedAt: at(1)}
	for i, name := range accused {
		f.Accused = append(f.Accused, nsor.Accused{Name: name, Titles: []string{"Ch."},
			Parentage: &nsor.Parentage{Relation: "S/O", Name: "Father of " + name},
			CNIC:      nsor.CNIC(fmt.Sprintf("9110112345%02d1", i)), Gender: nsor.GenderMale,
			Address: "House " + number, Age: 30 + i, DOB: "1995-06-15"})
	}
	return f
}

// mustFIR stores an FIR with the named accused.
func (w *world) mustFIR(t *testing.T, s nsor.Store, number string, io *nsor.User, accused ...string) *nsor.FIR {
	t.Helper()
	f := w.newFIR(number, io, accused...)
	update(t, s, func(tx nsor.Tx) error { return tx.CreateFIR(f) })
	return f
}

// newRequest returns a draft request of f's officer for the accused at the
// given positions of f.
func newRequest(f *nsor.FIR, district *nsor.Jurisdiction, positions ...int) *nsor.Request {
	r := &nsor.Request{Ref: "NSOR-2025-" + f.Number, FIRID: f.ID, DistrictID: f.DistrictID, DistrictPath: district.Path,
		IOUserID: f.IOUserID, FiledBy: f.IOUserID, State: nsor.StateDraft, Version: 1, Grounds: "named in the FIR",
		Declaration: true, StageStarted: at(2), CreatedAt: at(2), UpdatedAt: at(2)}
	for _, p := range positions {
		r.Suspects = append(r.Suspects, nsor.Suspect{AccusedID: f.Accused[p].ID})
	}
	return r
}

// districtOf returns the district of an FIR of the world.
func (w *world) districtOf(f *nsor.FIR) *nsor.Jurisdiction {
	if f.DistrictID == w.karachi.ID {
		return w.karachi
	}
	return w.lahore
}

// mustRequest stores a draft request for the accused at the positions.
func (w *world) mustRequest(t *testing.T, s nsor.Store, f *nsor.FIR, positions ...int) *nsor.Request {
	t.Helper()
	r := newRequest(f, w.districtOf(f), positions...)
	update(t, s, func(tx nsor.Tx) error { return tx.CreateRequest(r) })
	return r
}

// setState moves a stored request to state, bumping its version.
func setState(t *testing.T, s nsor.Store, r *nsor.Request, state nsor.State) {
	t.Helper()
	prev := storedRequest(t, s, r.ID)
	r.State, r.Version = state, r.Version+1
	update(t, s, func(tx nsor.Tx) error { return tx.UpdateRequest(r, prev) })
}

// storedRequest reads a request as the store holds it: the prev of an update.
func storedRequest(t *testing.T, s nsor.Store, id int64) *nsor.Request {
	t.Helper()
	var r *nsor.Request
	view(t, s, func(tx nsor.Tx) error {
		var err error
		r, err = tx.Request(id)
		return err
	})
	return r
}
