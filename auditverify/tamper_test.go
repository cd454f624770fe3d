package auditverify_test

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"nsor/auditlog"
	"nsor/auditrec"
)

// tamperSeed seeds the mutations; a failure names it and the mutation, so
// that it reproduces.
const tamperSeed = 20261128

// tamperBase is a populated log: an older copy of size older, then an
// exported checkpoint of size covered, then more leaves and a few records
// the sequencer has not yet integrated.
type tamperBase struct {
	base, older []byte
	covered     int64
	exported    string // the exported checkpoint's file
	keysDir     string
	otherSigner note.Signer // another installation's key, same log name
}

func newTamperBase(t *testing.T) *tamperBase {
	f := newFixture(t)
	f.grow(t, 6, 300)
	older := f.snapshot(t)
	c := f.grow(t, 4, 300)
	exported := writeFile(t, "checkpoint", f.exported(t))
	f.clock.Advance(3 * time.Minute)
	f.grow(t, 2, 200)
	f.appendRecords(t, 5)
	skey, _, err := note.GenerateKey(rand.Reader, auditlog.DefaultOrigin)
	if err != nil {
		t.Fatal(err)
	}
	other, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	return &tamperBase{base: f.snapshot(t), older: older, covered: c.Size, exported: exported,
		keysDir: f.keysDir(), otherSigner: other}
}

// mutation alters a copy of the database within what the exported
// checkpoint covers, and says what it did.
type mutation func(m *mutator) string

type mutator struct {
	t   *testing.T
	rng *mrand.Rand
	db  *sql.DB
	b   *tamperBase
}

var mutations = []mutation{
	flipRecordByte, deleteRecord, insertBackdatedRecord, insertRecordAsLeaf, swapRecords, truncateTail,
	changeStoredHash, resignCheckpoint, deleteLeaf, changeLeafRecord, swapLeaves, changeIndexColumn,
	rewriteHistory, deleteStoredHash, forgeEveryCheckpoint, leaveOut,
}

func TestTamperingIsCaught(t *testing.T) {
	b := newTamperBase(t)
	rng := mrand.New(mrand.NewPCG(tamperSeed, 1))
	if code, out := b.verify(t, b.copy(t, b.base)); code != 0 {
		t.Fatalf("verify(untouched copy) = %d, want 0:\n%s", code, out)
	}
	const rounds = 160
	for i := 0; i < rounds; i++ {
		path := b.copy(t, b.base)
		m := &mutator{t: t, rng: rng, db: rawOpen(t, path), b: b}
		what := mutations[i%len(mutations)](m)
		if err := m.db.Close(); err != nil {
			t.Fatal(err)
		}
		if code, out := b.verify(t, path); code != 1 {
			t.Errorf("seed %d, mutation %d (%s): verify = %d, want 1:\n%s", tamperSeed, i, what, code, out)
		}
	}
	// A rollback to an older copy: the copy is consistent in itself, so
	// only the checkpoint exported after it shows the rollback.
	older := b.copy(t, b.older)
	if code, out := verify(t, "--database", older, "--keys", b.keysDir); code != 0 {
		t.Errorf("verify(older copy, no saved checkpoint) = %d, want 0: it is consistent in itself:\n%s", code, out)
	}
	if code, out := b.verify(t, older); code != 1 || !strings.Contains(out, "rolled back") {
		t.Errorf("verify(older copy, checkpoint exported later) = %d, want 1 and a rollback:\n%s", code, out)
	}
}

