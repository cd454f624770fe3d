package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/auditrec"
	"nsor/match"
)

// whoFixture is a data directory with an officer of Lahore and audit
// records tagged before and after a rotation of the HMAC key.
type whoFixture struct {
	data    string
	officer *nsor.User
}

func newWhoFixture(t *testing.T) whoFixture {
	t.Helper()
	ctx := context.Background()
	c := testConfig(t, t.TempDir())
	a, err := c.open(ctx, true, nsor.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer a.db.Close()
	root, err := country(ctx, a.db)
	if err != nil {
		t.Fatal(err)
	}
	admin, _, err := a.svc.Bootstrap(ctx, osOperator(), nsor.NewUser{Username: "admin", Name: "Admin (synthetic)", JurisdictionID: root})
	if err != nil {
		t.Fatal(err)
	}
	console := &nsor.Actor{User: admin, Jurisdiction: &nsor.Jurisdiction{ID: root, Path: fmt.Sprintf("/%d/", root)}, Source: "cli", Operator: &nsor.Operator{Name: "test"}}
	var lahore *nsor.Jurisdiction
	_ = a.db.View(ctx, func(tx nsor.Tx) error { lahore, err = tx.JurisdictionByCode("PB-LHR-LHR"); return err })
	officer, _, err := a.svc.CreateUser(ctx, console, nsor.NewUser{Username: "io.lhr1", Name: "Officer (synthetic)", Rank: "Inspector",
		BeltNumber: "B-1", Role: nsor.RoleIO, JurisdictionID: lahore.ID})
	if err != nil {
		t.Fatal(err)
	}
	station := &nsor.Jurisdiction{Kind: nsor.KindStation, Code: "PB-LHR-LHR-S1", Name: "Synthetic station 1", ParentID: lahore.ID}
	if err := a.svc.CreateJurisdiction(ctx, console, station); err != nil {
		t.Fatal(err)
	}
	appendTagged(t, a, officer, "request.create", "", "cnic", "9123456789013")
	if _, err := a.keys.Rotate("hmac", nil); err != nil {
		t.Fatal(err)
	}
	appendTagged(t, a, officer, "register.search", "", "cnic", "9123456789013")
	appendTagged(t, a, officer, "fir.create", "", "fir_number", fmt.Sprintf("%d/4417/2026", station.ID))
	appendTagged(t, a, officer, "register.read", "record/5", "name", match.NameKey("Muhammad Zarghun Tarqeel"))
	return whoFixture{data: c.data, officer: officer}
}

// testConfig is the configuration the flags give for --data dir.
func testConfig(t *testing.T, dir string) *config {
	t.Helper()
	var c config
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c.flags(fs)
	if err := fs.Parse([]string{"--data", dir}); err != nil {
		t.Fatal(err)
	}
	return &c
}

// appendTagged stores one audit record of the officer holding a tag under
// the current key.
func appendTagged(t *testing.T, a *app, u *nsor.User, action, object, kind, value string) {
	t.Helper()
	tg := a.keys.Tag(kind, value)
	rec := &auditrec.Record{Version: auditrec.Version1, At: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), ActorID: u.ID,
		ActorRole: string(u.Role), Source: "api", Action: action, Outcome: auditrec.OutcomeOK, Object: object,
		Identifiers: []auditrec.Identifier{{Kind: tg.Kind, KeyVersion: tg.KeyVersion, MAC: tg.MAC}}}
	if err := a.db.Update(context.Background(), func(tx nsor.Tx) error { _, err := tx.AppendAudit(rec); return err }); err != nil {
		t.Fatal(err)
	}
}

