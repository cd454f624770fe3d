package web_test

import (
	"bufio"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"nsor"
	"nsor/client"
)

var updateMatrix = flag.Bool("update-matrix", false, "rewrite testdata/authz-matrix.tsv from the server's answers (then review the diff by reading)")

const matrixFile = "testdata/authz-matrix.tsv"

// matrixStates are the columns of the matrix: every state, with "answered"
// split by whether a record was found (confirmation needed or not).
var matrixStates = []string{"draft", "submitted", "returned", "rejected", "withdrawn", "forwarded",
	"answered", "answered_none", "confirmed", "released", "acknowledged", "closed"}

// actor is one role in one relation to the fixture request.
type actor struct {
	role, relation string
	user           *testUser
}

// world is the cast of the matrix: every role, in every relation to the
// request that matters to it.
type world struct {
	e       *env
	actors  []actor
	clients map[string]*client.Client
	owner   *testUser // the IO who files every fixture
	peerIO  *testUser // another IO of the district: the transfer target
	an1     *testUser // the analyst assigned, who answers
	an2     *testUser // another analyst, who confirms
	dpp     *testUser
	record  int64
	n       int
}

func newWorld(t *testing.T) *world { return newWorldOn(t, newEnv(t)) }

func newWorldOn(t *testing.T, e *env) *world {
	w := &world{e: e, clients: map[string]*client.Client{}}
	add := func(role nsor.Role, relation, username, code string) *testUser {
		u := e.user(username, role, code)
		w.actors = append(w.actors, actor{string(role), relation, u})
		return u
	}
	w.owner = add(nsor.RoleIO, "owner", "io.owner", "PB-LHR-LHR")
	w.peerIO = add(nsor.RoleIO, "peer", "io.peer", "PB-LHR-LHR")
	add(nsor.RoleIO, "outside", "io.outside", "PB-RWP-RWP")
	add(nsor.RoleDPO, "in", "dpo.in", "PB-LHR-LHR")
	add(nsor.RoleDPO, "outside", "dpo.outside", "PB-RWP-RWP")
	w.dpp = add(nsor.RoleDPP, "in", "dpp.in", "PB-LHR-LHR")
	add(nsor.RoleDPP, "outside", "dpp.outside", "PB-RWP-RWP")
	w.an1 = add(nsor.RoleAnalyst, "assigned", "analyst.assigned", "PK")
	w.an2 = add(nsor.RoleAnalyst, "other", "analyst.other", "PK")
	add(nsor.RoleSupervisor, "national", "supervisor", "PK")
	add(nsor.RoleRegistrar, "national", "registrar", "PK")
	add(nsor.RoleOversight, "in", "oversight.in", "PB")
	add(nsor.RoleOversight, "outside", "oversight.outside", "KP")
	add(nsor.RoleAuditor, "national", "auditor", "PK")
	w.actors = append(w.actors, actor{"admin", "national", e.users["admin"]})
	checker := e.user("registrar2", nsor.RoleRegistrar, "PK")
	for _, a := range w.actors {
		w.clients[a.user.Username] = e.login(a.user)
	}
	w.record = enterRecord(t, e, w.clients["registrar"], e.login(checker), offenderRecord())
	return w
}

// fixture is a request brought to one state of the matrix.
type fixture struct {
	id, firID, suspect int64
}

// build files a fresh request on a fresh FIR and drives it to state.
func (w *world) build(t *testing.T, state string) fixture {
	t.Helper()
	w.n++
	in := firInput(w.e)
	in.Number = fmt.Sprintf("M%d", w.n)
	in.Accused = in.Accused[:1]
	owner := w.clients[w.owner.Username]
	fir, err := owner.CreateFIR(w.e.ctx, in, "")
	if err != nil {
		t.Fatalf("CreateFIR: %v", err)
	}
	if _, err := owner.PutFIRCopy(w.e.ctx, fir.ID, samplePDF); err != nil {
		t.Fatalf("PutFIRCopy: %v", err)
	}
	r, err := owner.CreateRequest(w.e.ctx, nsor.RequestInput{FIRID: fir.ID, Suspects: []int64{fir.Accused[0].ID},
		Grounds: "Named by the victim; prior record needed.", Declaration: true}, "")
	if err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	f := fixture{id: r.ID, firID: fir.ID, suspect: r.Suspects[0].ID}
	for _, st := range pathTo[state] {
		if status, err := w.do(f, st.act, st.who(w)); status >= 300 {
			t.Fatalf("building %s: %s by %s = %d %v", state, st.act, st.who(w).Username, status, err)
		}
	}
	return f
}

