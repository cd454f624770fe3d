// Package keystest makes key rings for tests.
package keystest

import (
	"testing"

	"nsor/keys"
)

// Init makes a key ring in dir, as "nsor keys init" does, and loads it;
// any error fails t.
func Init(t testing.TB, dir string) *keys.Keyring {
	t.Helper()
	if err := keys.Init(dir, nil); err != nil {
		t.Fatal(err)
	}
	kr, err := keys.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return kr
}
