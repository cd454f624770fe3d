package auditverify_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/tlog"

	"nsor"
	"nsor/auditverify"
)

// The cross-check compares the roots and proofs of the writer (the auditlog
// sequencer's stored hashes) and of the verifier (its recomputed tree), both
// golang.org/x/mod/sumdb/tlog, with an independent RFC 6962 implementation,
// github.com/transparency-dev/merkle, at sizes 0, 1, 2, 3 and every power of
// two and its neighbours up to 1,025.

func crossCheckSizes() []int64 {
	sizes := []int64{0, 1, 2, 3}
	for p := int64(4); p <= 1024; p *= 2 {
		sizes = append(sizes, p-1, p, p+1)
	}
	slices.Sort(sizes)
	return slices.Compact(sizes)
}

// reference is transparency-dev's view of a list of leaves.
type reference struct {
	leaves [][]byte // leaf hashes
	nodes  map[compact.NodeID][]byte
	rf     *compact.RangeFactory
}

func newReference(records [][]byte) *reference {
	ref := &reference{nodes: map[compact.NodeID][]byte{}, rf: &compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}}
	for _, r := range records {
		ref.leaves = append(ref.leaves, rfc6962.DefaultHasher.HashLeaf(r))
	}
	return ref
}

// rangeRoot is the Merkle tree hash of leaves [lo, hi), by a compact range.
func (ref *reference) rangeRoot(lo, hi uint64) []byte {
	if lo == hi && lo == 0 {
		return rfc6962.DefaultHasher.EmptyRoot()
	}
	r := ref.rf.NewEmptyRange(lo)
	for _, h := range ref.leaves[lo:hi] {
		if err := r.Append(h, nil); err != nil {
			panic(err)
		}
	}
	root, err := r.GetRootHash(nil)
	if err != nil {
		panic(err)
	}
	return root
}

// perfectRoot is the hash of the perfect subtree over leaves [lo, hi), a
// power of two of them, reduced pairwise with transparency-dev's hasher.
func (ref *reference) perfectRoot(lo, hi uint64) []byte {
	level := slices.Clone(ref.leaves[lo:hi])
	for len(level) > 1 {
		for i := 0; i < len(level)/2; i++ {
			level[i] = rfc6962.DefaultHasher.HashChildren(level[2*i], level[2*i+1])
		}
		level = level[:len(level)/2]
	}
	return level[0]
}

func (ref *reference) root(size int64) []byte { return ref.rangeRoot(0, uint64(size)) }

func (ref *reference) hashes(n proof.Nodes) [][]byte {
	out := make([][]byte, len(n.IDs))
	for i, id := range n.IDs {
		if _, ok := ref.nodes[id]; !ok {
			lo, hi := id.Coverage()
			ref.nodes[id] = ref.perfectRoot(lo, hi)
		}
		out[i] = ref.nodes[id]
	}
	h, err := n.Rehash(out, rfc6962.DefaultHasher.HashChildren)
	if err != nil {
		panic(err)
	}
	return h
}

func (ref *reference) inclusion(index, size int64) [][]byte {
	n, err := proof.Inclusion(uint64(index), uint64(size))
	if err != nil {
		panic(err)
	}
	return ref.hashes(n)
}

func (ref *reference) consistency(older, newer int64) [][]byte {
	n, err := proof.Consistency(uint64(older), uint64(newer))
	if err != nil {
		panic(err)
	}
	return ref.hashes(n)
}

func sameProof[T ~[32]byte](a []T, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i][:], b[i]) {
			return false
		}
	}
	return true
}

func asBytes[T ~[32]byte](p []T) [][]byte {
	out := make([][]byte, len(p))
	for i := range p {
		out[i] = p[i][:]
	}
	return out
}

// proofLeaves are the leaves whose inclusion is checked at a size: all of a
// small tree, the edges and the middle of a larger one.
func proofLeaves(size int64) []int64 {
	if size <= 17 {
		out := make([]int64, size)
		for i := range out {
			out[i] = int64(i)
		}
		return out
	}
	return []int64{0, 1, size/2 - 1, size / 2, size - 2, size - 1}
}

// writer is what the writer computed: the checkpoint roots, and inclusion
// and consistency proofs from its stored hashes.
type writer struct {
	roots   map[int64]tlog.Hash
	incl    map[[2]int64][][32]byte // by leaf, size
	cons    map[[2]int64][][32]byte // by older, newer
	records [][]byte                // in leaf order
}

