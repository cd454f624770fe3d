package auditlog

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// DefaultOrigin names the log in its checkpoints when the installation does
// not choose a name. The origin is the checkpoint's first line and the
// signing key's name (C2SP tlog-checkpoint).
const DefaultOrigin = "nsor.local/audit"

// ErrMalformedCheckpoint is returned for a checkpoint body that is not three
// lines of origin, decimal size and base64 root hash.
var ErrMalformedCheckpoint = errors.New("auditlog: malformed checkpoint")

// CheckpointBody is the signed text of a checkpoint:
//
//	<origin>
//	<tree size in decimal>
//	<root hash in standard base64>
func CheckpointBody(origin string, size int64, root tlog.Hash) string {
	return fmt.Sprintf("%s\n%d\n%s\n", origin, size, base64.StdEncoding.EncodeToString(root[:]))
}

// ParseCheckpointBody reads the origin, size and root of a checkpoint's
// text. Extension lines after the root are allowed and ignored.
func ParseCheckpointBody(text string) (origin string, size int64, root tlog.Hash, err error) {
	lines := strings.SplitAfter(text, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		return "", 0, root, ErrMalformedCheckpoint
	}
	origin = strings.TrimSuffix(lines[0], "\n")
	sizeText := strings.TrimSuffix(lines[1], "\n")
	size, err = strconv.ParseInt(sizeText, 10, 64)
	if origin == "" || err != nil || size < 0 || strconv.FormatInt(size, 10) != sizeText {
		return "", 0, root, ErrMalformedCheckpoint
	}
	h, err := base64.StdEncoding.Strict().DecodeString(strings.TrimSuffix(lines[2], "\n"))
	if err != nil || len(h) != tlog.HashSize {
		return "", 0, root, ErrMalformedCheckpoint
	}
	copy(root[:], h)
	return origin, size, root, nil
}

// SignCheckpoint returns the signed note of a checkpoint.
func SignCheckpoint(s note.Signer, origin string, size int64, root tlog.Hash) ([]byte, error) {
	return note.Sign(&note.Note{Text: CheckpointBody(origin, size, root)}, s)
}

// OpenCheckpoint checks a signed checkpoint against the known keys and
// returns its size and root. A note signed by no known key, or with a bad
// signature, or whose origin differs from the keys' name, is refused.
func OpenCheckpoint(msg []byte, known note.Verifiers, origin string) (int64, tlog.Hash, error) {
	var root tlog.Hash
	n, err := note.Open(bytes.TrimRight(msg, "\x00"), known)
	if err != nil {
		return 0, root, fmt.Errorf("auditlog: checkpoint signature: %w", err)
	}
	o, size, root, err := ParseCheckpointBody(n.Text)
	if err != nil {
		return 0, root, err
	}
	if o != origin {
		return 0, root, fmt.Errorf("auditlog: checkpoint of log %q, want %q", o, origin)
	}
	return size, root, nil
}
