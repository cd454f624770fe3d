package web

import "testing"

// TestFieldAt: the field holding the first invalid byte of a body is named
// as the domain names fields, through objects and arrays.
func TestFieldAt(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"name":"a` + "\xff" + `"}`, "name"},
		{`{"number":"1","accused":[{"name":"ok"},{"name":"x","address":"` + "\xfe" + `"}]}`, "accused[1].address"},
		{`{"record":{"aliases":["ok","` + "\xff" + `"],"name":"n"},"reason":"r"}`, "record.aliases[1]"},
		{`{"a":[[1,2],["` + "\xff" + `"]]}`, "a[1][0]"},
		{`{"a":{"b":{}},"c":"` + "\xff" + `"}`, "c"},
		{`{"` + "\xff" + `":1}`, "body"},
		{`["` + "\xff" + `"]`, "[0]"},
	}
	for _, tt := range tests {
		b := []byte(tt.body)
		if got := fieldAt(b, invalidAt(b)); got != tt.want {
			t.Errorf("fieldAt(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}
