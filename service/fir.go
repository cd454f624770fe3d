package service

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"nsor"
	"nsor/auditrec"
	"nsor/match"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseAccused validates one accused. CNIC placeholders read as unknown; a
// CNIC whose gender digit disagrees with the gender is accepted with a
// warning.
func (s *Service) parseAccused(in nsor.AccusedInput, field string, p *nsor.Problems, warn *[]nsor.Warning) nsor.Accused {
	if err := nsor.CheckFields(in); err != nil {
		p.AddErr(field, err)
		return nsor.Accused{}
	}
	n := match.SplitTitles(strings.TrimSpace(in.Name))
	a := nsor.Accused{Name: n.Given, Titles: n.Titles, Address: strings.TrimSpace(in.Address), Age: in.Age}
	if a.Name == "" {
		p.Add(field+".name", "accused.name_required", "Give the accused's name as written on the FIR (at most 200 characters).")
	}
	if in.Parentage != nil && (in.Parentage.Name != "" || in.Parentage.Relation != "") {
		rel := strings.ToUpper(strings.ReplaceAll(in.Parentage.Relation, " ", ""))
		if !slices.Contains(nsor.ParentageRelations, rel) || strings.TrimSpace(in.Parentage.Name) == "" {
			p.Add(field+".parentage", "accused.parentage_invalid", "Parentage is S/O, D/O or W/O with a name.")
		}
		a.Parentage = &nsor.Parentage{Relation: rel, Name: strings.TrimSpace(in.Parentage.Name)}
	}
	var err error
	if a.CNIC, err = nsor.ParseCNIC(in.CNIC); err != nil {
		p.AddErr(field, err)
	}
	if a.Gender, err = nsor.ParseGender(in.Gender); err != nil {
		p.AddErr(field, err)
	}
	if a.DOB, err = nsor.ParseDate(field+".date_of_birth", in.DOB); err != nil {
		p.AddErr("", err)
	} else if a.DOB.After(s.now()) {
		p.Add(field+".date_of_birth", "date.future", "A date of birth cannot be in the future.")
	}
	if in.Age != 0 && (in.Age < 7 || in.Age > 120) {
		p.Add(field+".age", "accused.age_invalid", "An age is between 7 and 120 years.")
	}
	if w := nsor.CNICGenderWarning(field+".cnic", a.CNIC, a.Gender); w != nil {
		*warn = append(*warn, *w)
	}
	if a.Age != 0 && a.DOB != "" {
		if d := s.now().Year() - a.DOB.Year() - a.Age; d > 1 || d < -1 {
			*warn = append(*warn, nsor.Warning{Field: field + ".age", Code: "accused.age_dob_mismatch",
				Message: "The age and the date of birth disagree; check both."})
		}
	}
	return a
}

// validateFIR checks an FIR's own fields against the officer's district.
func (s *Service) validateFIR(tx nsor.Tx, a *nsor.Actor, in nsor.FIRInput) (*nsor.FIR, []nsor.Warning, error) {
	if err := nsor.CheckFields(in); err != nil {
		return nil, nil, err
	}
	var p nsor.Problems
	var warn []nsor.Warning
	f := &nsor.FIR{Number: strings.TrimSpace(in.Number), Year: in.Year, StationID: in.StationID, Victim: in.Victim}
	if f.Number == "" || utf8.RuneCountInString(f.Number) > 20 {
		p.Add("number", "fir.number_required", "Give the FIR number as on the FIR (at most 20 characters).")
	}
	now := s.now()
	if in.Year < 1947 || in.Year > now.Year() {
		p.AddWith("year", "fir.year_invalid", fmt.Sprintf("The FIR year is between 1947 and %d.", now.Year()), nsor.Params{"max": strconv.Itoa(now.Year())})
	}
	var err error
	if f.RegisteredOn, err = nsor.ParseDate("registered_on", in.RegisteredOn); err != nil {
		p.AddErr("", err)
	} else if !f.RegisteredOn.Full() || f.RegisteredOn.After(now) || f.RegisteredOn.Year() != in.Year {
		p.Add("registered_on", "fir.date_invalid", "Give the full date the FIR was registered, in the FIR's year and not in the future.")
	}
	s.checkSections(in.Sections, &p, &f.Sections)
	if len(in.Accused) == 0 {
		p.Add("accused", "fir.accused_required", "An FIR entered here names at least one accused.")
	}
	for i, ai := range in.Accused {
		f.Accused = append(f.Accused, s.parseAccused(ai, fmt.Sprintf("accused[%d]", i), &p, &warn))
	}
	checkVictim(f.Victim, &p)
	if err := s.checkStation(tx, a, f); err != nil {
		p.AddErr("", err)
	}
	return f, warn, p.Err()
}

