package auditlog

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// Checkpoint keys live with nsor's other keys, outside the database
// (docs/adr/0010-merkle-log.md): the private key of version N in
// "auditsign-vN.skey", a note signer key ("PRIVATE+KEY+<origin>+..."); the
// public keys of every version ever used in "audit-verifiers.pub", one note
// verifier key a line, newest last. Rotation adds a version and removes the
// old private key; its public key stays, so old checkpoints stay verifiable.

// VerifiersFile is the name of the public keys' file in the key directory.
const VerifiersFile = "audit-verifiers.pub"

var signKeyName = regexp.MustCompile(`^auditsign-v([1-9][0-9]*)\.skey$`)

// Keys are the checkpoint signer and the public keys of every version.
type Keys struct {
	Signer    note.Signer
	Verifiers []string // note verifier keys, newest last
}

// Known returns the verifiers as the note package wants them.
func (k *Keys) Known() (note.Verifiers, error) { return ParseVerifiers(k.Verifiers) }

// ParseVerifiers parses note verifier keys.
func ParseVerifiers(vkeys []string) (note.Verifiers, error) {
	var vs []note.Verifier
	for _, vk := range vkeys {
		v, err := note.NewVerifier(vk)
		if err != nil {
			return nil, fmt.Errorf("auditlog: public key %q: %w", vk, err)
		}
		vs = append(vs, v)
	}
	return note.VerifierList(vs...), nil
}

// LoadKeys reads the checkpoint keys from dir, creating version 1 for origin
// when there is none. A non-empty override (the private key itself, from the
// environment) replaces the files' signer; its public key is added to the
// verifiers.
func LoadKeys(dir, origin, override string) (*Keys, error) {
	vkeys, err := readVerifiers(dir)
	if err != nil {
		return nil, err
	}
	if _, err := ParseVerifiers(vkeys); err != nil {
		return nil, err // before anything is written beside it
	}
	skey := override
	if skey == "" {
		if skey, err = currentSignKey(dir, origin); err != nil {
			return nil, err
		}
	}
	s, err := note.NewSigner(strings.TrimSpace(skey))
	if err != nil {
		return nil, fmt.Errorf("auditlog: checkpoint signing key: %w", err)
	}
	if s.Name() != origin {
		return nil, fmt.Errorf("auditlog: checkpoint signing key is for log %q, this log is %q", s.Name(), origin)
	}
	vk, err := verifierOf(skey)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(vkeys, vk) {
		vkeys = append(vkeys, vk)
		if override == "" {
			if err := SaveVerifiers(dir, vkeys); err != nil {
				return nil, err
			}
		}
	}
	return &Keys{Signer: s, Verifiers: vkeys}, nil
}

// RotateKeys makes a new signing key version for origin, keeps its public
// key with the older ones and removes the older private keys.
func RotateKeys(dir, origin string) (*Keys, error) {
	versions, err := signKeyVersions(dir)
	if err != nil {
		return nil, err
	}
	next := 1
	if len(versions) > 0 {
		next = versions[len(versions)-1] + 1
	}
	if err := newSignKey(dir, origin, next); err != nil {
		return nil, err
	}
	k, err := LoadKeys(dir, origin, "")
	if err != nil {
		return nil, err
	}
	for _, v := range versions {
		if err := os.Remove(signKeyPath(dir, v)); err != nil {
			return nil, fmt.Errorf("auditlog: remove the old signing key: %w", err)
		}
	}
	return k, nil
}

func signKeyPath(dir string, v int) string {
	return filepath.Join(dir, "auditsign-v"+strconv.Itoa(v)+".skey")
}

// currentSignKey reads the newest private key, creating version 1 if none.
func currentSignKey(dir, origin string) (string, error) {
	versions, err := signKeyVersions(dir)
	if err != nil {
		return "", err
	}
	if len(versions) == 0 {
		if err := newSignKey(dir, origin, 1); err != nil {
			return "", err
		}
		versions = []int{1}
	}
	b, err := os.ReadFile(signKeyPath(dir, versions[len(versions)-1]))
	if err != nil {
		return "", fmt.Errorf("auditlog: %w", err)
	}
	return string(b), nil
}

func signKeyVersions(dir string) ([]int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("auditlog: key directory: %w", err)
	}
	var vs []int
	for _, e := range entries {
		if m := signKeyName.FindStringSubmatch(e.Name()); m != nil {
			v, _ := strconv.Atoi(m[1])
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs, nil
}

func newSignKey(dir, origin string, v int) error {
	skey, _, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return fmt.Errorf("auditlog: generate a signing key: %w", err)
	}
	f, err := os.OpenFile(signKeyPath(dir, v), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("auditlog: %w", err)
	}
	_, err = f.WriteString(skey + "\n")
	return errors.Join(err, f.Sync(), f.Close())
}

// verifierOf derives the public key of a note private key
// ("PRIVATE+KEY+<name>+<hash>+<base64 of 0x01 and the Ed25519 seed>").
func verifierOf(skey string) (string, error) {
	parts := strings.SplitN(strings.TrimSpace(skey), "+", 5)
	if len(parts) != 5 {
		return "", errors.New("auditlog: malformed checkpoint signing key")
	}
	b, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(b) != 1+ed25519.SeedSize || b[0] != 1 {
		return "", errors.New("auditlog: checkpoint signing key is not an Ed25519 note key")
	}
	pub := ed25519.NewKeyFromSeed(b[1:]).Public().(ed25519.PublicKey)
	return note.NewEd25519VerifierKey(parts[2], pub)
}

func readVerifiers(dir string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, VerifiersFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("auditlog: %w", err)
	}
	return strings.Fields(string(b)), nil
}

// SaveVerifiers writes the public keys, newest last, to the key
// directory's VerifiersFile, replacing it atomically.
func SaveVerifiers(dir string, vkeys []string) error {
	return writeFileAtomic(filepath.Join(dir, VerifiersFile), []byte(strings.Join(vkeys, "\n")+"\n"), 0o644)
}

// writeFileAtomic writes a file so that a reader sees the old or the new
// content, never a part, and the new content survives a crash.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("auditlog: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err = errors.Join(err, tmp.Chmod(perm), tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("auditlog: write %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("auditlog: %w", err)
	}
	// The rename itself must survive a crash too.
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("auditlog: %w", err)
	}
	return errors.Join(d.Sync(), d.Close())
}
