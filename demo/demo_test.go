package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"nsor/biosample"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/auth"
	"nsor/disclosure"
	"nsor/keys/keystest"
	"nsor/service"
	"nsor/sqlstore"
)

// fixed is the service clock of the tests.
var fixed = time.Date(2026, time.March, 14, 9, 30, 0, 0, time.UTC)

// newService wires a Service over a fresh SQLite database as cmd/nsor does,
// with cheap password hashing: the production cost adds nothing to a test.
func newService(t *testing.T) (*service.Service, *sqlstore.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "nsor.db"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	kr := keystest.Init(t, dir)
	svc := service.New(nsor.Deps{Store: db, Clock: nsor.ClockFunc(func() time.Time { return fixed }), IDs: kr,
		Passwords: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1}), OTP: auth.NewTOTP(kr, nil),
		Config: nsor.DefaultConfig(), Marks: disclosure.New(), Samples: biosample.Reader{}})
	if err := svc.SeedJurisdictions(ctx); err != nil {
		t.Fatal(err)
	}
	return svc, db
}

// seed runs Seed on a fresh database with the given seed.
func seed(t *testing.T, n uint64) (*Seeded, *service.Service, *sqlstore.DB, string) {
	t.Helper()
	svc, db := newService(t)
	var out bytes.Buffer
	got, err := Seed(context.Background(), svc, db, rand.New(rand.NewPCG(n, 8)), &out)
	if err != nil {
		t.Fatalf("Seed() = %v, want nil", err)
	}
	return got, svc, db, out.String()
}

func TestSeedEveryRole(t *testing.T) {
	got, _, _, _ := seed(t, 1)
	for _, role := range nsor.Roles {
		found := false
		for _, acc := range got.Users {
			found = found || acc.User.Role == role
		}
		if !found {
			t.Errorf("Seed() users of role %s = none, want at least one", role)
		}
	}
	for name, acc := range got.Users {
		if acc.Password == "" || acc.TOTPSecret == "" || acc.Jurisdiction == nil {
			t.Errorf("Seed() account %s = %+v, want password, TOTP secret and jurisdiction", name, acc)
		}
	}
}

