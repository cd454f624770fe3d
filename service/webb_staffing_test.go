package service_test

import (
	"slices"
	"testing"

	"nsor"
)

// webbCase is the staffing of the FIR in the DPO's view.
func webbCase(t *testing.T, w *world, firID int64) *nsor.CaseStaffing {
	t.Helper()
	st, err := w.svc.Staffing(w.ctx, w.as("dpo.lahore"), nsor.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range st.Cases {
		if c.FIRID == firID {
			return c
		}
	}
	t.Fatalf("FIR %d is not in the DPO's staffing", firID)
	return nil
}

// TestStaffingFemaleOfficer: a sexual-violence case held by a male officer
// shows the DPO that it lacks a female officer; the DPO adds Lahore's female
// officer as co-investigator (recorded, both officers told, the FIR's
// version moved) and then it has one; every wrong addition is refused with
// nothing written; the district's officers come with their gender
// (docs/rules.md#r11).
func TestStaffingFemaleOfficer(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newWorld(t, dsn)
		dpo, io1, io3 := w.as("dpo.lahore"), w.as("io.lahore1"), w.as("io.lahore3")
		if io3.User.Gender != nsor.GenderFemale || io1.User.Gender != nsor.GenderMale {
			t.Fatalf("demo genders: io.lahore3 %q, io.lahore1 %q", io3.User.Gender, io1.User.Gender)
		}
		v := webbFile(t, w, "7201", nsor.AccusedInput{Name: "Staffing Synthetic", CNIC: "91234-7200001-1"})
		c := webbCase(t, w, v.FIRID)
		if !c.SexualViolence || c.FemaleOfficer || !c.NeedsFemaleOfficer() || c.Lead.ID != io1.ID() {
			t.Fatalf("before: %+v", c)
		}
		st, _ := w.svc.Staffing(w.ctx, dpo, nsor.Page{})
		if !slices.ContainsFunc(st.Officers, func(o nsor.Officer) bool { return o.ID == io3.ID() && o.Gender == nsor.GenderFemale }) {
			t.Errorf("officers %+v lack io.lahore3 as female", st.Officers)
		}
		reason := "A female officer must take part in this investigation."
		caseRefuses(t, w, []caseRefusal{
			{"by the officer", "case.co_investigator_add", "auth.forbidden", func() error {
				_, err := w.svc.AddCoInvestigator(w.ctx, io1, c.FIRID, c.Version, io3.ID(), reason)
				return err
			}},
			{"by another district's DPO", "case.co_investigator_add", "fir.not_found", func() error {
				_, err := w.svc.AddCoInvestigator(w.ctx, w.as("dpo.rawalpindi"), c.FIRID, c.Version, io3.ID(), reason)
				return err
			}},
			{"without a reason", "case.co_investigator_add", "reason.required", func() error {
				_, err := w.svc.AddCoInvestigator(w.ctx, dpo, c.FIRID, c.Version, io3.ID(), "")
				return err
			}},
			{"on a stale version", "case.co_investigator_add", "version.stale", func() error {
				_, err := w.svc.AddCoInvestigator(w.ctx, dpo, c.FIRID, c.Version+5, io3.ID(), reason)
				return err
			}},
			{"the officer holding it", "case.co_investigator_add", "co_investigator.already_on", func() error {
				_, err := w.svc.AddCoInvestigator(w.ctx, dpo, c.FIRID, c.Version, io1.ID(), reason)
				return err
			}},
			{"another district's officer", "case.co_investigator_add", "co_investigator.officer_unknown", func() error {
				_, err := w.svc.AddCoInvestigator(w.ctx, dpo, c.FIRID, c.Version, w.as("io.rawalpindi1").ID(), reason)
				return err
			}},
			{"a prosecutor", "case.co_investigator_add", "co_investigator.officer_unknown", func() error {
				_, err := w.svc.AddCoInvestigator(w.ctx, dpo, c.FIRID, c.Version, w.as("dpp.lahore2").ID(), reason)
				return err
			}},
		})
		got, err := w.svc.AddCoInvestigator(w.ctx, dpo, c.FIRID, c.Version, io3.ID(), reason)
		if err != nil || !got.FemaleOfficer || got.NeedsFemaleOfficer() || len(got.CoInvestigators) != 1 || got.CoInvestigators[0].ID != io3.ID() {
			t.Fatalf("AddCoInvestigator = %+v, %v", got, err)
		}
		if rec := caseLastAudit(w); rec.Action != "case.co_investigator_add" || rec.Object != "fir/"+itoa(c.FIRID) {
			t.Errorf("audit: %+v", rec)
		}
		for _, u := range []*nsor.Actor{io1, io3} {
			if caseNotes(w, u.ID(), nsor.NoteCoInvestigator) != 1 {
				t.Errorf("%s was not told", u.User.Username)
			}
		}
		after := webbCase(t, w, v.FIRID)
		if after.Version != c.Version+1 || !after.FemaleOfficer {
			t.Errorf("after: %+v", after)
		}
		caseRefuses(t, w, []caseRefusal{{"twice", "case.co_investigator_add", "co_investigator.already_on", func() error {
			_, err := w.svc.AddCoInvestigator(w.ctx, dpo, c.FIRID, after.Version, io3.ID(), reason)
			return err
		}}})
		// The officer holding the case still alone files; the co-investigator does not hold it.
		if _, err := w.svc.FIR(w.ctx, io3, c.FIRID); nsor.ErrorCode(err) != "fir.not_found" {
			t.Errorf("FIR(co-investigator) = %v, want fir.not_found: the case is not theirs to file on", err)
		}
		_, err = w.svc.Staffing(w.ctx, io1, nsor.Page{})
		wantCode(t, "staffing by an officer", err, "auth.forbidden")
	})
}

