package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"nsor/match"
)

// AddAccused amends an FIR's list of accused: its own audited act (docs/rules.md#r2),
// with a reason, by the officer holding the case.
func (s *Service) AddAccused(ctx context.Context, a *nsor.Actor, firID int64, seen int, in nsor.AccusedInput, reason string) (*nsor.Accused, []nsor.Warning, error) {
	var acc nsor.Accused
	var warn []nsor.Warning
	err := s.do(ctx, a, "fir.accused_add", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("fir", firID)
		f, err := s.amendable(tx, a, firID, seen, reason)
		if err != nil {
			return err
		}
		var p nsor.Problems
		acc = s.parseAccused(in, "accused", &p, &warn)
		if err := p.Err(); err != nil {
			return err
		}
		acc.FIRID = f.ID
		if err := tx.AddAccused(&acc); err != nil {
			return err
		}
		if err := bumpFIR(tx, f); err != nil {
			return err
		}
		s.tag(rec, "name", match.NameKey(acc.Name))
		s.tag(rec, "cnic", string(acc.CNIC))
		detail(rec, "accused", acc.ID)
		s.tag(rec, "text", reason)
		return nil
	})
	return &acc, warn, err
}

// AmendAccused corrects one accused's particulars, with a reason. Particulars
// already submitted stay as they were in each submission's Annexure A, and
// while a request about the accused is open they cannot change at all
// (docs/rules.md#r9): 409 fir.accused_frozen, naming the request.
func (s *Service) AmendAccused(ctx context.Context, a *nsor.Actor, firID, accusedID int64, seen int, in nsor.AccusedInput, reason string) (*nsor.Accused, []nsor.Warning, error) {
	var acc nsor.Accused
	var warn []nsor.Warning
	err := s.do(ctx, a, "fir.accused_amend", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("fir", firID)
		f, err := s.amendable(tx, a, firID, seen, reason)
		if err != nil {
			return err
		}
		if findAccused(f, accusedID) == nil {
			return nsor.NotFound("accused")
		}
		if err := unfrozen(tx, nsor.RequestFilter{AccusedID: accusedID}, rec, "fir.accused_frozen", "This accused's particulars"); err != nil {
			return err
		}
		var p nsor.Problems
		acc = s.parseAccused(in, "accused", &p, &warn)
		if err := p.Err(); err != nil {
			return err
		}
		acc.ID, acc.FIRID = accusedID, f.ID
		s.tag(rec, "name", match.NameKey(acc.Name))
		s.tag(rec, "cnic", string(acc.CNIC))
		detail(rec, "accused", acc.ID)
		s.tag(rec, "text", reason)
		if err := tx.UpdateAccused(&acc); err != nil {
			return err
		}
		return bumpFIR(tx, f)
	})
	return &acc, warn, err
}

// amendable loads an FIR whose accused a may change: a case the officer
// holds, at the version they saw, with a reason.
func (s *Service) amendable(tx nsor.Tx, a *nsor.Actor, firID int64, seen int, reason string) (*nsor.FIR, error) {
	if err := s.requireWrite(a, nsor.RoleIO); err != nil {
		return nil, err
	}
	f, err := firFor(tx, a, firID)
	if err != nil {
		return nil, err
	}
	if err := nsor.CheckFIRVersion(f, seen); err != nil {
		return nil, err
	}
	return f, nsor.RequireReason(reason)
}

func findAccused(f *nsor.FIR, id int64) *nsor.Accused {
	for i := range f.Accused {
		if f.Accused[i].ID == id {
			return &f.Accused[i]
		}
	}
	return nil
}

// Transfer moves a case to another investigating officer of the district
// (the DPO, as postings change). The new officer must acknowledge any
// release afresh; the former officer loses access at once.
func (s *Service) Transfer(ctx context.Context, a *nsor.Actor, firID int64, seen int, toUserID int64, reason string) (*nsor.FIR, error) {
	var f *nsor.FIR
	err := s.do(ctx, a, "case.transfer", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("fir", firID)
		var err error
		if f, err = s.transferable(tx, a, firID, toUserID, reason); err != nil {
			return err
		}
		if err := nsor.CheckFIRVersion(f, seen); err != nil {
			return err
		}
		from := f.IOUserID
		f.IOUserID = toUserID
		f.Version++
		if err := tx.UpdateFIR(f, f.Version-1); err != nil {
			return err
		}
		if err := s.moveRequests(tx, a, f.ID, from, toUserID, reason); err != nil {
			return err
		}
		msg := fmt.Sprintf("Case FIR %s/%d was transferred by the DPO.", f.Number, f.Year)
		defer func() { f.Victim = nil }() // the DPO never sees the victim's particulars (PPC s.376A)
		detail(rec, "from", from)
		detail(rec, "to", toUserID)
		s.tag(rec, "text", reason)
		return s.notify(tx, []int64{from, toUserID}, nsor.NoteTransferred, 0, msg)
	})
	return f, err
}

func (s *Service) transferable(tx nsor.Tx, a *nsor.Actor, firID, toUserID int64, reason string) (*nsor.FIR, error) {
	f, err := firFor(tx, a, firID)
	if err != nil {
		return nil, err
	}
	if err := s.requireWrite(a, nsor.RoleDPO); err != nil {
		return nil, err
	}
	if err := nsor.RequireReason(reason); err != nil {
		return nil, err
	}
	// A case goes to an officer, a person: never to a service account of the
	// officer's role, whose token one administrator alone may hold
	// (docs/adr/0014-no-impersonation.md), and which would then see the FIR
	// copy and the victim's particulars (PPC s.376A).
	to, err := tx.User(toUserID)
	if (err != nil && nsor.KindOf(err) == nsor.KindNotFound) ||
		(err == nil && (to.Role != nsor.RoleIO || to.Disabled || to.IsService() || to.JurisdictionID != f.DistrictID)) {
		return nil, nsor.Invalid("io_user_id", "transfer.officer_unknown", "Choose an active investigating officer of this district.")
	} else if err != nil {
		return nil, err
	}
	if to.ID == f.IOUserID {
		return nil, nsor.Invalid("io_user_id", "transfer.same_officer", "The case is already with this officer.")
	}
	return f, nil
}

// moveRequests gives every request of the FIR to the new officer.
func (s *Service) moveRequests(tx nsor.Tx, a *nsor.Actor, firID, from, to int64, reason string) error {
	rs, err := tx.Requests(nsor.RequestFilter{FIRID: firID})
	if err != nil {
		return err
	}
	for _, r := range rs {
		prev := r.Clone()
		r.IOUserID = to
		if err := s.save(tx, a, r, prev, nsor.ActTransfer, r.State, reason); err != nil {
			return err
		}
	}
	return nil
}

// bumpFIR moves f to its next version for a change of its accused, which
// the FIR's row does not hold, so that an If-Match on the FIR covers them
// and two changes made from the same version cannot both land.
func bumpFIR(tx nsor.FIRTx, f *nsor.FIR) error {
	f.Version++
	return tx.UpdateFIR(f, f.Version-1)
}
