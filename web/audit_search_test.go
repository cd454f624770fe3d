package web_test

import (
	"bytes"
	"encoding/hex"
	"net/http"
	"slices"
	"testing"

	"nsor"
	"nsor/client"
)

// released is a case taken through the procedure to a release its officer
// has read: the register record, the FIR, the request and its disclosure.
type released struct {
	recordID, firID, requestID int64
	number                     string
}

func releaseOne(t *testing.T, e *env, c *cast) released {
	t.Helper()
	io, dpp, a1, a2 := e.login(c.io1), e.login(c.dpp), e.login(c.analyst1), e.login(c.analyst2)
	recordID := enterRecord(t, e, e.login(c.registrar1), e.login(c.registrar2), offenderRecord())
	fir, err := io.CreateFIR(e.ctx, firInput(e), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.PutFIRCopy(e.ctx, fir.ID, samplePDF); err != nil {
		t.Fatal(err)
	}
	req, err := io.CreateRequest(e.ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID},
		Grounds: "Named by the victim; prior record needed (synthetic).", Declaration: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	id := req.ID
	act(t, e, io, id, "submit", map[string]any{})
	act(t, e, dpp, id, "forward", map[string]any{"checklist": tourChecklist(true)})
	v := act(t, e, a1, id, "assign", map[string]any{})
	sid := v.Suspects[0].ID
	if _, err := a1.Search(e.ctx, id, sid, nil); err != nil {
		t.Fatal(err)
	}
	act(t, e, a1, id, "answer", map[string]any{"outcomes": []map[string]any{{"suspect_id": sid, "outcome": "record_found",
		"record_id": recordID, "basis": "cnic"}}})
	act(t, e, a2, id, "confirm", map[string]any{})
	act(t, e, dpp, id, "release", map[string]any{})
	act(t, e, io, id, "acknowledge", map[string]any{"accept_advisory": true})
	rel, err := io.ReadRelease(e.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return released{recordID: recordID, firID: fir.ID, requestID: id, number: rel.Number}
}

// auditItems runs an audit search and returns its records as JSON objects.
func auditItems(t *testing.T, e *env, c *client.Client, method, path string, body any) []map[string]any {
	t.Helper()
	var out client.List[map[string]any]
	if _, err := c.Do(e.ctx, method, path, body, &out); err != nil {
		t.Fatalf("%s %s = %v, want the records", method, path, err)
	}
	return out.Items
}

// actions lists the actions of a search's records, in order.
func actions(t *testing.T, e *env, c *client.Client, method, path string, body any) []string {
	t.Helper()
	var out []string
	for _, it := range auditItems(t, e, c, method, path, body) {
		out = append(out, it["action"].(string))
	}
	return out
}

// TestAuditWho: an auditor asks who sought a person by CNIC (with or without
// dashes) and by a name in another romanisation, and who sought an FIR; the
// answers are the acts that tagged them, and the asking is recorded with
// the tags alone.
func TestAuditWho(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	rel := releaseOne(t, e, c)
	aud := e.login(c.auditor)
	station := e.station("PB-LHR-LHR", 1).ID
	byCNIC := actions(t, e, aud, http.MethodPost, "/api/v1/audit/who", map[string]any{"cnic": cnicOffender})
	for _, want := range []string{"register.create", "request.create", "register.search"} {
		if !slices.Contains(byCNIC, want) {
			t.Errorf("who(cnic) = %v, want it to hold %s", byCNIC, want)
		}
	}
	plain := actions(t, e, aud, http.MethodPost, "/api/v1/audit/who", map[string]any{"cnic": "9123456789013"})
	if !slices.Contains(plain, "audit.who") || len(plain) != len(byCNIC)+1 {
		t.Errorf("who(cnic without dashes) = %v, want the same records and the first who-search itself", plain)
	}
	byName := actions(t, e, aud, http.MethodPost, "/api/v1/audit/who", map[string]any{"name": "Mr. ZARGHOON tarqeel"})
	if !slices.Contains(byName, "request.create") || !slices.Contains(byName, "register.search") {
		t.Errorf("who(name) = %v, want request.create and register.search (the FIR spells it Zarghoon)", byName)
	}
	byFIR := actions(t, e, aud, http.MethodPost, "/api/v1/audit/who",
		map[string]any{"fir": map[string]any{"station_id": station, "number": firNumber, "year": 2026}})
	if !slices.Equal(byFIR, []string{"fir.create", "request.create"}) {
		t.Errorf("who(fir) = %v, want [fir.create request.create]", byFIR)
	}
	other := actions(t, e, aud, http.MethodPost, "/api/v1/audit/who", map[string]any{"cnic": "9000000000001"})
	if len(other) != 0 {
		t.Errorf("who(a CNIC nobody sought) = %v, want none", other)
	}
	checkWhoRecorded(t, e, c)
	checkNoClearIdentifiers(t, e)
	_ = rel
}

// checkWhoRecorded: each who-search is recorded as the auditor's, holding
// the tags of what was asked, never the value.
func checkWhoRecorded(t *testing.T, e *env, c *cast) {
	t.Helper()
	var n int
	err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{Action: "audit.who"})
		for _, en := range es {
			n++
			if en.Record.ActorID != c.auditor.ID || len(en.Record.Identifiers) == 0 || en.Record.Outcome != "ok" {
				t.Errorf("audit.who record %d = actor %d, %d tags, %s; want the auditor's, with tags, ok",
					en.ID, en.Record.ActorID, len(en.Record.Identifiers), en.Record.Outcome)
			}
			if bytes.Contains(en.Data, []byte("9123456789013")) || bytes.Contains(en.Data, []byte("zarghun")) {
				t.Errorf("audit.who record %d holds the identifier in clear", en.ID)
			}
		}
		return err
	})
	if err != nil || n != 5 {
		t.Errorf("audit.who records = %d, %v; want 5", n, err)
	}
}