// checkVictim validates the victim's particulars, when given.
func checkVictim(v *nsor.Victim, p *nsor.Problems) {
	if v == nil {
		return
	}
	v.Name = strings.TrimSpace(v.Name)
	if v.Name == "" {
		p.Add("victim.name", "victim.name_required", "Give the victim's name as on the FIR (at most 200 characters), or leave the victim out.")
	}
	if v.Age < 0 || v.Age > 120 {
		p.Add("victim.age", "victim.age_invalid", "An age is between 0 and 120 years.")
	}
	g, err := nsor.ParseGender(string(v.Gender))
	if err != nil {
		p.AddErr("victim", err)
	}
	v.Gender = g
}

// checkSections parses the sections and requires an eligible one (docs/rules.md#r1).
func (s *Service) checkSections(in []string, p *nsor.Problems, out *[]string) {
	codes, err := nsor.ParseSections(in)
	if err != nil {
		p.AddErr("", err)
		return
	}
	*out = codes
	if len(nsor.EligibleSections(codes, s.cfg.EligibleSections)) == 0 {
		p.Add("sections", "fir.no_eligible_section", "None of these sections allows a request to the register. "+
			"It may be made only under PPC "+strings.Join(eligibleNames(s.cfg.EligibleSections), ", ")+".")
	}
}

func eligibleNames(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = strings.ReplaceAll(strings.TrimPrefix(c, "PPC-"), "PECA-", "PECA ")
	}
	return out
}

// checkStation requires the station to be in the officer's own district
// (docs/rules.md#r5); a station elsewhere is answered as not found.
func (s *Service) checkStation(tx nsor.Tx, a *nsor.Actor, f *nsor.FIR) error {
	st, err := s.jurisdiction(tx, f.StationID)
	if err != nil && nsor.KindOf(err) != nsor.KindNotFound {
		return err
	}
	if err != nil || st.Kind != nsor.KindStation || st.ParentID != a.User.JurisdictionID {
		return nsor.Invalid("station_id", "fir.station_unknown", "No police station with this ID in your district.")
	}
	f.DistrictID = st.ParentID
	return nil
}

// CreateFIR enters an FIR with its accused (investigating officers, in their
// own district). The officer who enters it holds the case.
func (s *Service) CreateFIR(ctx context.Context, a *nsor.Actor, in nsor.FIRInput, idem nsor.Idempotency) (*nsor.FIR, []nsor.Warning, error) {
	var f *nsor.FIR
	var warn []nsor.Warning
	err := s.do(ctx, a, "fir.create", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := s.requireWrite(a, nsor.RoleIO); err != nil {
			return err
		}
		if id, err := s.replay(tx, a, idem, "fir"); id != 0 || err != nil {
			if err == nil {
				f, err = tx.FIR(id)
			}
			return err
		}
		var err error
		if f, warn, err = s.validateFIR(tx, a, in); err != nil {
			return err
		}
		f.IOUserID, f.CreatedBy, f.CreatedAt, f.Version = a.ID(), a.ID(), s.now(), 1
		if err := tx.CreateFIR(f); err != nil {
			return err
		}
		rec.Object = object("fir", f.ID)
		s.tag(rec, "fir_number", firKey(f))
		detail(rec, "accused", len(f.Accused))
		return s.remember(tx, a, idem, rec.Object)
	})
	return f, warn, err
}

// firKey is the identifier of an FIR for keyed hashing: station/number/year.
func firKey(f *nsor.FIR) string { return fmt.Sprintf("%d/%s/%d", f.StationID, f.Number, f.Year) }

// requireWrite refuses actors of other roles and tokens without write scope.
func (s *Service) requireWrite(a *nsor.Actor, roles ...nsor.Role) error {
	if err := requireRole(a, roles...); err != nil {
		return err
	}
	return requireScope(a, nsor.ScopeRequestsWrite)
}

// firFor loads an FIR the actor may act on as its officer, else not found.
func firFor(tx nsor.FIRTx, a *nsor.Actor, id int64) (*nsor.FIR, error) {
	f, err := tx.FIR(id)
	if err != nil {
		return nil, err
	}
	if !firVisible(a, f) {
		return nil, nsor.NotFound("fir")
	}
	return f, nil
}

// firVisible: the officer holding the case, and the district's DPO.
func firVisible(a *nsor.Actor, f *nsor.FIR) bool {
	switch a.User.Role {
	case nsor.RoleIO:
		return f.IOUserID == a.ID()
	case nsor.RoleDPO:
		return f.DistrictID == a.User.JurisdictionID
	}
	return false
}

// FIRs lists the FIRs of the officer's cases, or of the DPO's district,
// without the victim's particulars.
func (s *Service) FIRs(ctx context.Context, a *nsor.Actor, p nsor.Page) (nsor.Paged[*nsor.FIR], error) {
	var out nsor.Paged[*nsor.FIR]
	err := s.read(ctx, a, "fir.list", 0, func(tx nsor.Tx) error {
		if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
			return err
		}
		if err := p.Check(1); err != nil {
			return err
		}
		f := nsor.FIRFilter{BeforeID: p.AfterID(), Limit: p.Fetch()}
		switch a.User.Role {
		case nsor.RoleIO:
			f.IOUserID = a.ID()
		case nsor.RoleDPO:
			f.DistrictID = a.User.JurisdictionID
		default:
			return nsor.Errorf(nsor.KindForbidden, "auth.forbidden", "Your role does not see FIRs.")
		}
		fs, err := tx.FIRs(f)
		out = nsor.Cut(fs, p, func(f *nsor.FIR) []int64 { return nsor.ByID(f.ID) })
		for _, x := range out.Items {
			x.Victim = nil
		}
		return err
	})
	return out, err
}