// runWho runs "nsor audit who" with args and returns the exit code and
// the output.
func runWho(t *testing.T, data string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"audit", "who", "--data", data, "--operator", "tester"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// TestAuditWhoCLI: the console finds the records of a CNIC tagged under
// either key version, of an FIR by its station's code, of a name in another
// romanisation and of a register record; each search is recorded as the
// console's, with tags under both versions and never the value.
func TestAuditWhoCLI(t *testing.T) {
	f := newWhoFixture(t)
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--cnic", "91234-5678901-3"}, []string{"request.create", "register.search", "io.lhr1", "Lahore", "io "}},
		{[]string{"--fir", "PB-LHR-LHR-S1/4417/2026"}, []string{"fir.create"}},
		{[]string{"--name", "Mohd.  zarghun TARQEEL"}, []string{"register.read"}},
		{[]string{"--record", "5"}, []string{"register.read", "record/5"}},
		{[]string{"--cnic", "9123456789013"}, []string{"audit.who", "console:tester@", "request.create"}}, // the first search, too, as the operator's
	}
	for _, tc := range tests {
		code, out, errs := runWho(t, f.data, tc.args...)
		if code != 0 {
			t.Fatalf("nsor audit who %v = exit %d: %s", tc.args, code, errs)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("nsor audit who %v printed\n%s\nwant it to hold %q", tc.args, out, w)
			}
		}
	}
	if code, out, _ := runWho(t, f.data, "--cnic", "9000000000001"); code != 0 || !strings.Contains(out, "no audit record") {
		t.Errorf("nsor audit who (nobody's CNIC) = %d %q, want 0 and no records", code, out)
	}
	checkConsoleSearches(t, f.data)
}

// checkConsoleSearches: every who-search is recorded as the operator's
// (docs/adr/0019-console-operator.md), with source cli, tags
// under both key versions, and no CNIC in clear.
func checkConsoleSearches(t *testing.T, data string) {
	t.Helper()
	c := testConfig(t, data)
	_, db, err := c.openForAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(context.Background(), func(tx nsor.Tx) error {
		es, err := tx.AuditRecords(nsor.AuditFilter{Action: "audit.who"})
		if err != nil || len(es) != 5 {
			t.Errorf("audit.who records = %d, %v; want 5 (the record search is audit.search)", len(es), err)
		}
		for _, e := range es {
			if op := detailOf(e, "operator"); !strings.HasPrefix(op, "tester@") || e.Record.ActorID != 0 {
				t.Errorf("audit.who record %d: operator %q, actor %d; want the operator tester@host and no account", e.ID, op, e.Record.ActorID)
			}
			if e.Record.Source != "cli" || len(e.Record.Identifiers) != 2 || bytes.Contains(e.Data, []byte("9123456789013")) {
				t.Errorf("audit.who record %d = source %s, %d tags; want cli, 2 tags (v1, v2), no clear CNIC",
					e.ID, e.Record.Source, len(e.Record.Identifiers))
			}
		}
		return nil
	})
}

// TestAuditWhoCLIRefusals: bad input gets a clear error and exit 1, and a
// key directory that is missing is not created: tags under a new key would
// find nothing.
func TestAuditWhoCLIRefusals(t *testing.T) {
	f := newWhoFixture(t)
	missing := filepath.Join(t.TempDir(), "no-keys")
	tests := []struct {
		args []string
		want string
	}{
		{nil, "give one of --cnic"},
		{[]string{"--cnic", "91234-5678901-3", "--name", "Zarghun"}, "give one of --cnic"},
		{[]string{"--cnic", "91234-5678901-3", "--operator", "two words"}, "--operator"},
		{[]string{"--cnic", "91234-56789"}, "cnic.malformed"},
		{[]string{"--cnic", "0000000000000"}, "audit.cnic_placeholder"},
		{[]string{"--name", "--"}, "audit.name_empty"},
		{[]string{"--fir", "4417/2026"}, "STATION/NUMBER/YEAR"},
		{[]string{"--fir", "PB-NOWHERE/4417/2026"}, "no police station"},
		{[]string{"--fir", "PB-LHR-LHR/4417/2026"}, "audit.station_unknown"},
		{[]string{"--keys", missing, "--cnic", "91234-5678901-3"}, "keys:"},
	}
	for _, tc := range tests {
		code, _, errs := runWho(t, f.data, tc.args...)
		want := 1 // refused by the service or the store
		if strings.HasPrefix(tc.want, "give") || strings.HasPrefix(tc.want, "--") {
			want = 2 // a usage error
		}
		if code != want || !strings.Contains(errs, tc.want) {
			t.Errorf("nsor audit who %v = exit %d %q, want %d and %q", tc.args, code, errs, want, tc.want)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("nsor audit who --keys %s created the directory, want it left absent", missing)
	}
}
