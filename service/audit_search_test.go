package service_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"nsor"
	"nsor/auditrec"
)

// auditActions lists the actions of entries, in order.
func auditActions(es []*nsor.AuditEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Record.Action
	}
	return out
}

// TestAuditSearch searches the trail as an auditor and as the console, by
// action, by disclosure and by register record, and refuses everyone else
// and every ambiguous query, recording each refusal.
func TestAuditSearch(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	auditor := w.as("auditor1")
	_, rel := w.auditReleased()
	m := w.seed.Matches[0]

	t.Run("by action", func(t *testing.T) {
		before := w.auditCount()
		es, err := w.svc.SearchAudit(w.ctx, auditor, nsor.AuditQuery{AuditFilter: nsor.AuditFilter{Action: "request.release", Limit: 1}})
		if err != nil {
			t.Fatalf("SearchAudit: %v", err)
		}
		if len(es) != 1 || es[0].Record.Action != "request.release" {
			t.Errorf("SearchAudit(action request.release, limit 1) = %v", auditActions(es))
		}
		r := w.auditWantAct(t, before, "audit.search")
		if auditDetail(r, "filter_action") != "request.release" || auditDetail(r, "results") != "1" || r.ActorID != auditor.User.ID {
			t.Errorf("search recorded as %+v", r.Details)
		}
	})
	t.Run("console", func(t *testing.T) {
		op := nsor.Operator{Name: "ops", Host: "nsor1"}
		es, err := w.svc.SearchAudit(w.ctx, nsor.ConsoleActor(op), nsor.AuditQuery{AuditFilter: nsor.AuditFilter{ActorID: auditor.User.ID}})
		if err != nil || len(es) == 0 {
			t.Fatalf("console SearchAudit = %d, %v", len(es), err)
		}
		for _, e := range es {
			if e.Record.ActorID != auditor.User.ID {
				t.Errorf("search by actor %d found a record of %d", auditor.User.ID, e.Record.ActorID)
			}
		}
		if r := w.auditLast().Record; r.Action != "audit.search" || r.ActorID != 0 || r.Source != "cli" || auditDetail(r, "operator") != "ops@nsor1" {
			t.Errorf("console search recorded as %+v", r)
		}
	})
	t.Run("by disclosure", func(t *testing.T) {
		es, err := w.svc.SearchAudit(w.ctx, auditor, nsor.AuditQuery{Disclosure: rel.Number})
		if err != nil {
			t.Fatalf("SearchAudit(disclosure): %v", err)
		}
		want := "release/" + strconv.FormatInt(rel.ID, 10)
		if len(es) == 0 {
			t.Fatal("no record of the release's making or reading")
		}
		for _, e := range es {
			if e.Record.Object != want {
				t.Errorf("search by disclosure found %s on %s", e.Record.Action, e.Record.Object)
			}
		}
		if !slices.Contains(auditActions(es), "request.acknowledge") && !slices.Contains(auditActions(es), "request.release") {
			t.Errorf("the release's trail %v has neither its release nor its acknowledgement", auditActions(es))
		}
	})
	t.Run("by unknown disclosure", func(t *testing.T) {
		n := rel.Number[:len("DN-2026-")] + "999999"
		es, err := w.svc.SearchAudit(w.ctx, auditor, nsor.AuditQuery{Disclosure: n})
		if err != nil || len(es) != 0 {
			t.Errorf("SearchAudit(unknown disclosure %s) = %v, %v; want nothing", n, auditActions(es), err)
		}
	})
	t.Run("by register record", func(t *testing.T) {
		es, err := w.svc.SearchAudit(w.ctx, auditor, nsor.AuditQuery{RecordID: m.RecordID})
		if err != nil {
			t.Fatalf("SearchAudit(record): %v", err)
		}
		if !slices.Contains(auditActions(es), "register.search") {
			t.Errorf("the record's trail %v lacks the analyst's search that showed it", auditActions(es))
		}
		if !slices.IsSortedFunc(es, func(a, b *nsor.AuditEntry) int { return int(a.ID - b.ID) }) {
			t.Error("the record's trail is not in ID order")
		}
		id := strconv.FormatInt(m.RecordID, 10)
		for _, e := range es {
			r := e.Record
			if r.Action == "register.search" && !slices.Contains(strings.Split(auditDetail(r, "records"), ","), id) {
				t.Errorf("search %d did not show record %s", e.ID, id)
			}
		}
		one, err := w.svc.SearchAudit(w.ctx, auditor, nsor.AuditQuery{RecordID: m.RecordID, AuditFilter: nsor.AuditFilter{Limit: 1}})
		if err != nil || len(one) != 1 || one[0].ID != es[0].ID {
			t.Errorf("first page of one = %v, %v; want record %d", auditActions(one), err, es[0].ID)
		}
	})

	refusals := []struct {
		name string
		a    *nsor.Actor
		q    nsor.AuditQuery
		code string
	}{
		{"officer", w.as("io.lahore1"), nsor.AuditQuery{}, "auth.forbidden"},
		{"administrator", w.as("admin"), nsor.AuditQuery{}, "auth.forbidden"},
		{"console without an operator", &nsor.Actor{Source: "cli"}, nsor.AuditQuery{}, "auth.forbidden"},
		{"operator with a token", auditWithToken(nsor.ConsoleActor(nsor.Operator{Name: "ops"}), nsor.ScopeAll), nsor.AuditQuery{}, "auth.forbidden"},
		{"token without audit:read", auditWithToken(auditor, nsor.ScopeDashboard), nsor.AuditQuery{}, "auth.scope"},
		{"malformed disclosure", auditor, nsor.AuditQuery{Disclosure: "DN-26-1"}, "disclosure.malformed"},
		{"disclosure and object", auditor, nsor.AuditQuery{Disclosure: rel.Number, AuditFilter: nsor.AuditFilter{Object: "request/1"}}, "audit.filter_conflict"},
		{"disclosure and record", auditor, nsor.AuditQuery{Disclosure: rel.Number, RecordID: m.RecordID}, "audit.filter_conflict"},
		{"record and object", auditor, nsor.AuditQuery{RecordID: m.RecordID, AuditFilter: nsor.AuditFilter{Object: "request/1"}}, "audit.filter_conflict"},
		{"overlong action", auditor, nsor.AuditQuery{AuditFilter: nsor.AuditFilter{Action: strings.Repeat("a", 300)}}, "text.too_long"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before := w.auditCount()
			es, err := w.svc.SearchAudit(w.ctx, tc.a, tc.q)
			wantCode(t, "SearchAudit", err, tc.code)
			if es != nil {
				t.Errorf("a refused search returned %d records", len(es))
			}
			w.auditWantRefusal(t, before, "audit.search", tc.code)
		})
	}
}