type pathStep struct {
	act string
	who func(w *world) *testUser
}

var (
	byOwner = func(w *world) *testUser { return w.owner }
	byDPP   = func(w *world) *testUser { return w.dpp }
	byAn1   = func(w *world) *testUser { return w.an1 }
	byAn2   = func(w *world) *testUser { return w.an2 }
)

// pathTo is how each state of the matrix is reached.
var pathTo = func() map[string][]pathStep {
	sub := []pathStep{{"submit", byOwner}}
	// The analyst searches before answering: an answer cites only a record
	// a search for the suspect showed.
	fwd := append(slices.Clone(sub), pathStep{"forward", byDPP}, pathStep{"assign", byAn1}, pathStep{"search", byAn1})
	ans := append(slices.Clone(fwd), pathStep{"answer", byAn1})
	conf := append(slices.Clone(ans), pathStep{"confirm", byAn2})
	rel := append(slices.Clone(conf), pathStep{"release", byDPP})
	ack := append(slices.Clone(rel), pathStep{"acknowledge", byOwner})
	return map[string][]pathStep{
		"draft": nil, "submitted": sub,
		"returned":      append(slices.Clone(sub), pathStep{"return", byDPP}),
		"rejected":      append(slices.Clone(sub), pathStep{"reject", byDPP}),
		"withdrawn":     append(slices.Clone(sub), pathStep{"withdraw", byOwner}),
		"forwarded":     fwd,
		"answered":      ans,
		"answered_none": append(slices.Clone(fwd), pathStep{"answer_none", byAn1}),
		"confirmed":     conf, "released": rel, "acknowledged": ack,
		"closed": append(slices.Clone(ack), pathStep{"close", byOwner}),
	}
}()

// version reads the request's current version from the store.
func (w *world) version(id int64) int {
	var v int
	_ = w.e.db.View(w.e.ctx, func(tx nsor.Tx) error {
		r, err := tx.Request(id)
		if err == nil {
			v = r.Version
		}
		return err
	})
	return v
}

// do performs act on the fixture as u, with a body that is valid for the
// act, so that only authority and state decide the answer.
func (w *world) do(f fixture, act string, u *testUser) (int, error) {
	c := w.clients[u.Username]
	ver := w.version(f.id)
	var err error
	switch act {
	case "view":
		_, err = c.Request(w.e.ctx, f.id)
	case "edit":
		_, err = c.Do(w.e.ctx, http.MethodPatch, "/api/v1/requests/"+itoa(f.id), map[string]any{"version": ver,
			"suspects": []int64{w.accused(f)}, "grounds": "Named by the victim; prior record needed.", "declaration": true}, nil)
	case "search":
		_, err = c.Search(w.e.ctx, f.id, f.suspect, nil)
	case "read_release":
		_, err = c.ReadRelease(w.e.ctx, f.id)
	case "view_fir_copy":
		_, err = c.Do(w.e.ctx, http.MethodGet, "/api/v1/requests/"+itoa(f.id)+"/fir-copy", nil, new([]byte))
	case "transfer":
		_, err = c.Do(w.e.ctx, http.MethodPost, "/api/v1/firs/"+itoa(f.firID)+"/transfer",
			map[string]any{"io_user_id": w.peerIO.ID, "reason": "Officer posted elsewhere."}, nil)
	default:
		name, body := w.body(f, act, u, ver)
		_, err = c.Act(w.e.ctx, f.id, name, body)
	}
	if err == nil {
		return http.StatusOK, nil
	}
	if ce, ok := err.(*client.Error); ok {
		return ce.Status, err
	}
	return 0, err
}

func (w *world) accused(f fixture) int64 {
	var id int64
	_ = w.e.db.View(w.e.ctx, func(tx nsor.Tx) error {
		r, err := tx.Request(f.id)
		if err == nil {
			id = r.Suspects[0].AccusedID
		}
		return err
	})
	return id
}

var fullChecklist = map[string]any{"fir_copy_matches": true, "eligible_section": true, "suspects_named_in_fir": true, "grounds_substantiated": true}