func TestSeedRegister(t *testing.T) {
	got, _, db, _ := seed(t, 2)
	if n := len(got.Records) + len(got.PendingRecords); n < 30 || len(got.PendingRecords) == 0 {
		t.Fatalf("Seed() records = %d checked, %d pending, want about 40 with some pending", len(got.Records), len(got.PendingRecords))
	}
	err := db.View(context.Background(), func(tx nsor.Tx) error {
		for _, id := range append(append([]int64{}, got.Records...), got.PendingRecords...) {
			vs, err := tx.OffenderVersions(id)
			if err != nil {
				return err
			}
			for _, v := range vs {
				if c := v.Record.CNIC; c != "" && c[0] != '9' {
					t.Errorf("record %d CNIC = %s, want one beginning with 9", id, c)
				}
			}
		}
		for _, id := range got.Records {
			if o, err := tx.Offender(id); err != nil || o.Status != nsor.RecordActive {
				t.Errorf("Offender(%d) = %v, %v, want an active record", id, o, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// promised are the states the demo promises a request in.
var promised = []nsor.State{nsor.StateDraft, nsor.StateSubmitted, nsor.StateReturned, nsor.StateForwarded,
	nsor.StateAnswered, nsor.StateReleased}

func TestSeedRequestStates(t *testing.T) {
	got, _, db, _ := seed(t, 3)
	err := db.View(context.Background(), func(tx nsor.Tx) error {
		for _, st := range promised {
			if len(got.Requests[st]) == 0 {
				t.Errorf("Seed() requests in %s = none, want at least one", st)
			}
		}
		for st, ids := range got.Requests {
			for _, id := range ids {
				r, err := tx.Request(id)
				if err != nil {
					return err
				}
				if r.State != st {
					t.Errorf("Request(%d).State = %s, want %s", id, r.State, st)
				}
				if st == nsor.StateAnswered && !r.AnyRecordFound() {
					t.Errorf("Request(%d).AnyRecordFound() = false, want true (awaiting confirmation)", id)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSeedLikelyCandidate is the analyst's view of the forwarded request:
// the accused who is in the register comes up as likely, and the one who
// only shares a name as possible.
func TestSeedLikelyCandidate(t *testing.T) {
	got, svc, db, _ := seed(t, 4)
	id := got.Requests[nsor.StateForwarded][0]
	var r *nsor.Request
	if err := db.View(context.Background(), func(tx nsor.Tx) (err error) { r, err = tx.Request(id); return err }); err != nil {
		t.Fatal(err)
	}
	analyst := got.Actor("analyst1")
	bands := map[nsor.Band]int{}
	for _, sp := range r.Suspects {
		cands, err := svc.SearchRegister(context.Background(), analyst, id, sp.ID, nsor.SearchTerms{})
		if err != nil {
			t.Fatalf("SearchRegister(%d, %d) = %v, want nil", id, sp.ID, err)
		}
		for _, m := range got.Matches {
			if m.AccusedID != sp.AccusedID {
				continue
			}
			for _, c := range cands {
				if c.RecordID == m.RecordID {
					bands[c.Band]++
					if c.Band != m.Band {
						t.Errorf("SearchRegister(%d, %d) band of record %d = %s, want %s", id, sp.ID, m.RecordID, c.Band, m.Band)
					}
				}
			}
		}
	}
	if bands[nsor.BandLikely] == 0 || bands[nsor.BandPossible] == 0 {
		t.Errorf("SearchRegister bands of the forwarded request = %v, want a likely and a possible candidate", bands)
	}
}

// TestSeedNextSteps takes the next step the guide offers on each request,
// as the user it names: the demo leaves every case ready for it.
// TestSeedSamples: the strong records carry a stored tenprint and DNA
// profile, approved with the record, and the forwarded case's request has
// its first suspect's tenprint and crime-scene profile attached, so that the
// analyst's biometric search has leads to show.
func TestSeedSamples(t *testing.T) {
	got, svc, _, _ := seed(t, 1)
	ctx := context.Background()
	reg := got.Actor("registrar1")
	stored := 0
	for _, id := range got.Records {
		o, _, err := svc.Record(ctx, reg, id, "Checking the demo's register (synthetic).")
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range o.Record.Biometrics {
			if sha, ok := nsor.ParseSampleRef(b.Reference); ok {
				if _, err := svc.Sample(ctx, reg, sha, "Checking the demo's register (synthetic)."); err != nil {
					t.Errorf("record %d names %s, not readable: %v", id, b.Reference, err)
				}
				stored++
			}
		}
	}
	if stored != 2*sampleRecords {
		t.Errorf("%d stored samples named by active records, want %d (a tenprint and a profile each)", stored, 2*sampleRecords)
	}
	fwd := got.Requests[nsor.StateForwarded][0]
	v, err := svc.Request(ctx, got.Actor("analyst1"), fwd)
	if err != nil {
		t.Fatal(err)
	}
	purposes := map[string]bool{}
	for _, rs := range v.Samples {
		purposes[rs.Purpose] = rs.SuspectID == v.Suspects[0].ID
	}
	if !purposes["tenprint"] || !purposes["crime_scene"] {
		t.Errorf("the forwarded request's samples = %+v, want a tenprint and a crime-scene profile for its first suspect", v.Samples)
	}
}

func TestSeedNextSteps(t *testing.T) {
	got, svc, db, _ := seed(t, 8)
	ctx := context.Background()
	steps := []struct {
		from, to nsor.State
		user     string
		act      func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error)
	}{
		{nsor.StateDraft, nsor.StateSubmitted, "io.lahore2", func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
			return svc.Submit(ctx, a, id, v)
		}},
		{nsor.StateSubmitted, nsor.StateForwarded, "dpp.lahore2", func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
			return svc.Forward(ctx, a, id, v, completeChecklist)
		}},
		{nsor.StateReturned, nsor.StateSubmitted, "io.rawalpindi1", func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
			return svc.Resubmit(ctx, a, id, v, "The complete copy of the FIR is now attached.")
		}},
		{nsor.StateAnswered, nsor.StateConfirmed, "analyst1", func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
			return svc.Confirm(ctx, a, id, v)
		}},
		{nsor.StateReleased, nsor.StateAcknowledged, "io.rawalpindi1", func(a *nsor.Actor, id int64, v int) (*nsor.RequestView, error) {
			return svc.Acknowledge(ctx, a, id, v, true, "")
		}},
	}
	for _, st := range steps {
		id := got.Requests[st.from][0]
		var r *nsor.Request
		if err := db.View(ctx, func(tx nsor.Tx) (err error) { r, err = tx.Request(id); return err }); err != nil {
			t.Fatal(err)
		}
		v, err := st.act(got.Actor(st.user), id, r.Version)
		if err != nil || v.State != st.to {
			t.Errorf("%s on request %d (%s) = %v, want state %s", st.user, id, st.from, err, st.to)
		}
	}
	if _, err := svc.CheckChange(ctx, got.Actor("registrar2"), got.PendingRecords[0], 1, true, "Checked."); err != nil {
		t.Errorf("CheckChange(%d) by registrar2 = %v, want nil", got.PendingRecords[0], err)
	}
}

func TestSeedOutput(t *testing.T) {
	got, _, _, out := seed(t, 5)
	if !strings.Contains(out, "SYNTHETIC DATA") {
		t.Fatalf("Seed() output = %q, want the SYNTHETIC DATA mark", out)
	}
	for _, block := range strings.Split(strings.TrimSpace(out), "\n\n") {
		if !strings.HasPrefix(block, Banner) {
			t.Errorf("Seed() output block starts %q, want %q", strings.SplitN(block, "\n", 2)[0], Banner)
		}
	}
	for name, acc := range got.Users {
		if !strings.Contains(out, name) || !strings.Contains(out, acc.Password) || !strings.Contains(out, acc.TOTPSecret) {
			t.Errorf("Seed() output lacks the credentials of %s", name)
		}
	}
}

// TestSeedDeterministic seeds two databases with one seed: what the demo
// generates is the same, only the service's own secrets differ.
func TestSeedDeterministic(t *testing.T) {
	a, _, dbA, _ := seed(t, 6)
	b, _, dbB, _ := seed(t, 6)
	if ja, jb := registerJSON(t, dbA, a), registerJSON(t, dbB, b); ja != jb {
		t.Errorf("Seed(6) register differs between runs:\n%s\n%s", ja, jb)
	}
	if a.Users["io.lahore1"].User.Name != b.Users["io.lahore1"].User.Name {
		t.Errorf("Seed(6) io.lahore1 name = %q then %q, want the same", a.Users["io.lahore1"].User.Name, b.Users["io.lahore1"].User.Name)
	}
}

func registerJSON(t *testing.T, db *sqlstore.DB, s *Seeded) string {
	t.Helper()
	var recs []nsor.OffenderRecord
	err := db.View(context.Background(), func(tx nsor.Tx) error {
		for _, id := range s.Records {
			o, err := tx.Offender(id)
			if err != nil {
				return err
			}
			recs = append(recs, o.Record)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(recs)
	return string(b)
}

func TestSeedRefusesUsedDatabase(t *testing.T) {
	_, svc, db, _ := seed(t, 7)
	if _, err := Seed(context.Background(), svc, db, rand.New(rand.NewPCG(7, 8)), &bytes.Buffer{}); nsor.ErrorCode(err) != "user.bootstrap_done" {
		t.Errorf("Seed() on a seeded database = %v, want user.bootstrap_done", err)
	}
}

func TestPDF(t *testing.T) {
	b := pdf([]string{"SYNTHETIC FIR COPY", "a (bracketed) line"})
	if typ := http.DetectContentType(b); typ != "application/pdf" {
		t.Errorf("DetectContentType(pdf(...)) = %s, want application/pdf", typ)
	}
	if !bytes.HasSuffix(b, []byte("%%EOF\n")) || !bytes.Contains(b, []byte(`a \(bracketed\) line`)) {
		t.Errorf("pdf(...) = %q, want escaped text and a %%%%EOF trailer", b)
	}
	if err := checkXref(b); err != nil {
		t.Errorf("checkXref(pdf(...)) = %v, want nil", err)
	}
	// The control: one byte more before the objects moves them all, and
	// the check must see it.
	shifted := append([]byte("%PDF-1.4\n "), b[len("%PDF-1.4\n"):]...)
	if err := checkXref(shifted); err == nil {
		t.Errorf("checkXref(shifted pdf) = nil, want an error")
	}
}

// checkXref checks that startxref points at the cross-reference table and
// every entry at its object, which is how a reader finds them.
func checkXref(b []byte) error {
	i := bytes.LastIndex(b, []byte("startxref\n"))
	if i < 0 {
		return fmt.Errorf("no startxref")
	}
	var xref int
	if _, err := fmt.Sscanf(string(b[i+len("startxref\n"):]), "%d", &xref); err != nil || xref >= len(b) {
		return fmt.Errorf("startxref unreadable")
	}
	if !bytes.HasPrefix(b[xref:], []byte("xref\n")) {
		return fmt.Errorf("startxref %d does not point at the table", xref)
	}
	lines := strings.Split(string(b[xref:]), "\n")
	var n int
	fmt.Sscanf(lines[1], "0 %d", &n)
	for obj := 1; obj < n; obj++ {
		var off int
		fmt.Sscanf(lines[2+obj], "%d", &off)
		if !bytes.HasPrefix(b[off:], fmt.Appendf(nil, "%d 0 obj", obj)) {
			return fmt.Errorf("entry %d points at offset %d, not at its object", obj, off)
		}
	}
	return nil
}
