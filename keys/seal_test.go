package keys

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

func TestSealOpen(t *testing.T) {
	kr, _ := LoadWith("", map[string]string{"hmac": hexKey, "seal": hexKey})
	plain := []byte("12345678901234567890")
	a, err := kr.Seal(plain)
	if err != nil {
		t.Fatalf("Seal = %v", err)
	}
	b, _ := kr.Seal(plain)
	if bytes.Equal(a, b) {
		t.Errorf("Seal(x) twice = equal values, want different nonces")
	}
	if bytes.Contains(a, plain) {
		t.Errorf("Seal(x) = %x, holds x in clear", a)
	}
	if v := binary.BigEndian.Uint32(a); v != 1 {
		t.Errorf("Seal(x) version header = %d, want 1", v)
	}
	got, err := kr.Open(a)
	if err != nil || !bytes.Equal(got, plain) {
		t.Errorf("Open(Seal(x)) = %q, %v, want %q, nil", got, err, plain)
	}
	empty, _ := kr.Seal(nil)
	if got, err := kr.Open(empty); err != nil || len(got) != 0 {
		t.Errorf("Open(Seal(nil)) = %q, %v, want empty, nil", got, err)
	}
}

// TestOpenTampered flips each byte of a sealed value in turn, header, nonce,
// ciphertext and tag: every one must be refused.
func TestOpenTampered(t *testing.T) {
	kr, _ := LoadWith("", map[string]string{"hmac": hexKey, "seal": "v1:" + hexKey + ",v2:" + hexKey[2:] + "20"})
	sealed, err := kr.Seal([]byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range sealed {
		bad := bytes.Clone(sealed)
		bad[i] ^= 0x01
		if got, err := kr.Open(bad); err == nil {
			t.Errorf("Open(sealed with byte %d flipped) = %q, nil, want an error", i, got)
		}
	}
	for _, n := range []int{0, 4, len(sealed) - 1} {
		if _, err := kr.Open(sealed[:n]); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Open(first %d bytes) = %v, want ErrCorrupt", n, err)
		}
	}
}

func TestSealRotation(t *testing.T) {
	dir := initDir(t)
	kr, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := kr.Seal([]byte("before"))
	if _, err := kr.Rotate(PurposeSeal, &counter{n: 33}); err != nil {
		t.Fatal(err)
	}
	cur, _ := kr.Seal([]byte("after"))
	if v := binary.BigEndian.Uint32(cur); v != 2 {
		t.Errorf("Seal after Rotate: version header = %d, want 2", v)
	}
	reloaded, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for sealed, want := range map[*[]byte]string{&old: "before", &cur: "after"} {
		if got, err := reloaded.Open(*sealed); err != nil || string(got) != want {
			t.Errorf("Open(sealed %q) after rotation = %q, %v, want %q, nil", want, got, err, want)
		}
	}
	// A value sealed under a version the keyring no longer holds.
	onlyV1, _ := LoadWith("", map[string]string{"hmac": hexKey, "seal": hexKey})
	if _, err := onlyV1.Open(cur); !errors.Is(err, ErrUnknownVersion) {
		t.Errorf("Open(v2 value) with only v1 = %v, want ErrUnknownVersion", err)
	}
}
