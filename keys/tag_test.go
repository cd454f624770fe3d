package keys

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
)

// TestTagKnownAnswer pins Tag to HMAC-SHA256 (RFC 2104) of kind || 0x00 ||
// value, computed here independently and pinned as hex (the same value
// Python's hmac module gives).
func TestTagKnownAnswer(t *testing.T) {
	kr, err := LoadWith("", map[string]string{"hmac": hexKey, "seal": hexKey})
	if err != nil {
		t.Fatal(err)
	}
	const pinned = "8a35bb3ab640f24372d7c66096f5b2b3e88bd0e31973ee5f5875218feadea466"
	key, _ := hex.DecodeString(hexKey)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("cnic\x009123456789012"))
	if independent := hex.EncodeToString(mac.Sum(nil)); independent != pinned {
		t.Fatalf("HMAC-SHA256 by the standard library = %s, want %s", independent, pinned)
	}
	got := kr.Tag("cnic", "9123456789012")
	if hex.EncodeToString(got.MAC[:]) != pinned || got.Kind != "cnic" || got.KeyVersion != 1 {
		t.Errorf("Tag(cnic, 9123456789012) = {%s v%d %x}, want {cnic v1 %s}", got.Kind, got.KeyVersion, got.MAC, pinned)
	}
}

// The separator keeps kind and value apart: moving a byte across it changes
// the tag.
func TestTagSeparatesKindAndValue(t *testing.T) {
	kr, _ := LoadWith("", map[string]string{"hmac": hexKey, "seal": hexKey})
	if a, b := kr.Tag("cnic", "1"), kr.Tag("cnic1", ""); a.MAC == b.MAC {
		t.Errorf("Tag(cnic, 1).MAC = Tag(cnic1, \"\").MAC = %x, want them different", a.MAC)
	}
	if _, err := kr.TagWith(1, "ci\x00nic", "1"); err == nil {
		t.Errorf("TagWith(1, kind with NUL, 1) = nil error, want an error")
	}
}

func TestTagRotation(t *testing.T) {
	dir := initDir(t)
	kr, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	old := kr.Tag("name", "Ali Raza")
	if _, err := kr.Rotate(PurposeHMAC, &counter{n: 9}); err != nil {
		t.Fatal(err)
	}
	cur := kr.Tag("name", "Ali Raza")
	if cur.KeyVersion != 2 || cur.MAC == old.MAC {
		t.Errorf("Tag after Rotate = v%d %x, want v2 and a MAC other than v1's %x", cur.KeyVersion, cur.MAC, old.MAC)
	}
	again, err := kr.TagWith(1, "name", "Ali Raza")
	if err != nil || again != old {
		t.Errorf("TagWith(1, name, Ali Raza) = %x, %v, want %x, nil", again.MAC, err, old.MAC)
	}
	if _, err := kr.TagWith(3, "name", "Ali Raza"); !errors.Is(err, ErrUnknownVersion) {
		t.Errorf("TagWith(3, ...) = %v, want ErrUnknownVersion", err)
	}
}
