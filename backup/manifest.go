package backup

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"time"
)

// Format names this layout in every manifest; Read refuses any other.
const Format = "nsor-backup/1"

// The entries every backup has around its parts.
const (
	ManifestName = "manifest.json"
	SumName      = "manifest.sha256"
)

// Manifest says what a backup holds.
type Manifest struct {
	Format string `json:"format"`
	// Installation is the random ID the database drew when it was first
	// migrated; a restore refuses a backup of another installation.
	Installation string `json:"installation"`
	Database     string `json:"database"` // "sqlite" or "postgres"
	// Schema is the database's migration version; a restore refuses a
	// backup newer than its binary.
	Schema      int64     `json:"schema_version"`
	NsorVersion string    `json:"nsor_version"`
	CreatedAt   time.Time `json:"created_at"`
	// AuditOrigin names the audit log in its checkpoints.
	AuditOrigin string `json:"audit_origin"`
	// AuditTreeSize is the number of leaves of the audit log in the copy.
	AuditTreeSize int64 `json:"audit_tree_size"`
	// AuditCheckpoint is the newest signed checkpoint stored in the copy
	// (a signed note), empty when there is none.
	AuditCheckpoint string `json:"audit_checkpoint,omitempty"`
	Parts           []Part `json:"parts"`

	sum string // the SHA-256 of the manifest as read, when read from a file
}

// Part is one file of a backup.
type Part struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"` // hex
}

// maxManifest bounds the manifest read into memory: a real one is a few
// hundred bytes, so anything near this is not a backup.
const maxManifest = 1 << 20

// partName is what a part may be called: a plain file name, so that a
// crafted manifest cannot write outside the directory Read extracts into.
var partName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

func (m *Manifest) check() error {
	if m.Format != Format {
		return fmt.Errorf("%w: format %q, this nsor reads %q", ErrNotBackup, m.Format, Format)
	}
	if m.Installation == "" || m.Database == "" || m.Schema < 1 {
		return fmt.Errorf("%w: its manifest lacks the installation, database or schema", ErrCorrupt)
	}
	seen := map[string]bool{ManifestName: true, SumName: true}
	for _, p := range m.Parts {
		if !partName.MatchString(p.Name) || seen[p.Name] || p.Size < 0 || len(p.SHA256) != 64 {
			return fmt.Errorf("%w: its manifest lists a bad part %q", ErrCorrupt, p.Name)
		}
		seen[p.Name] = true
	}
	return nil
}

// Part returns the part called name.
func (m *Manifest) Part(name string) (Part, bool) {
	for _, p := range m.Parts {
		if p.Name == name {
			return p, true
		}
	}
	return Part{}, false
}

func encodeManifest(m *Manifest) ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// SHA256 is the hex SHA-256 of the manifest as Write encodes it: the
// content of the backup's last entry, which names the backup.
func (m *Manifest) SHA256() (string, error) {
	if m.sum != "" {
		return m.sum, nil
	}
	b, err := encodeManifest(m)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
