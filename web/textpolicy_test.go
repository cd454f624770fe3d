package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"nsor"
	"nsor/client"
)

// TestTextPolicy: the same bad text, date or number gets the same answer on
// SQLite and on PostgreSQL (docs/text-policy.md): a 4xx naming the code and
// the field, and nothing written. Before the text policy PostgreSQL
// answered 500 to a NUL and to an oversized alias, and SQLite stored them.
func TestTextPolicy(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		e := newEnvAt(t, dsn, nil, nil)
		checkRefusals(t, e, textInputs(t, e))
	})
}

// rawJSON sends body as a JSON body byte for byte, so that invalid UTF-8
// reaches the server as the client wrote it.
func rawJSON(e *env, c *client.Client, method, path, body string) error {
	_, err := c.Do(e.ctx, method, path, []byte(body), nil, client.Header{Key: "Content-Type", Value: "application/json"})
	return err
}

func textInputs(t *testing.T, e *env) []refusal {
	c := newCast(e)
	io, reg, admin := e.login(c.io1), e.login(c.registrar1), e.login(e.users["admin"])
	recordID := enterRecord(t, e, reg, e.login(c.registrar2), offenderRecord())
	stationID := firInput(e).StationID // made here, not by the first refusal
	withFIR := func(change func(*nsor.FIRInput)) func() error {
		return func() error {
			in := firInput(e)
			in.Number = "T-1"
			change(&in)
			_, err := io.CreateFIR(e.ctx, in, "")
			return err
		}
	}
	withRecord := func(change func(*nsor.RecordInput)) func() error {
		return func() error {
			in := offenderRecord()
			in.CNIC, in.Name = "", "Synthetic Textpolicy"
			change(&in)
			_, err := reg.ProposeRecord(e.ctx, in, "Entered from the conviction file (synthetic)")
			return err
		}
	}
	readRecord := func(purpose string) func() error {
		return func() error {
			_, err := reg.Do(e.ctx, http.MethodGet, "/api/v1/register/records/"+itoa(recordID)+"?purpose="+url.QueryEscape(purpose), nil, nil)
			return err
		}
	}
	return []refusal{
		{name: "NUL in a name", call: withFIR(func(in *nsor.FIRInput) { in.Accused[0].Name = "Zarghoon\x00Tarqeel" }),
			status: 422, code: "text.invalid_character", field: "accused[0].name", audited: true},
		{name: "ANSI escape in a name", call: withFIR(func(in *nsor.FIRInput) { in.Accused[1].Name = "\x1b[31mQudrat\x1b[0m" }),
			status: 422, code: "text.invalid_character", field: "accused[1].name", audited: true},
		{name: "bidirectional override in the victim's name", call: withFIR(func(in *nsor.FIRInput) { in.Victim.Name = "Victim \u202eSynthetic" }),
			status: 422, code: "text.invalid_character", field: "victim.name", audited: true},
		{name: "line break in a one-line field", call: withFIR(func(in *nsor.FIRInput) { in.Accused[0].Parentage.Name = "Gulzar\nTarqeel" }),
			status: 422, code: "text.invalid_character", field: "accused[0].parentage.name", audited: true},
		{name: "invalid UTF-8 in a name", call: func() error {
			return rawJSON(e, io, http.MethodPost, "/api/v1/firs", `{"station_id":`+itoa(stationID)+`,"number":"T-2","year":2026,"registered_on":"2026-10-30",`+
				`"sections":["376 PPC"],"accused":[{"name":"Zarghoon `+"\xff\xfe"+` Tarqeel"}]}`)
		}, status: 422, code: "text.invalid_utf8", field: "accused[0].name"},
		{name: "NUL in a query parameter", call: readRecord("Record maintenance\x00 check"),
			status: 422, code: "query.invalid_character", field: "purpose"},
		{name: "invalid UTF-8 in a query parameter", call: readRecord("Record maintenance \xff"),
			status: 422, code: "query.invalid_utf8", field: "purpose"},
		{name: "query parameter over its limit", call: readRecord(strings.Repeat("Record maintenance ", 60)),
			status: 422, code: "query.too_long", field: "purpose"},
		{name: "NUL in a search purpose", call: func() error {
			_, err := reg.Do(e.ctx, http.MethodPost, "/api/v1/register/search", map[string]any{"name": nameOffender, "purpose": "Record\x00 maintenance"}, nil)
			return err
		}, status: 422, code: "text.invalid_character", field: "purpose", audited: true},
		{name: "900 KB alias", call: withRecord(func(in *nsor.RecordInput) { in.Aliases = []string{strings.Repeat("Zarghun ", 900<<10/8)} }),
			status: 422, code: "text.too_long", field: "aliases[0]", audited: true},
		{name: "register free text over its limit", call: withRecord(func(in *nsor.RecordInput) { in.Description = strings.Repeat("Tall. ", 1000) }),
			status: 422, code: "text.too_long", field: "description", audited: true},
		{name: "referral date not a date", call: withRecord(func(in *nsor.RecordInput) {
			in.Referrals = []nsor.Referral{{ReferredOn: "not-a-date", Professional: "Synthetic psychologist"}}
		}), status: 422, code: "date.malformed", field: "referrals[0].referred_on", audited: true},
		{name: "referral date in 2999", call: withRecord(func(in *nsor.RecordInput) {
			in.Referrals = []nsor.Referral{{ReferredOn: "2999-01-01", Professional: "Synthetic psychologist"}}
		}), status: 422, code: "date.future", field: "referrals[0].referred_on", audited: true},
		{name: "expires_in_hours that overflows into a short token", call: func() error {
			_, err := admin.Do(e.ctx, http.MethodPost, "/api/v1/tokens", map[string]any{"user_id": c.io1.ID, "name": "case-system",
				"scopes": []string{"requests:read"}, "expires_in_hours": 5124097}, nil)
			return err
		}, status: 422, code: "token.lifetime", field: "expires_in_hours", audited: true},
		{name: "FIR registered on 30 February", call: withFIR(func(in *nsor.FIRInput) { in.RegisteredOn = "2026-02-30" }),
			status: 422, code: "date.malformed", field: "registered_on", audited: true},
		{name: "date of birth in year 0", call: withFIR(func(in *nsor.FIRInput) { in.Accused[0].DOB = "0000-01-01" }),
			status: 422, code: "date.malformed", field: "accused[0].date_of_birth", audited: true},
		{name: "date of birth in 9999", call: withFIR(func(in *nsor.FIRInput) { in.Accused[0].DOB = "9999-12-31" }),
			status: 422, code: "date.future", field: "accused[0].date_of_birth", audited: true},
		{name: "accused's age negative", call: withFIR(func(in *nsor.FIRInput) { in.Accused[0].Age = -30 }),
			status: 422, code: "accused.age_invalid", field: "accused[0].age", audited: true},
		{name: "invalid UTF-8 in the Idempotency-Key header", call: func() error {
			in := firInput(e)
			in.Number = "T-3"
			_, err := io.CreateFIR(e.ctx, in, "retry-\xff\xfe")
			return err
		}, status: 422, code: "idempotency.key_invalid", field: "Idempotency-Key", audited: true},
		{name: "bidirectional override in the Idempotency-Key header", call: func() error {
			in := firInput(e)
			in.Number = "T-4"
			_, err := io.CreateFIR(e.ctx, in, "retry-\u202e1")
			return err
		}, status: 422, code: "idempotency.key_invalid", field: "Idempotency-Key", audited: true},
		{name: "bidirectional override in a proposed account's name", call: func() error {
			_, err := admin.Do(e.ctx, http.MethodPost, "/api/v1/users", map[string]any{"username": "dpp.proposed", "name": "Prosecutor \u202eSynthetic",
				"role": nsor.RoleDPP, "jurisdiction_id": e.jurisdiction("PB-LHR-LHR").ID}, nil)
			return err
		}, status: 422, code: "text.invalid_character", field: "name", audited: true},
		{name: "NUL in a proposed account's rank", call: func() error {
			_, err := admin.Do(e.ctx, http.MethodPost, "/api/v1/users", map[string]any{"username": "dpp.proposed", "name": "Prosecutor Synthetic",
				"rank": "Deputy\u0000", "role": nsor.RoleDPP, "jurisdiction_id": e.jurisdiction("PB-LHR-LHR").ID}, nil)
			return err
		}, status: 422, code: "text.invalid_character", field: "rank", audited: true},
		{name: "null PATCH body", call: func() error { return rawJSON(e, admin, http.MethodPatch, "/api/v1/users/"+itoa(c.io1.ID), "null") },
			status: 400, code: "body.not_object", field: "body"},
		{name: "array PATCH body", call: func() error { return rawJSON(e, admin, http.MethodPatch, "/api/v1/users/"+itoa(c.io1.ID), `[]`) },
			status: 400, code: "body.not_object", field: "body"},
	}
}

