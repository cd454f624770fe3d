package keys

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// fileName matches key files: "<purpose>-v<version>.key". Versions start at
// 1 and carry no leading zero, so that one version has one name.
var fileName = regexp.MustCompile(`^([a-z][a-z0-9]*)-v([1-9][0-9]*)\.key$`)

// scan returns the key files in dir by purpose and version. Every file ending
// in ".key" must be named as a key file: a stray name is more likely a mistake
// (hmac-v01.key, HMAC-v1.key) than something to skip silently.
func scan(dir string) (map[string]map[uint32]string, error) {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("keys: key directory %q does not exist (initialise it with Init)", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("keys: %q is not a directory", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	found := map[string]map[uint32]string{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".key") {
			continue
		}
		purpose, v, err := parseName(e.Name())
		if err != nil {
			return nil, fmt.Errorf("keys: %s: %w", filepath.Join(dir, e.Name()), err)
		}
		if found[purpose] == nil {
			found[purpose] = map[uint32]string{}
		}
		found[purpose][v] = filepath.Join(dir, e.Name())
	}
	return found, nil
}

// parseName splits a key file name into purpose and version.
func parseName(name string) (string, uint32, error) {
	m := fileName.FindStringSubmatch(name)
	if m == nil {
		return "", 0, errors.New(`key file name is not "<purpose>-v<version>.key", e.g. hmac-v1.key`)
	}
	v, err := strconv.ParseUint(m[2], 10, 32)
	if err != nil {
		return "", 0, fmt.Errorf("key version %s is out of range", m[2])
	}
	return m[1], uint32(v), nil
}

// readDir loads every key file in dir.
func readDir(dir string) (map[string]map[uint32]key, error) {
	paths, err := scan(dir)
	if err != nil {
		return nil, err
	}
	keys := map[string]map[uint32]key{}
	for purpose, byVersion := range paths {
		keys[purpose] = map[uint32]key{}
		for v, path := range byVersion {
			k, err := readKeyFile(path)
			if err != nil {
				return nil, err
			}
			keys[purpose][v] = k
		}
	}
	return keys, nil
}

// readKeyFile reads one key, refusing a file that other users may read or
// write, as OpenSSH refuses such a private key: a key others can read is no
// longer secret, and one they can write is no longer ours.
func readKeyFile(path string) (key, error) {
	fi, err := os.Stat(path) // follows symbolic links, e.g. mounted secrets
	if err != nil {
		return key{}, fmt.Errorf("keys: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return key{}, fmt.Errorf("keys: %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return key{}, fmt.Errorf("%w: %s has mode %04o, so other users may read it; run chmod 600 %s",
			ErrPermissions, path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return key{}, fmt.Errorf("keys: %w", err)
	}
	k, err := parseHexKey(string(b))
	if err != nil {
		return key{}, fmt.Errorf("keys: %s: %w", path, err)
	}
	return k, nil
}

// parseHexKey decodes a key written in hex, ignoring surrounding white space
// (editors and echo add a newline).
func parseHexKey(s string) (key, error) {
	s = strings.TrimSpace(s)
	b, err := hex.DecodeString(s)
	if err != nil {
		return key{}, fmt.Errorf("key is not valid hex: %w", err)
	}
	if len(b) != KeySize {
		return key{}, fmt.Errorf("key is %d bytes, want %d (%d hex digits)", len(b), KeySize, 2*KeySize)
	}
	var k key
	copy(k[:], b)
	if k == (key{}) {
		return key{}, errors.New("key is all zeros")
	}
	return k, nil
}

// Init creates dir (mode 0700) if it is missing and, for each purpose that
// has no key yet, a version 1 key drawn from random (crypto/rand when nil).
// It never overwrites or adds to a purpose that already has keys, so running
// it twice changes nothing.
func Init(dir string, random io.Reader) error {
	if random == nil {
		random = rand.Reader
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	found, err := scan(dir)
	if err != nil {
		return err
	}
	for _, p := range Purposes {
		if len(found[p]) > 0 {
			continue
		}
		if _, err := writeKeyFile(dir, p, 1, random); err != nil {
			return err
		}
	}
	return nil
}

// Rotate writes the next version of purpose's key to the keyring's directory
// and makes it current; older versions stay, so that earlier tags can still
// be computed and earlier sealed values opened. It returns the new version.
// Other processes see the new key when they next Load.
func (kr *Keyring) Rotate(purpose string, random io.Reader) (uint32, error) {
	switch {
	case !slices.Contains(Purposes, purpose):
		return 0, fmt.Errorf("keys: unknown purpose %q", purpose)
	case kr.external[purpose]:
		return 0, fmt.Errorf("keys: %s keys come from %s; rotate them there", purpose, EnvName(purpose))
	case kr.dir == "":
		return 0, errors.New("keys: keyring has no directory to write to")
	}
	if random == nil {
		random = rand.Reader
	}
	kr.mu.Lock()
	defer kr.mu.Unlock()
	var next uint32 = 1
	for v := range kr.keys[purpose] {
		next = max(next, v+1)
	}
	k, err := writeKeyFile(kr.dir, purpose, next, random)
	if err != nil {
		return 0, err
	}
	kr.keys[purpose][next] = k
	return next, nil
}

// writeKeyFile creates a new key file without ever replacing one: it writes a
// temporary file, flushes it, and links it to its name, which fails if the
// name exists; a crash leaves either no key or a whole one.
func writeKeyFile(dir, purpose string, v uint32, random io.Reader) (key, error) {
	var k key
	if _, err := io.ReadFull(random, k[:]); err != nil {
		return key{}, fmt.Errorf("keys: reading randomness: %w", err)
	}
	name := fmt.Sprintf("%s-v%d.key", purpose, v)
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp") // mode 0600
	if err != nil {
		return key{}, fmt.Errorf("keys: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(hex.EncodeToString(k[:]) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		return key{}, fmt.Errorf("keys: writing %s: %w", name, err)
	}
	return k, syncDir(dir)
}

// syncDir flushes a directory so that a new name in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("keys: syncing %s: %w", dir, err)
	}
	return nil
}