// TestAuditSearchByObject: by user, request, disclosure, register record and
// identifier tag.
func TestAuditSearchByObject(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	rel := releaseOne(t, e, c)
	aud := e.login(c.auditor)
	get := func(q string) []string { return actions(t, e, aud, http.MethodGet, "/api/v1/audit/records?"+q, nil) }
	if got := get("disclosure=" + rel.number); !slices.Equal(got, []string{"request.release", "request.acknowledge", "release.read"}) {
		t.Errorf("search(disclosure) = %v, want the release, its acknowledgement and its read", got)
	}
	if got := get("disclosure=DN-2020-999999"); len(got) != 0 {
		t.Errorf("search(unknown disclosure) = %v, want none", got)
	}
	byRecord := get("record=" + itoa(rel.recordID))
	for _, want := range []string{"register.create", "register.check", "register.search", "request.release", "release.read"} {
		if !slices.Contains(byRecord, want) {
			t.Errorf("search(record) = %v, want it to hold %s", byRecord, want)
		}
	}
	if got := get("record=" + itoa(rel.recordID) + "&action=register.search"); !slices.Equal(got, []string{"register.search"}) {
		t.Errorf("search(record, register.search) = %v, want the analyst's search", got)
	}
	if got := get("actor=" + itoa(c.analyst2.ID)); !slices.Equal(got, []string{"auth.signin", "request.confirm"}) {
		t.Errorf("search(actor analyst2) = %v, want [auth.signin request.confirm]", got)
	}
	if got := get("request=" + itoa(rel.requestID) + "&action=request.forward"); !slices.Equal(got, []string{"request.forward"}) {
		t.Errorf("search(request, forward) = %v, want [request.forward]", got)
	}
	items := auditItems(t, e, aud, http.MethodGet, "/api/v1/audit/records?action=request.create", nil)
	mac := items[0]["identifiers"].([]any)[0].(map[string]any)["mac"].(string)
	if got := get("mac=" + mac); !slices.Contains(got, "request.create") {
		t.Errorf("search(mac of request.create's first tag) = %v, want request.create among them", got)
	}
}