// TestAuditWhoSought finds the searches and acts that named a person or an FIR,
// records the query by its tags alone, and records a refused attempt with
// whom it sought.
func TestAuditWhoSought(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	auditor := w.as("auditor1")
	m := w.seed.Matches[0]
	var fir *nsor.FIR
	if err := w.db.View(w.ctx, func(tx nsor.Tx) (err error) { fir, err = tx.FIR(m.FIRID); return err }); err != nil {
		t.Fatal(err)
	}
	var acc nsor.Accused
	for _, a := range fir.Accused {
		if a.ID == m.AccusedID {
			acc = a
		}
	}
	if acc.CNIC == "" {
		t.Fatalf("the demo's matched accused %d has no CNIC", m.AccusedID)
	}

	found := []struct {
		name   string
		q      nsor.IdentifierQuery
		action string // one of the acts the answer must hold
	}{
		{"cnic", nsor.IdentifierQuery{CNIC: string(acc.CNIC)}, "register.search"},
		{"name", nsor.IdentifierQuery{Name: strings.ToUpper(acc.Name)}, "register.search"},
		{"fir", nsor.IdentifierQuery{FIR: &nsor.FIRNumber{StationID: fir.StationID, Number: " " + fir.Number + " ", Year: fir.Year}}, ""},
	}
	for _, tc := range found {
		t.Run(tc.name, func(t *testing.T) {
			before := w.auditCount()
			es, err := w.svc.WhoSought(w.ctx, auditor, tc.q)
			if err != nil {
				t.Fatalf("WhoSought: %v", err)
			}
			if len(es) == 0 || (tc.action != "" && !slices.Contains(auditActions(es), tc.action)) {
				t.Errorf("WhoSought(%s) = %v, want %s among them", tc.name, auditActions(es), tc.action)
			}
			r := w.auditWantAct(t, before, "audit.who")
			if len(r.Identifiers) == 0 || auditDetail(r, "results") != strconv.Itoa(len(es)) {
				t.Errorf("query recorded with %d tags and results %q", len(r.Identifiers), auditDetail(r, "results"))
			}
			for _, e := range es {
				if !auditSharesTag(e.Record, r) {
					t.Errorf("answer %d (%s) does not hold the sought identifier's tag", e.ID, e.Record.Action)
				}
			}
			if strings.Contains(string(w.auditLast().Data), string(acc.CNIC)) {
				t.Error("the query's record holds the CNIC in clear")
			}
		})
	}
	t.Run("at the console", func(t *testing.T) {
		es, err := w.svc.WhoSought(w.ctx, nsor.ConsoleActor(nsor.Operator{Name: "ops"}), nsor.IdentifierQuery{CNIC: string(acc.CNIC)})
		if err != nil || len(es) == 0 {
			t.Errorf("WhoSought at the console = %d, %v", len(es), err)
		}
		if r := w.auditLast().Record; r.Action != "audit.who" || auditDetail(r, "operator") != "ops" {
			t.Errorf("console query recorded as %+v", r)
		}
	})
	t.Run("never sought", func(t *testing.T) {
		es, err := w.svc.WhoSought(w.ctx, auditor, nsor.IdentifierQuery{CNIC: "91234-1234567-1"})
		if err != nil || len(es) != 0 {
			t.Errorf("WhoSought(unknown CNIC) = %v, %v; want none", auditActions(es), err)
		}
	})

	station := w.seed.Stations[0].ID
	district := fir.DistrictID
	refusals := []struct {
		name string
		a    *nsor.Actor
		q    nsor.IdentifierQuery
		code string
		tags bool // the refusal records whom it sought
	}{
		{"nothing", auditor, nsor.IdentifierQuery{}, "audit.identifier_required", false},
		{"two at once", auditor, nsor.IdentifierQuery{CNIC: string(acc.CNIC), Name: acc.Name}, "audit.identifier_required", false},
		{"malformed cnic", auditor, nsor.IdentifierQuery{CNIC: "91234-123"}, "cnic.malformed", false},
		{"placeholder cnic", auditor, nsor.IdentifierQuery{CNIC: "3333333333333"}, "audit.cnic_placeholder", false},
		{"name without letters", auditor, nsor.IdentifierQuery{Name: "123 -"}, "audit.name_empty", false},
		{"fir without number", auditor, nsor.IdentifierQuery{FIR: &nsor.FIRNumber{StationID: station, Number: " ", Year: 2026}}, "fir.number_required", false},
		{"fir year in future", auditor, nsor.IdentifierQuery{FIR: &nsor.FIRNumber{StationID: station, Number: "12", Year: 2027}}, "fir.year_invalid", false},
		{"fir year before 1947", auditor, nsor.IdentifierQuery{FIR: &nsor.FIRNumber{StationID: station, Number: "12", Year: 1946}}, "fir.year_invalid", false},
		{"fir at a district", auditor, nsor.IdentifierQuery{FIR: &nsor.FIRNumber{StationID: district, Number: "12", Year: 2026}}, "audit.station_unknown", false},
		{"fir at no place", auditor, nsor.IdentifierQuery{FIR: &nsor.FIRNumber{StationID: 999999, Number: "12", Year: 2026}}, "audit.station_unknown", false},
		{"overlong name", auditor, nsor.IdentifierQuery{Name: strings.Repeat("a", 300)}, "text.too_long", false},
		{"officer", w.as("io.lahore1"), nsor.IdentifierQuery{CNIC: string(acc.CNIC)}, "auth.forbidden", true},
		{"token without audit:read", auditWithToken(auditor, nsor.ScopeDashboard), nsor.IdentifierQuery{CNIC: string(acc.CNIC)}, "auth.scope", true},
		{"service account", auditAsService(auditor), nsor.IdentifierQuery{CNIC: string(acc.CNIC)}, "auth.forbidden", true},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before := w.auditCount()
			es, err := w.svc.WhoSought(w.ctx, tc.a, tc.q)
			wantCode(t, "WhoSought", err, tc.code)
			if es != nil {
				t.Errorf("a refused query returned %d records", len(es))
			}
			w.auditWantRefusal(t, before, "audit.who", tc.code)
			if got := len(w.auditLast().Record.Identifiers) > 0; got != tc.tags {
				t.Errorf("refusal recorded with tags = %v, want %v", got, tc.tags)
			}
		})
	}
}

