package auditverify

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"golang.org/x/mod/sumdb/tlog"
)

// An export directory is what nsor keeps of its log outside the database
// (docs/adr/0016-export-history.md); the verifier reads it itself rather than
// trusting the writer's code:
//
//	checkpoint              the newest exported checkpoint
//	checkpoints.log         every exported checkpoint, appended: "<length>\n<signed note>" each
//	leaves                  the leaf hashes the exported checkpoints cover, 32 bytes each
//	leaves.superseded-*     the leaves file of a history a restore superseded
const (
	exportNewest  = "checkpoint"
	exportHistory = "checkpoints.log"
	exportLeaves  = "leaves"
)

// Export is an export directory's content.
type Export struct {
	Dir         string
	Checkpoints []SavedCheckpoint // the history, oldest first, then the newest file
	Leaves      []KeptLeaves
	// Torn is set when the history ends in a part of an entry (a crash
	// while appending): the part is ignored and reported.
	Torn bool
	// History is how many of Checkpoints came from checkpoints.log (the
	// rest is the newest file); Newest is that file's content, nil when it
	// is absent.
	History int
	Newest  []byte
}

// KeptLeaves are the leaf hashes one leaves file keeps, in leaf order.
type KeptLeaves struct {
	File   string
	Hashes []tlog.Hash
	tree   memHashes // the stored hashes over the first built of Hashes
	built  int64
}

// LoadExport reads an export directory. A directory that does not exist is
// returned as nil with no error: the caller decides what its absence means.
func LoadExport(dir string) (*Export, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	e := &Export{Dir: dir}
	if err := e.readHistory(filepath.Join(dir, exportHistory)); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(dir, exportNewest))
	e.History = len(e.Checkpoints)
	switch {
	case err == nil:
		e.Newest = b
		e.Checkpoints = append(e.Checkpoints, SavedCheckpoint{File: filepath.Join(dir, exportNewest), Note: b})
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, exportLeaves+"*"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		k := KeptLeaves{File: f, Hashes: make([]tlog.Hash, len(b)/tlog.HashSize)}
		for i := range k.Hashes {
			copy(k.Hashes[i][:], b[i*tlog.HashSize:])
		}
		e.Leaves = append(e.Leaves, k)
	}
	return e, nil
}

// readHistory reads the appended entries "<length>\n<note>".
func (e *Export) readHistory(path string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for k := 1; len(b) > 0; k++ {
		i := bytes.IndexByte(b, '\n')
		n, err := strconv.Atoi(string(b[:max(i, 0)]))
		if i < 0 || err != nil || n <= 0 || n > len(b)-i-1 {
			e.Torn = true
			return nil
		}
		e.Checkpoints = append(e.Checkpoints, SavedCheckpoint{File: fmt.Sprintf("%s entry %d", path, k), Note: b[i+1 : i+1+n]})
		b = b[i+1+n:]
	}
	return nil
}

// root is the root of the tree of the first size kept hashes. The tree is
// built once, as far as asked, and extended when asked further.
func (k *KeptLeaves) root(size int64) (tlog.Hash, error) {
	if size > int64(len(k.Hashes)) {
		return tlog.Hash{}, fmt.Errorf("%s keeps %d leaf hashes, not %d", k.File, len(k.Hashes), size)
	}
	for ; k.built < size; k.built++ {
		hs, err := tlog.StoredHashesForRecordHash(k.built, k.Hashes[k.built], &k.tree)
		if err != nil {
			return tlog.Hash{}, err
		}
		k.tree = append(k.tree, hs...)
	}
	return tlog.TreeHash(size, &k.tree)
}
