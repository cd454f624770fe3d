package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
)

// Staffing shows the DPO a page of the district's cases, newest first, each
// with the officer holding it, its co-investigators, and whether a female
// officer is on it, which a sexual-violence case needs (docs/rules.md#r11);
// and the district's active investigating officers with their gender, to
// transfer a case to or add to it. Never the victim.
func (s *Service) Staffing(ctx context.Context, a *nsor.Actor, p nsor.Page) (*nsor.Staffing, error) {
	out := &nsor.Staffing{Cases: []*nsor.CaseStaffing{}, Officers: []nsor.Officer{}}
	err := s.read(ctx, a, "case.staffing", 0, func(tx nsor.Tx) error {
		if err := requireRole(a, nsor.RoleDPO); err != nil {
			return err
		}
		if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
			return err
		}
		if err := p.Check(1); err != nil {
			return err
		}
		fs, err := tx.FIRs(nsor.FIRFilter{DistrictID: a.User.JurisdictionID, BeforeID: p.AfterID(), Limit: p.Fetch()})
		if err != nil {
			return err
		}
		page := nsor.Cut(fs, p, func(f *nsor.FIR) []int64 { return nsor.ByID(f.ID) })
		out.Next = page.Next
		officers, err := tx.Users(nsor.UserFilter{Role: nsor.RoleIO, JurisdictionIDs: []int64{a.User.JurisdictionID}})
		if err != nil {
			return err
		}
		users := map[int64]*nsor.User{}
		for _, u := range officers {
			users[u.ID] = u
			if !u.IsService() {
				out.Officers = append(out.Officers, nsor.OfficerOf(u))
			}
		}
		out.Cases, err = s.staff(tx, page.Items, users)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// staff builds the staffing of each FIR; users holds the officers already
// read, and gains those it reads (a disabled or transferred officer).
func (s *Service) staff(tx nsor.Tx, fs []*nsor.FIR, users map[int64]*nsor.User) ([]*nsor.CaseStaffing, error) {
	ids := make([]int64, len(fs))
	for i, f := range fs {
		ids[i] = f.ID
	}
	cos, err := tx.FIROfficers(ids)
	if err != nil {
		return nil, err
	}
	officer := func(id int64) (nsor.Officer, error) {
		u := users[id]
		if u == nil {
			var err error
			if u, err = tx.User(id); err != nil {
				return nsor.Officer{}, err
			}
			users[id] = u
		}
		return nsor.OfficerOf(u), nil
	}
	out := make([]*nsor.CaseStaffing, 0, len(fs))
	for _, f := range fs {
		st, err := s.jurisdiction(tx, f.StationID)
		if err != nil {
			return nil, err
		}
		c := &nsor.CaseStaffing{FIRID: f.ID, FIR: fmt.Sprintf("%s/%d", f.Number, f.Year), Station: st.Name, Version: f.Version,
			Sections: f.Sections, SexualViolence: nsor.SexualViolence(f.Sections), CoInvestigators: []nsor.Officer{}}
		if c.Lead, err = officer(f.IOUserID); err != nil {
			return nil, err
		}
		c.FemaleOfficer = c.Lead.Gender == nsor.GenderFemale
		for _, o := range cos {
			if o.FIRID != f.ID {
				continue
			}
			co, err := officer(o.UserID)
			if err != nil {
				return nil, err
			}
			c.CoInvestigators = append(c.CoInvestigators, co)
			c.FemaleOfficer = c.FemaleOfficer || co.Gender == nsor.GenderFemale
		}
		out = append(out, c)
	}
	return out, nil
}

// AddCoInvestigator puts another investigating officer of the district on a
// case beside the officer who holds it (the DPO, with a reason): for a
// sexual-violence case, the female officer it needs (docs/rules.md#r11). The
// officer holding the case still alone files requests and reads releases.
// The officer added and the one holding the case are told.
func (s *Service) AddCoInvestigator(ctx context.Context, a *nsor.Actor, firID int64, seen int, userID int64, reason string) (*nsor.CaseStaffing, error) {
	var out *nsor.CaseStaffing
	err := s.do(ctx, a, "case.co_investigator_add", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("fir", firID)
		f, err := firFor(tx, a, firID)
		if err != nil {
			return err
		}
		if err := s.requireWrite(a, nsor.RoleDPO); err != nil {
			return err
		}
		if err := nsor.CheckFIRVersion(f, seen); err != nil {
			return err
		}
		if err := nsor.RequireReason(reason); err != nil {
			return err
		}
		if err := nsor.CheckText("reason", reason, nsor.LimitReason); err != nil {
			return err
		}
		u, err := tx.User(userID)
		if (err != nil && nsor.KindOf(err) == nsor.KindNotFound) ||
			(err == nil && (u.Role != nsor.RoleIO || u.Disabled || u.IsService() || u.JurisdictionID != f.DistrictID)) {
			return nsor.Invalid("user_id", "co_investigator.officer_unknown", "Choose an active investigating officer of this district.")
		} else if err != nil {
			return err
		}
		if u.ID == f.IOUserID {
			return nsor.Invalid("user_id", "co_investigator.already_on", "This officer already holds the case.")
		}
		if err := tx.AddFIROfficer(&nsor.FIROfficer{FIRID: f.ID, UserID: u.ID, AddedBy: a.ID(), AddedAt: s.now(), Reason: reason}); err != nil {
			if nsor.KindOf(err) == nsor.KindConflict {
				return nsor.Invalid("user_id", "co_investigator.already_on", "This officer is already on the case.")
			}
			return err
		}
		// The FIR's version covers who is on the case, so that two DPOs'
		// changes made from the same view cannot both land.
		if err := bumpFIR(tx, f); err != nil {
			return err
		}
		detail(rec, "officer", u.ID)
		detail(rec, "gender", u.Gender)
		s.tag(rec, "text", reason)
		if err := s.notify(tx, []int64{u.ID, f.IOUserID}, nsor.NoteCoInvestigator, 0,
			fmt.Sprintf("%s was added by the DPO to the investigation of case FIR %s/%d.", u.Name, f.Number, f.Year)); err != nil {
			return err
		}
		cs, err := s.staff(tx, []*nsor.FIR{f}, map[int64]*nsor.User{u.ID: u})
		if err == nil {
			out = cs[0]
		}
		return err
	})
	return out, err
}

// femaleOfficers counts the active female investigating officers (people)
// of each district under path.
func femaleOfficers(tx nsor.Tx, path string) (map[int64]int, error) {
	us, err := tx.Users(nsor.UserFilter{Role: nsor.RoleIO, UnderPath: path})
	if err != nil {
		return nil, err
	}
	n := map[int64]int{}
	for _, u := range us {
		if u.Gender == nsor.GenderFemale && !u.IsService() {
			n[u.JurisdictionID]++
		}
	}
	return n, nil
}

// BureauAnalysts lists the bureau's active analysts (people) for the
// supervisor, who assigns requests to them.
func (s *Service) BureauAnalysts(ctx context.Context, a *nsor.Actor) ([]nsor.Officer, error) {
	out := []nsor.Officer{}
	err := s.read(ctx, a, "user.analysts", 0, func(tx nsor.Tx) error {
		if err := requireRole(a, nsor.RoleSupervisor); err != nil {
			return err
		}
		if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
			return err
		}
		us, err := tx.Users(nsor.UserFilter{Role: nsor.RoleAnalyst})
		for _, u := range us {
			if !u.IsService() {
				out = append(out, nsor.OfficerOf(u))
			}
		}
		return err
	})
	return out, err
}
