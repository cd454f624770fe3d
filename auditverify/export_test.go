package auditverify

import (
	"context"

	"golang.org/x/mod/sumdb/tlog"
)

// RecomputedTree verifies and returns the tree the verifier recomputed from
// the records, for the cross-check with another RFC 6962 implementation.
func (d *DB) RecomputedTree(ctx context.Context, opts Options) (*Report, tlog.HashReader, error) {
	r, err := d.verify(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	return r.rep, &r.hashes, nil
}