// FIR returns one FIR. Its officer sees the victim's particulars, and that
// view is recorded (PPC s.376A); the DPO sees the FIR without them.
func (s *Service) FIR(ctx context.Context, a *nsor.Actor, id int64) (*nsor.FIR, error) {
	var f *nsor.FIR
	err := s.do(ctx, a, "fir.view", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("fir", id)
		if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
			return err
		}
		var err error
		if f, err = firFor(tx, a, id); err != nil {
			return err
		}
		if a.User.Role != nsor.RoleIO {
			f.Victim = nil
		}
		detail(rec, "victim_shown", f.Victim != nil)
		return nil
	})
	return f, err
}

// PutFIRCopy attaches the scanned FIR copy: PDF, JPEG or PNG, recognised from
// its bytes, within the size limit, stored by its SHA-256. While a request
// of the FIR is open the copy the prosecutor verified stays (docs/rules.md#r9): 409
// fir.copy_frozen, naming the request.
func (s *Service) PutFIRCopy(ctx context.Context, a *nsor.Actor, firID int64, seen int, data []byte) (*nsor.BlobRef, error) {
	var ref *nsor.BlobRef
	err := s.do(ctx, a, "fir.copy_upload", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("fir", firID)
		if err := s.requireWrite(a, nsor.RoleIO); err != nil {
			return err
		}
		f, err := firFor(tx, a, firID)
		if err != nil {
			return err
		}
		if err := nsor.CheckFIRVersion(f, seen); err != nil {
			return err
		}
		if err := unfrozen(tx, nsor.RequestFilter{FIRID: firID}, rec, "fir.copy_frozen", "The FIR copy"); err != nil {
			return err
		}
		b, err := s.checkUpload(data)
		if err != nil {
			return err
		}
		if err := tx.PutBlob(b); err != nil {
			return err
		}
		f.Copy, ref = &b.BlobRef, &b.BlobRef
		detail(rec, "sha256", b.SHA256)
		f.Version++
		return tx.UpdateFIR(f, f.Version-1)
	})
	return ref, err
}

// FIRCopy returns the FIR copy of a request to those who must act on it (its
// officer, the district's prosecutors, the analyst assigned); each view is
// recorded (PPC s.376A). Once submitted, it is the copy the submission
// recorded, by its digest (docs/rules.md#r9), whatever the FIR holds now.
func (s *Service) FIRCopy(ctx context.Context, a *nsor.Actor, requestID int64) (*nsor.Blob, *nsor.Victim, error) {
	var b *nsor.Blob
	var victim *nsor.Victim
	err := s.do(ctx, a, "fir.copy_view", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.RequestID = object("request", requestID), requestID
		if err := requireScope(a, nsor.ScopeRequestsRead); err != nil {
			return err
		}
		r, err := s.load(tx, a, requestID, nsor.ActViewFIRCopy)
		if err != nil {
			return err
		}
		f, err := tx.FIR(r.FIRID)
		if err != nil {
			return err
		}
		sum, err := copyOf(tx, r, f)
		if err != nil || sum == "" {
			return cmp.Or(err, error(nsor.NotFound("fir_copy")))
		}
		rec.Object = object("fir", f.ID)
		detail(rec, "sha256", sum)
		victim = f.Victim
		b, err = tx.Blob(sum)
		return err
	})
	return b, victim, err
}

// uploadTypes are the types of FIR copy accepted, as sniffed from the bytes
// (WHATWG MIME Sniffing, as net/http implements it), never from a name or a
// declared type.
var uploadTypes = []string{"application/pdf", "image/jpeg", "image/png"}

func (s *Service) checkUpload(data []byte) (*nsor.Blob, error) {
	if len(data) == 0 {
		return nil, nsor.Invalid("file", "upload.empty", "The file is empty.")
	}
	if int64(len(data)) > s.cfg.MaxUpload {
		return nil, nsor.ErrUploadTooLarge(s.cfg.MaxUpload)
	}
	typ := http.DetectContentType(data)
	if !slices.Contains(uploadTypes, typ) {
		return nil, &nsor.Error{Kind: nsor.KindUnsupportedMedia, Code: "upload.type",
			Message: "The FIR copy must be a PDF, JPEG or PNG file; this file is " + typ + ".",
			Fields:  []nsor.FieldError{{Field: "file", Code: "upload.type", Message: "Not a PDF, JPEG or PNG."}}}
	}
	return &nsor.Blob{BlobRef: nsor.BlobRef{SHA256: nsor.SHA256Hex(data), Type: typ, Size: int64(len(data))}, Data: data}, nil
}
