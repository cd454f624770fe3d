package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"nsor"
	"nsor/auth"
	"nsor/client"
	"nsor/service"
	"nsor/sqlstore"
)

// cast holds the signed-in clients of one benchmark run.
type cast struct {
	io, io2, dpp, dpo, a1, a2 *client.Client
	io2ID, station, record    int64
}

var pdf = []byte("%PDF-1.4\n% SYNTHETIC FIR COPY\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// setUp creates the users, signs them in (before any timing) and enters one
// checked register record for the searches to find.
func setUp(ctx context.Context, svc *service.Service, db *sqlstore.DB, base *client.Client) (*cast, error) {
	var lahore, country *nsor.Jurisdiction
	err := db.View(ctx, func(tx nsor.Tx) error {
		var err error
		if lahore, err = tx.JurisdictionByCode("PB-LHR-LHR"); err == nil {
			country, err = tx.JurisdictionByCode("PK")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	admin, _, err := svc.Bootstrap(ctx, nsor.Operator{Name: "nsorbench"}, nsor.NewUser{Username: "admin", Name: "Admin", JurisdictionID: country.ID})
	if err != nil {
		return nil, err
	}
	adm := &nsor.Actor{User: admin, Jurisdiction: country, Source: "cli", Operator: &nsor.Operator{Name: "nsorbench"}}
	st := &nsor.Jurisdiction{Kind: nsor.KindStation, Code: "BENCH-S1", Name: "Bench station (synthetic)", ParentID: lahore.ID}
	if err := svc.CreateJurisdiction(ctx, adm, st); err != nil {
		return nil, err
	}
	login := func(name string, role nsor.Role, j int64) (*client.Client, int64, error) {
		u, creds, err := svc.CreateUser(ctx, adm, nsor.NewUser{Username: name, Name: "Bench " + name, Rank: "Inspector", BeltNumber: "B1", Role: role, JurisdictionID: j})
		if err != nil {
			return nil, 0, err
		}
		code, _ := auth.Code(creds.TOTPSecret, time.Now())
		c, _, err := base.SignIn(ctx, name, creds.Password, code)
		return c, u.ID, err
	}
	cs := &cast{station: st.ID}
	steps := []struct {
		out  **client.Client
		name string
		role nsor.Role
		j    int64
	}{{&cs.io, "io1", nsor.RoleIO, lahore.ID}, {&cs.dpp, "dpp", nsor.RoleDPP, lahore.ID}, {&cs.dpo, "dpo", nsor.RoleDPO, lahore.ID},
		{&cs.a1, "analyst1", nsor.RoleAnalyst, country.ID}, {&cs.a2, "analyst2", nsor.RoleAnalyst, country.ID}}
	for _, s := range steps {
		if *s.out, _, err = login(s.name, s.role, s.j); err != nil {
			return nil, err
		}
	}
	if cs.io2, cs.io2ID, err = login("io2", nsor.RoleIO, lahore.ID); err != nil {
		return nil, err
	}
	r1, _, err := login("registrar1", nsor.RoleRegistrar, country.ID)
	if err != nil {
		return nil, err
	}
	r2, _, err := login("registrar2", nsor.RoleRegistrar, country.ID)
	if err != nil {
		return nil, err
	}
	return cs, cs.enterRecord(ctx, r1, r2)
}

// at returns the cast signed in as before, calling the instance at url.
func (cs *cast) at(url string) *cast {
	moved := *cs
	for _, c := range []**client.Client{&moved.io, &moved.io2, &moved.dpp, &moved.dpo, &moved.a1, &moved.a2} {
		cp := **c
		cp.Base = url
		*c = &cp
	}
	return &moved
}

func (cs *cast) enterRecord(ctx context.Context, maker, checker *client.Client) error {
	v, err := maker.ProposeRecord(ctx, nsor.RecordInput{Name: "Bench Offender", CNIC: "91111-2222333-5", Gender: "male",
		Convictions: []nsor.Conviction{{Court: "Sessions Court (synthetic)", CaseNumber: "B-1", Sections: []string{"376"}, ConvictedOn: "2015-01-02"}}},
		"benchmark record (synthetic)")
	if err != nil {
		return err
	}
	cs.record = v.OffenderID
	return checker.CheckChange(ctx, v.OffenderID, v.N, true, "")
}

// procedure runs one complete procedure.
func (cs *cast) procedure(ctx context.Context, i int) error {
	fir, err := cs.io.CreateFIR(ctx, nsor.FIRInput{StationID: cs.station, Number: "B" + strconv.Itoa(i), Year: 2026, RegisteredOn: "2026-01-05",
		Sections: []string{"376 PPC"}, Accused: []nsor.AccusedInput{
			{Name: "Bench Offender", CNIC: "91111-2222333-5", Gender: "male", Parentage: &nsor.Parentage{Relation: "S/O", Name: "Bench Father"}, Address: "Synthetic", Age: 40},
			{Name: "Bench Other", Parentage: &nsor.Parentage{Relation: "S/O", Name: "Other Father"}, Address: "Synthetic", Age: 30}}}, "")
	if err != nil {
		return err
	}
	if _, err := cs.io.PutFIRCopy(ctx, fir.ID, pdf); err != nil {
		return err
	}
	r, err := cs.io.CreateRequest(ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID, fir.Accused[1].ID},
		Grounds: "Named by the victim; prior record needed.", Declaration: true}, "")
	if err != nil {
		return err
	}
	return cs.flow(ctx, r, fir.ID)
}

// flow takes a draft through the whole procedure; every act carries the
// version of the previous act's answer.
func (cs *cast) flow(ctx context.Context, r *nsor.RequestView, firID int64) error {
	id, v := r.ID, r.Version
	s1, s2 := r.Suspects[0].ID, r.Suspects[1].ID
	outcomes := []map[string]any{{"suspect_id": s1, "outcome": "record_found", "record_id": cs.record, "basis": "cnic"},
		{"suspect_id": s2, "outcome": "no_record"}}
	full := map[string]any{"fir_copy_matches": true, "eligible_section": true, "suspects_named_in_fir": true, "grounds_substantiated": true}
	acts := []struct {
		who    *client.Client
		action string
		body   map[string]any
	}{
		{cs.io, "submit", map[string]any{}},
		{cs.dpp, "return", map[string]any{"reason": "Attach a clearer copy.", "failed_items": []string{"fir_copy_matches"}}},
		{cs.io, "resubmit", map[string]any{"clarification": "A clearer copy is attached."}},
		{cs.dpp, "forward", map[string]any{"checklist": full}},
		{cs.a1, "assign", map[string]any{}},
		{nil, "search", nil},
		{cs.a1, "answer", map[string]any{"outcomes": outcomes}},
		{cs.a2, "reopen", map[string]any{"reason": "Add a note on the alias."}},
		{cs.a1, "answer", map[string]any{"outcomes": outcomes}},
		{cs.a2, "confirm", map[string]any{}},
		{cs.dpp, "release", map[string]any{}},
		{nil, "read-refused", nil},
		{cs.io, "acknowledge", map[string]any{"accept_advisory": true}},
	}
	for _, a := range acts {
		switch a.action {
		case "search":
			if err := cs.searches(ctx, id, s1, s2); err != nil {
				return err
			}
			continue
		case "read-refused":
			if _, err := cs.io.ReadRelease(ctx, id); err == nil {
				return fmt.Errorf("%w: release read before acknowledgement", errUnexpected)
			}
			continue
		}
		a.body["version"] = v
		nv, err := a.who.Act(ctx, id, a.action, a.body)
		if err != nil {
			return fmt.Errorf("%s: %w", a.action, err)
		}
		v = nv.Version
	}
	if _, err := cs.io.ReadRelease(ctx, id); err != nil {
		return err
	}
	return cs.transfer(ctx, id, firID)
}

func (cs *cast) searches(ctx context.Context, id, s1, s2 int64) error {
	c1, err := cs.a1.Search(ctx, id, s1, nil)
	if err != nil || len(c1) != 1 {
		return fmt.Errorf("search 1: %d candidates, %v", len(c1), err)
	}
	_, err = cs.a1.Search(ctx, id, s2, nil)
	return err
}

// transfer moves the case to the second officer, who acknowledges afresh.
func (cs *cast) transfer(ctx context.Context, id, firID int64) error {
	if _, err := cs.dpo.Do(ctx, http.MethodPost, "/api/v1/firs/"+strconv.FormatInt(firID, 10)+"/transfer",
		map[string]any{"io_user_id": cs.io2ID, "reason": "Officer posted elsewhere."}, nil); err != nil {
		return err
	}
	if _, err := cs.io2.ReadRelease(ctx, id); err == nil {
		return fmt.Errorf("%w: new officer read before acknowledging", errUnexpected)
	}
	cur, err := cs.io2.Request(ctx, id)
	if err != nil {
		return err
	}
	if _, err := cs.io2.Act(ctx, id, "acknowledge", map[string]any{"version": cur.Version, "accept_advisory": true}); err != nil {
		return err
	}
	_, err = cs.io2.ReadRelease(ctx, id)
	return err
}
