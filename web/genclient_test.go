package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"nsor/client/gen"
)

// TestGeneratedClientWalksProcedure walks the whole procedure through the
// client oapi-codegen generates from the document (client/gen), with every
// call validated against the document as well: the officer files the FIR,
// adds an accused and attaches the copy, opens and submits a request; the
// prosecutor forwards it; an analyst searches and answers, a second
// confirms; the prosecutor releases; the officer accepts the advisory and
// reads the release.
func TestGeneratedClientWalksProcedure(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	ctx := e.ctx
	recordID := enterRecord(t, e, e.login(c.registrar1), e.login(c.registrar2), offenderRecord())
	signIn := func(u *testUser) *gen.ClientWithResponses {
		t.Helper()
		anon := genClient(t, e, "")
		resp, err := anon.SignInWithResponse(ctx, gen.SignIn{Username: u.Username, Password: u.Password, Code: e.code(u)})
		if err != nil || resp.JSON201 == nil {
			t.Fatalf("SignIn(%s) = %v, %v; want a token", u.Username, status(resp), err)
		}
		return genClient(t, e, resp.JSON201.Token)
	}
	io, dpp, a1, a2 := signIn(c.io1), signIn(c.dpp), signIn(c.analyst1), signIn(c.analyst2)

	in := firInput(e)
	first := in.Accused[0]
	fir, err := io.CreateFIRWithResponse(ctx, nil, gen.FIRInput{StationId: in.StationID, Number: in.Number, Year: in.Year,
		RegisteredOn: in.RegisteredOn, Sections: in.Sections, Victim: &gen.Victim{Name: in.Victim.Name, Age: &in.Victim.Age},
		Accused: []gen.AccusedInput{{Name: first.Name, Cnic: &first.CNIC, Age: &first.Age, Address: &first.Address,
			Parentage: parentage(first.Parentage.Relation, first.Parentage.Name)}}})
	must(t, "CreateFIR", fir, err, fir.JSON201 != nil)
	firID := fir.JSON201.Id
	second := in.Accused[1]
	acc, err := io.AddAccusedWithResponse(ctx, firID, nil, gen.AccusedChange{Reason: "Named by the victim in a later statement (synthetic).",
		Accused: gen.AccusedInput{Name: second.Name, Cnic: &second.CNIC, DateOfBirth: &second.DOB, Address: &second.Address,
			Parentage: parentage(second.Parentage.Relation, second.Parentage.Name)}})
	must(t, "AddAccused", acc, err, acc.JSON201 != nil)
	cp, err := io.PutFIRCopyWithBodyWithResponse(ctx, firID, nil, "application/pdf", bytes.NewReader(samplePDF))
	must(t, "PutFIRCopy", cp, err, cp.JSON200 != nil)

	grounds, yes := "Named by the victim; prior record needed (synthetic).", true
	req, err := io.CreateRequestWithResponse(ctx, nil, gen.RequestInput{FirId: firID, Suspects: []gen.ID{fir.JSON201.Accused[0].Id, acc.JSON201.Id},
		Grounds: &grounds, Declaration: &yes})
	must(t, "CreateRequest", req, err, req.JSON201 != nil)
	id, v := req.JSON201.Id, req.JSON201.Version
	next := func(what string, r *gen.RequestView, resp interface{ StatusCode() int }, err error) *gen.RequestView {
		t.Helper()
		must(t, what, resp, err, r != nil)
		v = r.Version
		return r
	}
	ver := func() *gen.BodyVersion { b := gen.BodyVersion(v); return &b }

	sub, err := io.SubmitRequestWithResponse(ctx, id, nil, gen.VersionOnly{Version: ver()})
	next("SubmitRequest", sub.JSON200, sub, err)
	fwd, err := dpp.ForwardRequestWithResponse(ctx, id, nil, gen.ForwardBody{Version: ver(), Checklist: gen.Checklist{
		FirCopyMatches: true, EligibleSection: true, SuspectsNamedInFir: true, GroundsSubstantiated: true}})
	next("ForwardRequest", fwd.JSON200, fwd, err)
	asg, err := a1.AssignRequestWithResponse(ctx, id, nil, gen.AssignBody{Version: ver()})
	view := next("AssignRequest", asg.JSON200, asg, err)
	s1, s2 := view.Suspects[0].Id, view.Suspects[1].Id
	found, err := a1.SearchForSuspectWithResponse(ctx, id, s1, gen.SearchTerms{})
	must(t, "SearchForSuspect", found, err, found.JSON200 != nil)
	if len(found.JSON200.Items) != 1 || found.JSON200.Items[0].RecordId != recordID {
		t.Fatalf("SearchForSuspect = %+v, want record %d", found.JSON200.Items, recordID)
	}
	none, err := a1.SearchForSuspectWithResponse(ctx, id, s2, gen.SearchTerms{})
	must(t, "SearchForSuspect (second)", none, err, none.JSON200 != nil && len(none.JSON200.Items) == 0)
	basis, rec := gen.Basis("cnic"), recordID
	ans, err := a1.AnswerRequestWithResponse(ctx, id, nil, gen.AnswerBody{Version: ver(), Outcomes: []gen.OutcomeInput{
		{SuspectId: s1, Outcome: "record_found", RecordId: &rec, Basis: &basis}, {SuspectId: s2, Outcome: "no_record"}}})
	next("AnswerRequest", ans.JSON200, ans, err)
	cnf, err := a2.ConfirmRequestWithResponse(ctx, id, nil, gen.VersionOnly{Version: ver()})
	next("ConfirmRequest", cnf.JSON200, cnf, err)
	rel, err := dpp.ReleaseAnswerWithResponse(ctx, id, nil, gen.VersionOnly{Version: ver()})
	next("ReleaseAnswer", rel.JSON200, rel, err)

	early, err := io.ReadReleaseWithResponse(ctx, id)
	if err != nil || early.StatusCode() != http.StatusForbidden {
		t.Errorf("ReadRelease before the advisory = %v, %v; want 403", status(early), err)
	}
	ack, err := io.AcknowledgeReleaseWithResponse(ctx, id, nil, gen.AcknowledgeBody{Version: ver(), AcceptAdvisory: true})
	next("AcknowledgeRelease", ack.JSON200, ack, err)
	read, err := io.ReadReleaseWithResponse(ctx, id)
	must(t, "ReadRelease", read, err, read.JSON200 != nil)
	if got := read.JSON200.Content.Suspects; len(got) != 2 || got[0].Record == nil || got[0].Record.Id != recordID {
		t.Errorf("release suspects = %+v, want record %d found for the first", got, recordID)
	}
}

// genClient is a generated client of e's server, signed in with token (if
// any), whose calls the document validates.
func genClient(t *testing.T, e *env, token string) *gen.ClientWithResponses {
	t.Helper()
	g, err := gen.NewClientWithResponses(e.srv.URL, gen.WithHTTPClient(validatingClient(t, e.srv.Client())),
		gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			if token != "" {
				r.Header.Set("Authorization", "Bearer "+token)
			}
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// must stops the test when a generated call failed or did not answer ok.
func must(t *testing.T, what string, resp interface{ StatusCode() int }, err error, ok bool) {
	t.Helper()
	if err != nil || !ok {
		t.Fatalf("%s = %v, %v; want success", what, status(resp), err)
	}
}

// status is the status and body of a generated response, for a failure message.
func status(resp interface{ StatusCode() int }) string {
	v := reflect.ValueOf(resp)
	if !v.IsValid() || v.IsNil() {
		return "no response"
	}
	return fmt.Sprintf("%d %s", resp.StatusCode(), v.Elem().FieldByName("Body").Bytes())
}

func parentage(relation, name string) *gen.ParentageInput {
	return &gen.ParentageInput{Relation: &relation, Name: &name}
}