// TestFullWidthNameIsFound: a name typed in full-width letters finds the
// record of the same name in ordinary ones (NFKC, docs/text-policy.md).
func TestFullWidthNameIsFound(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	reg := e.login(c.registrar1)
	id := enterRecord(t, e, reg, e.login(c.registrar2), offenderRecord())
	var out struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if _, err := reg.Do(e.ctx, http.MethodPost, "/api/v1/register/search",
		map[string]any{"name": "Ｚａｒｇｈｕｎ Ｔａｒｑｅｅｌ", "purpose": "Record maintenance (synthetic)"}, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Items) != 1 || out.Items[0].ID != id {
		t.Errorf("search for the full-width name = %+v, want record %d", out, id)
	}
}

// TestTextPolicyInService: the service itself, as the CLI and imports call
// it, refuses text the policy refuses, on each database, and writes nothing
// but the refusal.
func TestTextPolicyInService(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		e := newEnvAt(t, dsn, nil, nil)
		reg := e.user("registrar.cli", nsor.RoleRegistrar, "PK")
		registrar := &nsor.Actor{User: reg.User, Jurisdiction: e.jurisdiction("PK"), Source: "cli", Operator: &nsor.Operator{Name: "test"}}
		cases := []struct {
			name, code, field string
			call              func() error
		}{
			{"NUL in a jurisdiction's name", "text.invalid_character", "name", func() error {
				return e.svc.CreateJurisdiction(e.ctx, e.admin, &nsor.Jurisdiction{Kind: nsor.KindStation, Code: "PB-LHR-LHR-S9",
					Name: "Station\x00 9", ParentID: e.jurisdiction("PB-LHR-LHR").ID})
			}},
			{"override in a user's name", "text.invalid_character", "name", func() error {
				_, _, err := e.svc.CreateUser(e.ctx, e.admin, nsor.NewUser{Username: "io.bidi", Name: "Officer \u202Eidib",
					Role: nsor.RoleIO, JurisdictionID: e.jurisdiction("PB-LHR-LHR").ID})
				return err
			}},
			{"invalid UTF-8 in an alias", "text.invalid_utf8", "aliases[0]", func() error {
				in := offenderRecord()
				in.Aliases = []string{"Zarghun \xff"}
				_, _, err := e.svc.ProposeRecord(e.ctx, registrar, in, "Entered from the conviction file (synthetic)", nsor.Idempotency{})
				return err
			}},
			{"NUL in a reason", "text.invalid_character", "reason", func() error {
				_, _, err := e.svc.ProposeRecord(e.ctx, registrar, offenderRecord(), "Entered\x00 from the file", nsor.Idempotency{})
				return err
			}},
		}
		for _, tc := range cases {
			before := digest(t, e)
			err := tc.call()
			if nsor.ErrorCode(err) != tc.code || nsor.KindOf(err) != nsor.KindInvalid || !slices.Equal(fieldNames(err), []string{tc.field}) {
				t.Errorf("%s = %v, want 422 %s on %s", tc.name, err, tc.code, tc.field)
			}
			if after := digest(t, e); after != before {
				t.Errorf("%s wrote something:\nbefore %s\nafter  %s", tc.name, before, after)
			}
			if rec := lastRefusal(t, e); rec == nil || rec.Code != tc.code {
				t.Errorf("%s: last audit record = %+v, want its refusal", tc.name, rec)
			}
		}
	})
}

func fieldNames(err error) []string {
	var out []string
	for _, f := range nsor.AsError(err).Fields {
		out = append(out, f.Field)
	}
	return out
}