func (b *tamperBase) copy(t *testing.T, data []byte) string {
	p := filepath.Join(t.TempDir(), "nsor.db")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func (b *tamperBase) verify(t *testing.T, path string) (int, string) {
	return verify(t, "--database", path, "--keys", b.keysDir, "--checkpoint", b.exported)
}

func (m *mutator) exec(q string, args ...any) {
	m.t.Helper()
	res, err := m.db.Exec(q, args...)
	if err != nil {
		m.t.Fatalf("%s: %v", q, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		m.t.Fatalf("%s changed nothing", q)
	}
}

func (m *mutator) int(q string, args ...any) int64 {
	m.t.Helper()
	var n int64
	if err := m.db.QueryRow(q, args...).Scan(&n); err != nil {
		m.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// leaf picks a leaf the exported checkpoint covers, and its record.
func (m *mutator) leaf() (int64, int64) {
	i := m.rng.Int64N(m.b.covered)
	return i, m.int("SELECT record_id FROM audit_leaves WHERE leaf_index = ?", i)
}

func (m *mutator) data(id int64) []byte {
	var d []byte
	if err := m.db.QueryRow("SELECT data FROM audit_records WHERE id = ?", id).Scan(&d); err != nil {
		m.t.Fatal(err)
	}
	return d
}

func flipRecordByte(m *mutator) string {
	_, id := m.leaf()
	d := m.data(id)
	at := m.rng.IntN(len(d))
	d[at] ^= byte(1 + m.rng.IntN(255))
	m.exec("UPDATE audit_records SET data = ? WHERE id = ?", d, id)
	return fmt.Sprintf("flip byte %d of record %d", at, id)
}

func deleteRecord(m *mutator) string {
	_, id := m.leaf()
	m.exec("DELETE FROM audit_records WHERE id = ?", id)
	return fmt.Sprintf("delete record %d", id)
}

// forged is a new record dated like record id, as if it had been written
// then.
func (m *mutator) forged(id int64) int64 {
	rec, err := auditrec.Decode(m.data(id))
	if err != nil {
		m.t.Fatal(err)
	}
	rec.ActorID += 1000
	res, err := m.db.Exec("INSERT INTO audit_records (data, actor_id, request_id, action, object, at_ms) VALUES (?, ?, ?, ?, ?, ?)",
		auditrec.Encode(rec), rec.ActorID, rec.RequestID, rec.Action, rec.Object, rec.At.UnixMilli())
	if err != nil {
		m.t.Fatal(err)
	}
	n, _ := res.LastInsertId()
	return n
}

func insertBackdatedRecord(m *mutator) string {
	_, id := m.leaf()
	return fmt.Sprintf("insert record %d dated like record %d", m.forged(id), id)
}

func insertRecordAsLeaf(m *mutator) string {
	k, id := m.leaf()
	n := m.forged(id)
	m.exec("UPDATE audit_leaves SET leaf_index = -leaf_index - 1 WHERE leaf_index >= ?", k)
	m.exec("UPDATE audit_leaves SET leaf_index = -leaf_index WHERE leaf_index < 0")
	m.exec("INSERT INTO audit_leaves (leaf_index, record_id) VALUES (?, ?)", k, n)
	return fmt.Sprintf("insert record %d as leaf %d", n, k)
}

const recordCols = "data, actor_id, request_id, action, object, at_ms"

func swapRecords(m *mutator) string {
	_, a := m.leaf()
	_, b := m.leaf()
	for a == b || bytes.Equal(m.data(a), m.data(b)) {
		_, b = m.leaf()
	}
	var ra, rb [6]any
	for _, x := range []struct {
		id int64
		r  *[6]any
	}{{a, &ra}, {b, &rb}} {
		var d []byte
		var actor, req, at int64
		var action, object string
		if err := m.db.QueryRow("SELECT "+recordCols+" FROM audit_records WHERE id = ?", x.id).Scan(&d, &actor, &req, &action, &object, &at); err != nil {
			m.t.Fatal(err)
		}
		*x.r = [6]any{d, actor, req, action, object, at}
	}
	set := "UPDATE audit_records SET data = ?, actor_id = ?, request_id = ?, action = ?, object = ?, at_ms = ? WHERE id = ?"
	m.exec(set, append(rb[:], a)...)
	m.exec(set, append(ra[:], b)...)
	return fmt.Sprintf("swap records %d and %d", a, b)
}

// truncateTail removes the newest leaves, their records, hashes and
// checkpoints: a database consistent in itself, which only a checkpoint
// saved elsewhere shows to be short.
func truncateTail(m *mutator) string {
	k := 1 + m.rng.Int64N(m.b.covered-1)
	m.exec("DELETE FROM audit_records WHERE id >= (SELECT record_id FROM audit_leaves WHERE leaf_index = ?)", k)
	m.exec("DELETE FROM audit_leaves WHERE leaf_index >= ?", k)
	m.exec("DELETE FROM audit_hashes WHERE hash_index >= ?", tlog.StoredHashCount(k))
	m.exec("DELETE FROM audit_checkpoints WHERE tree_size > ?", k)
	return fmt.Sprintf("truncate the log to %d leaves", k)
}

func changeStoredHash(m *mutator) string {
	i := m.rng.Int64N(tlog.StoredHashCount(m.b.covered))
	var h [32]byte
	_, _ = rand.Read(h[:])
	m.exec("UPDATE audit_hashes SET hash = ? WHERE hash_index = ?", h[:], i)
	return fmt.Sprintf("change stored hash %d", i)
}

// forgeEveryCheckpoint replaces every stored checkpoint by one signed with
// another key: the saved checkpoint shows the keys are right, so this is
// tampering (exit 1), not a wrong key file (exit 2).
func forgeEveryCheckpoint(m *mutator) string {
	rows, err := m.db.Query("SELECT tree_size, note FROM audit_checkpoints")
	if err != nil {
		m.t.Fatal(err)
	}
	forged := map[int64][]byte{}
	for rows.Next() {
		var size int64
		var msg []byte
		if err := rows.Scan(&size, &msg); err != nil {
			m.t.Fatal(err)
		}
		text := msg[:bytes.LastIndex(msg, []byte("\n\n"))+1]
		if forged[size], err = note.Sign(&note.Note{Text: string(text)}, m.b.otherSigner); err != nil {
			m.t.Fatal(err)
		}
	}
	rows.Close()
	for size, msg := range forged {
		m.exec("UPDATE audit_checkpoints SET note = ? WHERE tree_size = ?", msg, size)
	}
	return fmt.Sprintf("re-sign all %d checkpoints with another key", len(forged))
}

func deleteStoredHash(m *mutator) string {
	i := m.rng.Int64N(tlog.StoredHashCount(m.b.covered))
	m.exec("DELETE FROM audit_hashes WHERE hash_index = ?", i)
	return fmt.Sprintf("delete stored hash %d", i)
}

func resignCheckpoint(m *mutator) string {
	size := m.int("SELECT tree_size FROM audit_checkpoints WHERE tree_size <= ? ORDER BY random() LIMIT 1", m.b.covered)
	var msg []byte
	if err := m.db.QueryRow("SELECT note FROM audit_checkpoints WHERE tree_size = ?", size).Scan(&msg); err != nil {
		m.t.Fatal(err)
	}
	text := msg[:bytes.LastIndex(msg, []byte("\n\n"))+1]
	forged, err := note.Sign(&note.Note{Text: string(text)}, m.b.otherSigner)
	if err != nil {
		m.t.Fatal(err)
	}
	m.exec("UPDATE audit_checkpoints SET note = ? WHERE tree_size = ?", forged, size)
	return fmt.Sprintf("re-sign the checkpoint of size %d with another key", size)
}

func deleteLeaf(m *mutator) string {
	k, _ := m.leaf()
	m.exec("DELETE FROM audit_leaves WHERE leaf_index = ?", k)
	return fmt.Sprintf("delete leaf %d", k)
}

func changeLeafRecord(m *mutator) string {
	k, id := m.leaf()
	var to int64
	switch m.rng.IntN(3) {
	case 0: // another leaf's record: it is then two leaves, and the first record none
		for to = id; to == id; {
			_, to = m.leaf()
		}
		m.exec("UPDATE audit_leaves SET record_id = -1 WHERE record_id = ?", to)
	case 1: // a record that does not exist
		to = 1 << 40
	case 2: // a record the sequencer has not yet integrated
		to = m.int("SELECT MAX(id) FROM audit_records")
	}
	m.exec("UPDATE audit_leaves SET record_id = ? WHERE leaf_index = ?", to, k)
	return fmt.Sprintf("make leaf %d record %d instead of %d", k, to, id)
}

func swapLeaves(m *mutator) string {
	i, a := m.leaf()
	j, b := m.leaf()
	for i == j {
		j, b = m.leaf()
	}
	m.exec("UPDATE audit_leaves SET record_id = -1 WHERE leaf_index = ?", i)
	m.exec("UPDATE audit_leaves SET record_id = ? WHERE leaf_index = ?", a, j)
	m.exec("UPDATE audit_leaves SET record_id = ? WHERE leaf_index = ?", b, i)
	return fmt.Sprintf("swap leaves %d and %d", i, j)
}

func changeIndexColumn(m *mutator) string {
	_, id := m.leaf()
	m.exec("UPDATE audit_records SET actor_id = actor_id + 1 WHERE id = ?", id)
	return fmt.Sprintf("change record %d's actor_id column", id)
}

// rewriteHistory removes one record and rebuilds a consistent tree without
// it, as an administrator who knows the design would: the leaves
// renumbered, every stored hash recomputed, the checkpoints it invalidates
// deleted. Only a checkpoint saved elsewhere can show it.
func rewriteHistory(m *mutator) string {
	k, id := m.leaf()
	m.exec("DELETE FROM audit_records WHERE id = ?", id)
	m.rebuildWithout(k)
	return fmt.Sprintf("remove record %d (leaf %d) and rebuild the tree without it", id, k)
}

// leaveOut keeps a record but rebuilds the tree without its leaf: the
// record is then an orphan.
func leaveOut(m *mutator) string {
	k, id := m.leaf()
	m.rebuildWithout(k)
	return fmt.Sprintf("leave record %d (leaf %d) out of a rebuilt tree", id, k)
}

// rebuildWithout removes leaf k, renumbers the leaves after it, recomputes
// every stored hash and deletes the checkpoints that no longer hold.
func (m *mutator) rebuildWithout(k int64) {
	m.exec("DELETE FROM audit_leaves WHERE leaf_index = ?", k)
	m.exec("UPDATE audit_leaves SET leaf_index = -leaf_index + 1 WHERE leaf_index > ?", k)
	m.exec("UPDATE audit_leaves SET leaf_index = -leaf_index WHERE leaf_index < 0")
	m.exec("DELETE FROM audit_checkpoints WHERE tree_size > ?", k)
	rehash(m.t, m.db)
}