// TestGenderRecorded: an administrator records and changes an officer's
// gender; an unknown gender is refused.
func TestGenderRecorded(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	admin := w.as("admin")
	u := w.as("io.lahore2").User
	f := "female"
	got, _, err := w.svc.UpdateUser(w.ctx, admin, u.ID, nsor.UserPatch{Gender: &f})
	if err != nil || got.Gender != nsor.GenderFemale {
		t.Fatalf("UpdateUser(gender) = %+v, %v", got, err)
	}
	if s := caseUser(w, u.ID); s.Gender != nsor.GenderFemale {
		t.Errorf("stored gender %q", s.Gender)
	}
	bad := "unknown"
	_, _, err = w.svc.UpdateUser(w.ctx, admin, u.ID, nsor.UserPatch{Gender: &bad})
	wantCode(t, "a gender not known", err, "gender.unknown")
	d := w.as("dpo.lahore").User.JurisdictionID
	_, _, err = w.svc.CreateUser(w.ctx, admin, nsor.NewUser{Username: "io.lahore9", Name: "Nine Synthetic", Role: nsor.RoleDPO,
		JurisdictionID: d, Gender: "x"})
	wantCode(t, "a new user of gender x", err, "gender.unknown")
	nu, _, err := w.svc.CreateUser(w.ctx, admin, nsor.NewUser{Username: "dpo.lahore9", Name: "Nine Synthetic", Role: nsor.RoleDPO,
		JurisdictionID: d, Gender: "female"})
	if err != nil || nu.Gender != nsor.GenderFemale || caseUser(w, nu.ID).Gender != nsor.GenderFemale {
		t.Errorf("CreateUser(female) = %+v, %v", nu, err)
	}

}

// TestBureauAnalysts: the supervisor sees the analysts to assign to; an
// analyst or an officer does not.
func TestBureauAnalysts(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	got, err := w.svc.BureauAnalysts(w.ctx, w.as("supervisor1"))
	if err != nil || len(got) != 2 || !slices.ContainsFunc(got, func(o nsor.Officer) bool { return o.ID == w.as("analyst2").ID() }) {
		t.Errorf("BureauAnalysts = %+v, %v", got, err)
	}
	for _, u := range []string{"analyst1", "io.lahore1"} {
		_, err := w.svc.BureauAnalysts(w.ctx, w.as(u))
		wantCode(t, u, err, "auth.forbidden")
	}
}
