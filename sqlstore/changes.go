package sqlstore

// bumpChange raises the change sequence of a kind of cached data, in the
// transaction that changes it (migrations/0005_changes.sql).
func (t *tx) bumpChange(name string) error {
	_, err := t.exec("UPDATE change_seqs SET seq = seq + 1 WHERE name = ?", name)
	return err
}

// ChangeSeq reads the change sequence of a kind of cached data.
func (t *tx) ChangeSeq(name string) (int64, error) {
	var n int64
	err := t.one("change sequence", func(s scanner) error { return s.Scan(&n) },
		"SELECT seq FROM change_seqs WHERE name = ?", name)
	return n, err
}
