package keys

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// parseOverride reads the keys of one purpose as a deployment supplies them:
// either one key in hex (version 1), or comma-separated "v<N>:<hex>" entries
// so that a deployment can rotate too, e.g. "v1:<hex>,v2:<hex>".
func parseOverride(s string) (map[uint32]key, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("empty")
	}
	ks := map[uint32]key{}
	if !strings.Contains(s, ":") {
		k, err := parseHexKey(s)
		if err != nil {
			return nil, err
		}
		ks[1] = k
		return ks, nil
	}
	for entry := range strings.SplitSeq(s, ",") {
		vs, h, ok := strings.Cut(strings.TrimSpace(entry), ":")
		v, err := strconv.ParseUint(strings.TrimPrefix(vs, "v"), 10, 32)
		if !ok || !strings.HasPrefix(vs, "v") || err != nil || v == 0 {
			return nil, fmt.Errorf(`entry %q is not "v<version>:<hex>"`, redact(entry))
		}
		if _, dup := ks[uint32(v)]; dup {
			return nil, fmt.Errorf("version %d given twice", v)
		}
		k, err := parseHexKey(h)
		if err != nil {
			return nil, fmt.Errorf("v%d: %w", v, err)
		}
		ks[uint32(v)] = k
	}
	return ks, nil
}

// redact keeps the version part of an entry and hides the key, so that an
// error message never carries key material into a log.
func redact(entry string) string {
	if v, _, ok := strings.Cut(entry, ":"); ok {
		return v + ":…"
	}
	return "…"
}
