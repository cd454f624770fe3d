package keys

import "testing"

// TestTagAllCoversEveryVersion: after two rotations, TagAll gives the tag
// under versions 1, 2 and 3, each equal to TagWith's, so that a search finds
// records written under any of them.
func TestTagAllCoversEveryVersion(t *testing.T) {
	dir := initDir(t)
	kr, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := kr.Rotate(PurposeHMAC, &counter{n: 3}); err != nil {
			t.Fatal(err)
		}
	}
	got := kr.TagAll("cnic", "9123456789012")
	if len(got) != 3 {
		t.Fatalf("TagAll(cnic, ...) = %d tags, want 3", len(got))
	}
	for i, tg := range got {
		want, err := kr.TagWith(uint32(i+1), "cnic", "9123456789012")
		if err != nil || tg != want {
			t.Errorf("TagAll(cnic, ...)[%d] = v%d %x, want TagWith(%d) = v%d %x", i, tg.KeyVersion, tg.MAC, i+1, want.KeyVersion, want.MAC)
		}
	}
	if cur := kr.Tag("cnic", "9123456789012"); got[2] != cur {
		t.Errorf("TagAll(cnic, ...)[2] = v%d, want the current tag v%d", got[2].KeyVersion, cur.KeyVersion)
	}
}