// grow signs a checkpoint at each size, taking the writer's inclusion
// proofs of the newest checkpoint as it goes.
func (w *writer) grow(t *testing.T, f *fixture, sizes []int64) {
	ctx := context.Background()
	for _, s := range sizes[1:] {
		f.appendRecords(t, int(s)-f.n)
		w.roots[s] = f.step(t).Root
		err := f.db.View(ctx, func(tx nsor.Tx) error {
			for _, i := range proofLeaves(s) {
				e, err := tx.AuditLeafRecord(i)
				if err != nil {
					return err
				}
				p, err := f.log.ProveRecord(ctx, tx, e.ID)
				if err != nil {
					return err
				}
				w.incl[[2]int64{i, s}] = p.Proof
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// prove reads the records and takes the writer's consistency proofs
// between every two sizes.
func (w *writer) prove(t *testing.T, f *fixture, sizes []int64) {
	err := f.db.View(context.Background(), func(tx nsor.Tx) error {
		for i := int64(0); i < sizes[len(sizes)-1]; i++ {
			e, err := tx.AuditLeafRecord(i)
			if err != nil {
				return err
			}
			w.records = append(w.records, e.Data)
		}
		for _, newer := range sizes[1:] {
			for _, older := range sizes[1:] {
				if older <= newer {
					p, err := f.log.ProveConsistency(tx, older, newer)
					if err != nil {
						return err
					}
					w.cons[[2]int64{older, newer}] = p
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCrossCheckWithTransparencyDev(t *testing.T) {
	f := newFixture(t)
	sizes := crossCheckSizes()
	w := &writer{roots: map[int64]tlog.Hash{}, incl: map[[2]int64][][32]byte{}, cons: map[[2]int64][][32]byte{}}
	w.grow(t, f, sizes)
	w.prove(t, f, sizes)
	f.close(t)
	verifierTree := recomputedTree(t, f)
	ref := newReference(w.records)
	// The control: with one record altered, transparency-dev disagrees.
	altered := slices.Clone(w.records)
	altered[700] = append([]byte{}, altered[700]...)
	altered[700][5] ^= 1
	last := sizes[len(sizes)-1]
	if bad := newReference(altered); bytes.Equal(bad.root(last), ref.root(last)) ||
		sameProof(w.incl[[2]int64{0, last}], bad.inclusion(0, last)) {
		t.Fatal("transparency-dev agrees with a tree of an altered record: the cross-check cannot fail")
	}
	for _, s := range sizes {
		crossCheckRoot(t, ref, verifierTree, w.roots, s)
		for _, i := range proofLeaves(s) {
			crossCheckInclusion(t, ref, verifierTree, w.incl[[2]int64{i, s}], i, s)
		}
		for _, older := range sizes[1:] {
			if older <= s {
				crossCheckConsistency(t, ref, verifierTree, w.cons[[2]int64{older, s}], older, s)
			}
		}
	}
}

// recomputedTree verifies the fixture's database and returns the tree the
// verifier recomputed.
func recomputedTree(t *testing.T, f *fixture) tlog.HashReader {
	db, err := auditverify.Open(context.Background(), f.path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keys, err := auditverify.LoadKeys(f.keysDir() + "/audit-verifiers.pub")
	if err != nil {
		t.Fatal(err)
	}
	rep, tree, err := db.RecomputedTree(context.Background(), auditverify.Options{Keys: keys, Window: -1})
	if err != nil || !rep.OK() {
		t.Fatalf("Verify() = %+v, %v; want OK", rep, err)
	}
	return tree
}

func crossCheckRoot(t *testing.T, ref *reference, tree tlog.HashReader, writer map[int64]tlog.Hash, s int64) {
	t.Helper()
	want := ref.root(s)
	got, err := tlog.TreeHash(s, tree)
	if err != nil || !bytes.Equal(got[:], want) {
		t.Errorf("verifier's TreeHash(%d) = %x, %v; want transparency-dev's %x", s, got, err, want)
	}
	if w, ok := writer[s]; s > 0 && (!ok || !bytes.Equal(w[:], want)) {
		t.Errorf("writer's checkpoint root at %d = %x, want transparency-dev's %x", s, w, want)
	}
}

func crossCheckInclusion(t *testing.T, ref *reference, tree tlog.HashReader, writer [][32]byte, i, s int64) {
	t.Helper()
	want := ref.inclusion(i, s)
	got, err := tlog.ProveRecord(s, i, tree)
	if err != nil || !sameProof(got, want) {
		t.Errorf("verifier's ProveRecord(%d, %d) = %x, %v; want transparency-dev's %x", s, i, got, err, want)
	}
	if !sameProof(writer, want) {
		t.Errorf("writer's ProveRecord(leaf %d in %d) = %x, want transparency-dev's %x", i, s, writer, want)
	}
	if err := proof.VerifyInclusion(rfc6962.DefaultHasher, uint64(i), uint64(s), ref.leaves[i], asBytes(writer), ref.root(s)); err != nil {
		t.Errorf("transparency-dev's VerifyInclusion(writer's proof of %d in %d) = %v, want nil", i, s, err)
	}
}

func crossCheckConsistency(t *testing.T, ref *reference, tree tlog.HashReader, writer [][32]byte, older, s int64) {
	t.Helper()
	want := ref.consistency(older, s)
	got, err := tlog.ProveTree(s, older, tree)
	if err != nil || !sameProof(got, want) {
		t.Errorf("verifier's ProveTree(%d, %d) = %x, %v; want transparency-dev's %x", s, older, got, err, want)
	}
	if !sameProof(writer, want) {
		t.Errorf("writer's ProveConsistency(%d, %d) = %x, want transparency-dev's %x", older, s, writer, want)
	}
	if err := proof.VerifyConsistency(rfc6962.DefaultHasher, uint64(older), uint64(s), asBytes(writer), ref.root(older), ref.root(s)); err != nil {
		t.Errorf("transparency-dev's VerifyConsistency(writer's proof %d to %d) = %v, want nil", older, s, err)
	}
}
