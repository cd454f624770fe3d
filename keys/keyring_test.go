package keys

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// counter is a deterministic, never-zero source of "randomness" for tests.
type counter struct{ n byte }

func (c *counter) Read(p []byte) (int, error) {
	for i := range p {
		c.n++
		p[i] = c.n
	}
	return len(p), nil
}

const hexKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

func writeFile(t *testing.T, dir, name, content string, mode os.FileMode) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // WriteFile's mode is subject to umask
		t.Fatal(err)
	}
}

func initDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "keys")
	if err := Init(dir, &counter{}); err != nil {
		t.Fatalf("Init(%q) = %v, want nil", dir, err)
	}
	return dir
}

func TestInitCreatesPrivateFiles(t *testing.T) {
	dir := initDir(t)
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Errorf("Init: directory mode = %04o, want 0700", fi.Mode().Perm())
	}
	for _, name := range []string{"hmac-v1.key", "seal-v1.key"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("Init: %v", err)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
			t.Errorf("Init: %s mode = %04o, want 0600", name, fi.Mode().Perm())
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("Init: directory holds %d entries, want 2 (no temporary files left)", len(entries))
	}
}

func TestInitIdempotent(t *testing.T) {
	dir := initDir(t)
	before, _ := os.ReadFile(filepath.Join(dir, "hmac-v1.key"))
	if err := Init(dir, &counter{n: 100}); err != nil {
		t.Fatalf("Init(%q) again = %v, want nil", dir, err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "hmac-v1.key"))
	if !bytes.Equal(before, after) {
		t.Errorf("Init(%q) again rewrote hmac-v1.key", dir)
	}
}

// A purpose whose v1 was retired after rotation keeps its later versions
// only: Init must not mint a different v1, which would silently mistag.
func TestInitDoesNotRefillRetiredVersion(t *testing.T) {
	dir := initDir(t)
	kr, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Rotate(PurposeHMAC, &counter{n: 50}); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "hmac-v1.key"))
	if err := Init(dir, &counter{n: 100}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "hmac-v1.key")); err == nil {
		t.Errorf("Init recreated hmac-v1.key beside hmac-v2.key")
	}
}

func TestLoad(t *testing.T) {
	dir := initDir(t)
	kr, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(%q) = %v, want nil", dir, err)
	}
	if got := kr.HMACVersions(); !slices.Equal(got, []uint32{1}) {
		t.Errorf("HMACVersions() = %v, want [1]", got)
	}
	if got := kr.Versions(PurposeSeal); !slices.Equal(got, []uint32{1}) {
		t.Errorf("Versions(seal) = %v, want [1]", got)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // name -> content, written 0600
		mode  os.FileMode       // for hmac-v1.key, when not 0
		want  string            // in the error
	}{
		{"missing purpose", map[string]string{"hmac-v1.key": hexKey}, 0, "no seal key"},
		{"malformed hex", map[string]string{"hmac-v1.key": "zz" + hexKey[2:], "seal-v1.key": hexKey}, 0, "hmac-v1.key: key is not valid hex"},
		{"short key", map[string]string{"hmac-v1.key": hexKey[:62], "seal-v1.key": hexKey}, 0, "key is 31 bytes, want 32"},
		{"long key", map[string]string{"hmac-v1.key": hexKey + "00", "seal-v1.key": hexKey}, 0, "key is 33 bytes, want 32"},
		{"zero key", map[string]string{"hmac-v1.key": strings.Repeat("0", 64), "seal-v1.key": hexKey}, 0, "all zeros"},
		{"bad name", map[string]string{"hmac-v01.key": hexKey, "seal-v1.key": hexKey}, 0, "hmac-v01.key: key file name"},
		{"version 0", map[string]string{"hmac-v0.key": hexKey, "seal-v1.key": hexKey}, 0, "hmac-v0.key: key file name"},
		{"huge version", map[string]string{"hmac-v4294967296.key": hexKey, "seal-v1.key": hexKey}, 0, "out of range"},
		{"world-readable", map[string]string{"hmac-v1.key": hexKey, "seal-v1.key": hexKey}, 0o644, "hmac-v1.key has mode 0644"},
		{"group-readable", map[string]string{"hmac-v1.key": hexKey, "seal-v1.key": hexKey}, 0o640, "hmac-v1.key has mode 0640"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				mode := os.FileMode(0o600)
				if name == "hmac-v1.key" && tt.mode != 0 {
					mode = tt.mode
				}
				writeFile(t, dir, name, content+"\n", mode)
			}
			if tt.mode != 0 && runtime.GOOS == "windows" {
				t.Skip("no permission bits on Windows")
			}
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load(%s) = %v, want an error containing %q", tt.name, err, tt.want)
			}
			if tt.mode != 0 && !errors.Is(err, ErrPermissions) {
				t.Errorf("Load(%s) = %v, want ErrPermissions", tt.name, err)
			}
		})
	}
}

func TestLoadMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "absent")
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Load(%q) = %v, want an error saying it does not exist", dir, err)
	}
	file := filepath.Join(t.TempDir(), "file")
	writeFile(t, filepath.Dir(file), "file", "x", 0o600)
	if _, err := Load(file); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Load(%q) = %v, want an error saying it is not a directory", file, err)
	}
}

func TestLoadIgnoresOtherFiles(t *testing.T) {
	dir := initDir(t)
	writeFile(t, dir, "README", "not a key", 0o644)
	writeFile(t, dir, ".hmac-v9.key.123.tmp", "partial", 0o600)
	if _, err := Load(dir); err != nil {
		t.Errorf("Load(%q) with a README and a temporary file = %v, want nil", dir, err)
	}
}

func TestRotate(t *testing.T) {
	dir := initDir(t)
	kr, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	v, err := kr.Rotate(PurposeHMAC, &counter{n: 77})
	if err != nil || v != 2 {
		t.Fatalf("Rotate(hmac) = %d, %v, want 2, nil", v, err)
	}
	if got := kr.HMACVersions(); !slices.Equal(got, []uint32{1, 2}) {
		t.Errorf("HMACVersions() after Rotate = %v, want [1 2]", got)
	}
	reloaded, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := reloaded.HMACVersions(); !slices.Equal(got, []uint32{1, 2}) {
		t.Errorf("Load(dir).HMACVersions() after Rotate = %v, want [1 2]", got)
	}
	if got, want := reloaded.Tag("cnic", "x"), kr.Tag("cnic", "x"); got != want {
		t.Errorf("Tag after reload = %x, want %x", got.MAC, want.MAC)
	}
	if _, err := kr.Rotate("signing", nil); err == nil {
		t.Errorf("Rotate(signing) = nil, want an unknown purpose error")
	}
}

func TestOverrides(t *testing.T) {
	other := strings.Repeat("ab", 32)
	tests := []struct {
		name     string
		dir      bool
		over     map[string]string
		versions []uint32 // of hmac; nil when an error is wanted
		want     string
	}{
		{"env only", false, map[string]string{"hmac": hexKey, "seal": other}, []uint32{1}, ""},
		{"versioned", false, map[string]string{"hmac": "v1:" + hexKey + ", v3:" + other, "seal": other}, []uint32{1, 3}, ""},
		{"replaces files", true, map[string]string{"hmac": "v5:" + other}, []uint32{5}, ""},
		{"missing seal", false, map[string]string{"hmac": hexKey}, nil, "NSOR_SEAL_KEY"},
		{"bad hex", false, map[string]string{"hmac": "xyz", "seal": other}, nil, "NSOR_HMAC_KEY"},
		{"bad entry", false, map[string]string{"hmac": "1:" + hexKey, "seal": other}, nil, `"1:…"`},
		{"duplicate", false, map[string]string{"hmac": "v1:" + hexKey + ",v1:" + other, "seal": other}, nil, "twice"},
		{"empty", false, map[string]string{"hmac": " ", "seal": other}, nil, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := ""
			if tt.dir {
				dir = initDir(t)
			}
			kr, err := LoadWith(dir, tt.over)
			if tt.versions == nil {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("LoadWith(%s) = %v, want an error containing %q", tt.name, err, tt.want)
				}
				if err != nil && strings.Contains(err.Error(), hexKey[8:]) {
					t.Errorf("LoadWith(%s) error %q carries key material", tt.name, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadWith(%s) = %v, want nil", tt.name, err)
			}
			if got := kr.HMACVersions(); !slices.Equal(got, tt.versions) {
				t.Errorf("LoadWith(%s).HMACVersions() = %v, want %v", tt.name, got, tt.versions)
			}
		})
	}
}

func TestRotateOverriddenRefused(t *testing.T) {
	kr, err := LoadWith("", map[string]string{"hmac": hexKey, "seal": hexKey})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Rotate(PurposeHMAC, nil); err == nil || !strings.Contains(err.Error(), "NSOR_HMAC_KEY") {
		t.Errorf("Rotate(hmac) on overridden keys = %v, want an error naming NSOR_HMAC_KEY", err)
	}
}

func TestEnvName(t *testing.T) {
	for purpose, want := range map[string]string{"hmac": "NSOR_HMAC_KEY", "seal": "NSOR_SEAL_KEY"} {
		if got := EnvName(purpose); got != want {
			t.Errorf("EnvName(%q) = %q, want %q", purpose, got, want)
		}
	}
}

func TestStringHidesKeys(t *testing.T) {
	kr, err := LoadWith("", map[string]string{"hmac": hexKey, "seal": hexKey})
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x"} {
		out := fmt.Sprintf(verb, kr)
		if strings.Contains(out, "0102030405") || strings.Contains(out, "[0 1 2 3") || strings.Contains(out, "1 2 3 4 5") {
			t.Errorf("Sprintf(%q, kr) = %q, want no key material", verb, out)
		}
	}
	if got, want := kr.String(), "keys.Keyring{hmac[1] seal[1]}"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
