package auditverify

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// The verifier parses the log's signed notes itself rather than trusting the
// writer's code (docs/adr/0010-merkle-log.md gives both formats).

// Checkpoint is a parsed C2SP tlog-checkpoint:
//
//	<origin>
//	<tree size in decimal>
//	<root hash in standard base64>
//	[extension lines]
type Checkpoint struct {
	Origin string
	Size   int64
	Root   tlog.Hash
}

// Restore is a parsed restore note: the log was rolled back to Restored
// leaves, superseding the checkpoint of SupersededSize and SupersededRoot.
//
//	<origin>
//	restore
//	<tree size restored>
//	<size of the newest checkpoint superseded>
//	<its root hash in standard base64>
//	<time of the restore in UTC milliseconds>
type Restore struct {
	Origin         string
	Restored       int64
	SupersededSize int64
	SupersededRoot tlog.Hash
	At             time.Time
}

// ErrMalformed marks a note whose text is not a checkpoint or restore note.
var ErrMalformed = errors.New("malformed")

// ParseCheckpoint reads a checkpoint's signed text. Extension lines after the
// root are allowed, as C2SP says; nothing else is.
func ParseCheckpoint(text string) (Checkpoint, error) {
	var c Checkpoint
	lines := strings.Split(text, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		return c, fmt.Errorf("checkpoint: %w: want origin, size and root, each on a line", ErrMalformed)
	}
	for _, ext := range lines[3 : len(lines)-1] {
		if ext == "" {
			return c, fmt.Errorf("checkpoint: %w: empty extension line", ErrMalformed)
		}
	}
	if lines[0] == "" {
		return c, fmt.Errorf("checkpoint: %w: empty origin", ErrMalformed)
	}
	size, err := decimal(lines[1])
	if err != nil {
		return c, fmt.Errorf("checkpoint: %w: tree size %q", ErrMalformed, lines[1])
	}
	root, err := hash64(lines[2])
	if err != nil {
		return c, fmt.Errorf("checkpoint: %w: root hash %q", ErrMalformed, lines[2])
	}
	return Checkpoint{Origin: lines[0], Size: size, Root: root}, nil
}

// ParseRestore reads a restore note's signed text. The second line,
// "restore", keeps a restore note from ever reading as a checkpoint.
func ParseRestore(text string) (Restore, error) {
	var r Restore
	lines := strings.Split(text, "\n")
	if len(lines) != 7 || lines[0] == "" || lines[1] != "restore" || lines[6] != "" {
		return r, fmt.Errorf("restore note: %w: want origin, \"restore\" and four values, each on a line", ErrMalformed)
	}
	var nums [3]int64
	for i, s := range []string{lines[2], lines[3], lines[5]} {
		n, err := decimal(s)
		if err != nil {
			return r, fmt.Errorf("restore note: %w: number %q", ErrMalformed, s)
		}
		nums[i] = n
	}
	root, err := hash64(lines[4])
	if err != nil {
		return r, fmt.Errorf("restore note: %w: root hash %q", ErrMalformed, lines[4])
	}
	if nums[0] > nums[1] {
		return r, fmt.Errorf("restore note: %w: restored size %d exceeds the superseded size %d", ErrMalformed, nums[0], nums[1])
	}
	return Restore{Origin: lines[0], Restored: nums[0], SupersededSize: nums[1], SupersededRoot: root,
		At: time.UnixMilli(nums[2]).UTC()}, nil
}

// decimal parses a non-negative decimal in canonical form (no sign, no
// leading zeros), so that one value has one spelling.
func decimal(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != s {
		return 0, ErrMalformed
	}
	return n, nil
}

func hash64(s string) (tlog.Hash, error) {
	var h tlog.Hash
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || len(b) != tlog.HashSize {
		return h, ErrMalformed
	}
	copy(h[:], b)
	return h, nil
}

// Keys are the log's public keys: note verifier keys, one per signing key
// version ("<origin>+<hash>+<base64 Ed25519 key>").
type Keys struct {
	list  note.Verifiers
	names map[string]bool
	Count int
}

// ParseKeys reads note verifier keys separated by white space, as the
// file audit-verifiers.pub holds them.
func ParseKeys(text string) (*Keys, error) {
	k := &Keys{names: map[string]bool{}}
	var vs []note.Verifier
	for _, f := range strings.Fields(text) {
		v, err := note.NewVerifier(f)
		if err != nil {
			return nil, fmt.Errorf("public key %q: %w", f, err)
		}
		vs = append(vs, v)
		k.names[v.Name()] = true
	}
	if len(vs) == 0 {
		return nil, errors.New("no public key")
	}
	k.list, k.Count = note.VerifierList(vs...), len(vs)
	return k, nil
}

// LoadKeys reads a public keys file.
func LoadKeys(path string) (*Keys, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := ParseKeys(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// Note-opening failures, by what they mean to the verifier's caller.
var (
	// ErrUnknownKey: no signature by any of the given keys; the keys given
	// are likely the wrong ones.
	ErrUnknownKey = errors.New("signed by no key given")
	// ErrBadSignature: a signature by a known key does not verify; the
	// note was altered after it was signed.
	ErrBadSignature = errors.New("signature does not verify")
)

// open checks a signed note against the keys and returns its text and the
// name of the key that signed it.
func (k *Keys) open(msg []byte) (text, signer string, err error) {
	n, err := note.Open(msg, k.list)
	var unverified *note.UnverifiedNoteError
	var invalid *note.InvalidSignatureError
	switch {
	case errors.As(err, &unverified):
		return "", "", ErrUnknownKey
	case errors.As(err, &invalid):
		return "", "", ErrBadSignature
	case err != nil:
		return "", "", fmt.Errorf("signed note: %w: %v", ErrMalformed, err)
	}
	return n.Text, n.Sigs[0].Name, nil
}

// OpenCheckpoint checks a signed checkpoint and parses it. Its origin must
// be the name of the key that signed it: one log, one name.
func (k *Keys) OpenCheckpoint(msg []byte) (Checkpoint, error) {
	text, signer, err := k.open(msg)
	if err != nil {
		return Checkpoint{}, err
	}
	c, err := ParseCheckpoint(text)
	if err == nil && c.Origin != signer {
		err = fmt.Errorf("checkpoint of log %q signed by the key of %q", c.Origin, signer)
	}
	return c, err
}

// OpenRestore checks a signed restore note and parses it.
func (k *Keys) OpenRestore(msg []byte) (Restore, error) {
	text, signer, err := k.open(msg)
	if err != nil {
		return Restore{}, err
	}
	r, err := ParseRestore(text)
	if err == nil && r.Origin != signer {
		err = fmt.Errorf("restore note of log %q signed by the key of %q", r.Origin, signer)
	}
	return r, err
}