// TestAuditSearchRefusals: malformed identifiers and filters are refused
// with code and field, write nothing but the refusal, and non-auditors are
// refused.
func TestAuditSearchRefusals(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	aud, io := e.login(c.auditor), e.login(c.io1)
	who := func(cl *client.Client, body map[string]any) func() error {
		return func() error { _, err := cl.Do(e.ctx, http.MethodPost, "/api/v1/audit/who", body, nil); return err }
	}
	get := func(q string) func() error {
		return func() error {
			_, err := aud.Do(e.ctx, http.MethodGet, "/api/v1/audit/records?"+q, nil, nil)
			return err
		}
	}
	fir := func(station int64, number string, year int) map[string]any {
		return map[string]any{"fir": map[string]any{"station_id": station, "number": number, "year": year}}
	}
	st := e.station("PB-LHR-LHR", 1).ID
	cases := []refusal{
		{name: "nothing asked", call: who(aud, map[string]any{}), status: 422, code: "audit.identifier_required", field: "cnic", audited: true},
		{name: "two asked", call: who(aud, map[string]any{"cnic": cnicOffender, "name": nameOffender}), status: 422, code: "audit.identifier_required", field: "cnic", audited: true},
		{name: "short CNIC", call: who(aud, map[string]any{"cnic": "91234-567890"}), status: 422, code: "cnic.malformed", field: "cnic", audited: true},
		{name: "CNIC of no province", call: who(aud, map[string]any{"cnic": "81234-5678901-3"}), status: 422, code: "cnic.unknown_province", field: "cnic", audited: true},
		{name: "placeholder CNIC", call: who(aud, map[string]any{"cnic": "1111111111111"}), status: 422, code: "audit.cnic_placeholder", field: "cnic", audited: true},
		{name: "name of no letters", call: who(aud, map[string]any{"name": "12 -- 34"}), status: 422, code: "audit.name_empty", field: "name", audited: true},
		{name: "FIR without number", call: who(aud, fir(st, " ", 2026)), status: 422, code: "fir.number_required", field: "fir.number", audited: true},
		{name: "FIR of the future", call: who(aud, fir(st, "12", 2999)), status: 422, code: "fir.year_invalid", field: "fir.year", audited: true},
		{name: "FIR at a district", call: who(aud, fir(e.jurisdiction("PB-LHR-LHR").ID, "12", 2026)), status: 422, code: "audit.station_unknown", field: "fir.station_id", audited: true},
		{name: "unknown field", call: who(aud, map[string]any{"cnic_number": cnicOffender}), status: 400, code: "body.unknown_field", field: "cnic_number"},
		{name: "officer asks", call: who(io, map[string]any{"cnic": cnicOffender}), status: 403, code: "auth.forbidden", audited: true},
		{name: "malformed disclosure", call: get("disclosure=12"), status: 422, code: "disclosure.malformed", field: "disclosure", audited: true},
		{name: "disclosure and object", call: get("disclosure=DN-2026-000001&object=request/1"), status: 422, code: "audit.filter_conflict", field: "disclosure", audited: true},
		{name: "record and object", call: get("record=1&object=request/1"), status: 422, code: "audit.filter_conflict", field: "record", audited: true},
		{name: "short mac", call: get("mac=abcd"), status: 400, code: "query.mac", field: "mac"},
		{name: "record not a number", call: get("record=x"), status: 400, code: "query.number", field: "record"},
	}
	checkRefusals(t, e, cases)
	checkNoClearIdentifiers(t, e)
	if _, err := aud.Do(e.ctx, http.MethodGet, "/api/v1/audit/records?mac="+hex.EncodeToString(make([]byte, 32)), nil, nil); err != nil {
		t.Errorf("search(mac of zeros) = %v, want an empty answer", err)
	}
}

// TestAuditWhoRefusedKeepsTags: an officer who asks who sought a person is
// refused, and the refusal records the tags of whom they asked about, so
// that the probing itself can be found.
func TestAuditWhoRefusedKeepsTags(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	io := e.login(c.io1)
	_, err := io.Do(e.ctx, http.MethodPost, "/api/v1/audit/who", map[string]any{"cnic": cnicOffender}, nil)
	problem(t, "who by an officer", err, http.StatusForbidden, "auth.forbidden")
	rec := lastRefusal(t, e)
	if rec == nil || rec.Action != "audit.who" || rec.ActorID != c.io1.ID || len(rec.Identifiers) == 0 {
		t.Fatalf("last refusal = %+v, want the officer's audit.who with the CNIC's tags", rec)
	}
	aud := e.login(c.auditor)
	found := actions(t, e, aud, http.MethodPost, "/api/v1/audit/who", map[string]any{"cnic": cnicOffender})
	if !slices.Equal(found, []string{"audit.who"}) {
		t.Errorf("who(cnic) after the officer's attempt = %v, want the refused attempt", found)
	}
	checkNoClearIdentifiers(t, e)
}