// body is a valid body for a transition.
func (w *world) body(f fixture, act string, u *testUser, ver int) (string, map[string]any) {
	b := map[string]any{"version": ver}
	switch act {
	case "resubmit":
		b["clarification"] = "Clarified as asked."
	case "withdraw", "reject", "reopen":
		b["reason"] = "A reason given for the record."
	case "return":
		b["reason"], b["failed_items"] = "A reason given for the record.", []string{"grounds_substantiated"}
	case "forward":
		b["checklist"] = fullChecklist
	case "assign":
		if u.Role == nsor.RoleSupervisor {
			b["analyst_id"] = w.an2.ID
		}
	case "answer":
		b["outcomes"] = []map[string]any{{"suspect_id": f.suspect, "outcome": "record_found", "record_id": w.record, "basis": "cnic"}}
	case "answer_none":
		b["outcomes"] = []map[string]any{{"suspect_id": f.suspect, "outcome": "no_record"}}
		return "answer", b
	case "acknowledge":
		b["accept_advisory"] = true
	}
	return act, b
}

// outcome names an answer as the matrix does.
func outcome(status int) string {
	if status >= 200 && status < 300 {
		return "allow"
	}
	return fmt.Sprint(status)
}

// TestAuthorizationMatrix holds the server to the committed matrix: every
// role, in every relation to a request, attempting every act in every state,
// on SQLite and on PostgreSQL.
// A cell that allows changes the fixture, which is then rebuilt.
func TestAuthorizationMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("the full matrix drives about 3,500 calls")
	}
	want := readMatrix(t)
	eachDatabase(t, func(t *testing.T, dsn string) {
		if *updateMatrix && strings.HasPrefix(dsn, "postgres") {
			return // the fixture is written once, from SQLite; PostgreSQL is held to it
		}
		testAuthorizationMatrix(t, newWorldOn(t, newEnvAt(t, dsn, nil, nil)), want)
	})
}

// testAuthorizationMatrix drives the matrix on one database.
func testAuthorizationMatrix(t *testing.T, w *world, want map[string]string) {
	got := map[string]string{}
	for _, state := range matrixStates {
		f := w.build(t, state)
		for _, act := range nsor.ActionOrder {
			for _, a := range w.actors {
				status, _ := w.do(f, string(act), a.user)
				got[cellKey(string(act), a.role, a.relation, state)] = outcome(status)
				if status < 300 {
					f = w.build(t, state)
				}
			}
		}
	}
	if *updateMatrix {
		writeMatrix(t, w, got)
		return
	}
	for k, g := range got {
		if want[k] != g {
			t.Errorf("matrix cell %s = %s, want %s", k, g, want[k])
		}
	}
	if len(want) != len(got) {
		t.Errorf("matrix has %d cells, the run %d", len(want), len(got))
	}
}

func cellKey(act, role, relation, state string) string {
	return act + " " + role + "/" + relation + " " + state
}

// readMatrix reads the committed matrix: one row per act, role and
// relation, one column per state.
func readMatrix(t *testing.T) map[string]string {
	f, err := os.Open(matrixFile)
	if err != nil {
		if *updateMatrix {
			return nil
		}
		t.Fatalf("open %s: %v", matrixFile, err)
	}
	defer f.Close()
	cells := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "act\t") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3+len(matrixStates) {
			t.Fatalf("%s: row %q has %d columns, want %d", matrixFile, line, len(cols), 3+len(matrixStates))
		}
		for i, st := range matrixStates {
			cells[cellKey(cols[0], cols[1], cols[2], st)] = cols[3+i]
		}
	}
	return cells
}

func writeMatrix(t *testing.T, w *world, got map[string]string) {
	var b strings.Builder
	b.WriteString(matrixHeader)
	b.WriteString("act\trole\trelation\t" + strings.Join(matrixStates, "\t") + "\n")
	for _, act := range nsor.ActionOrder {
		for _, a := range w.actors {
			row := []string{string(act), a.role, a.relation}
			for _, st := range matrixStates {
				row = append(row, got[cellKey(string(act), a.role, a.relation, st)])
			}
			b.WriteString(strings.Join(row, "\t") + "\n")
		}
	}
	if err := os.WriteFile(matrixFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

const matrixHeader = `# The authorisation matrix of nsor: what each role, in each relation to a
# request, gets when it attempts each act in each state. TestAuthorizationMatrix
# holds the server to every cell. Review changes to this file by reading them
# against docs/roles.md, docs/procedure.md, docs/rules.md#r5 and docs/rules.md#r8.
#
# allow  the act is done
# 404    the request does not exist for this actor (outside their reach)
# 403    the actor sees the request but may not do this act
# 409    the actor may do this act, but not in this state
#
# Relations: io owner = the officer holding the case; io peer = another
# officer of the district; outside = of another district or province;
# analyst assigned = the analyst the request is assigned to (who answers);
# analyst other = any other analyst (who may confirm). answered_none is
# "answered" with no record found (no confirmation needed).
#
`
