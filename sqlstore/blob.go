package sqlstore

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"nsor"
)

// PutBlob stores b under the SHA-256 of its bytes, setting b.SHA256 and b.Size
// when they are empty. A hash given that does not match the bytes is refused:
// the address must be the content. Storing the same content again is a no-op.
func (t *tx) PutBlob(b *nsor.Blob) error {
	sum := sha256.Sum256(b.Data)
	h := hex.EncodeToString(sum[:])
	if b.SHA256 != "" && b.SHA256 != h {
		return nsor.Internalf(fmt.Errorf("given %s, content hashes to %s", b.SHA256, h), "sqlstore: put blob")
	}
	b.SHA256, b.Size = h, int64(len(b.Data))
	_, err := t.exec("INSERT INTO blobs (sha256, type, size, data) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
		b.SHA256, b.Type, b.Size, b.Data)
	return err
}

// Blob returns the file with the SHA-256 (lower-case hex).
func (t *tx) Blob(sha string) (*nsor.Blob, error) {
	b := &nsor.Blob{}
	err := t.one("blob", func(s scanner) error {
		return s.Scan(&b.SHA256, &b.Type, &b.Size, &b.Data)
	}, "SELECT sha256, type, size, data FROM blobs WHERE sha256 = ?", sha)
	if err != nil {
		return nil, err
	}
	if b.Data == nil {
		b.Data = []byte{}
	}
	return b, nil
}