// auditSharesTag reports whether two records hold a common identifier tag.
func auditSharesTag(a, b *auditrec.Record) bool {
	for _, x := range a.Identifiers {
		for _, y := range b.Identifiers {
			if x.Kind == y.Kind && x.MAC == y.MAC {
				return true
			}
		}
	}
	return false
}

// TestAuditRecords reads the trail as an auditor; the reading is recorded,
// and nobody else may read it.
func TestAuditRecords(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	auditor := w.as("auditor1")
	before := w.auditCount()
	es, err := w.svc.AuditRecords(w.ctx, auditor, nsor.AuditFilter{Limit: 5000})
	if err != nil || int64(len(es)) != min(before, 1000) {
		t.Errorf("AuditRecords(limit 5000) = %d, %v; want the first %d", len(es), err, min(before, 1000))
	}
	w.auditWantAct(t, before, "audit.search")
	for _, tc := range []struct {
		name string
		a    *nsor.Actor
		f    nsor.AuditFilter
		code string
	}{
		{"supervisor", w.as("supervisor1"), nsor.AuditFilter{}, "auth.forbidden"},
		{"token without audit:read", auditWithToken(auditor, nsor.ScopeDashboard), nsor.AuditFilter{}, "auth.scope"},
		{"overlong object", auditor, nsor.AuditFilter{Object: strings.Repeat("o", 300)}, "text.too_long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.auditCount()
			_, err := w.svc.AuditRecords(w.ctx, tc.a, tc.f)
			wantCode(t, "AuditRecords", err, tc.code)
			w.auditWantRefusal(t, before, "audit.search", tc.code)
		})
	}
}
