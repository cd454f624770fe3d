package sqlstore

import (
	"time"

	"nsor"
)

const tokenCols = "id, user_id, kind, name, scopes, hash, cred_version, created_at, expires_at, revoked_at"

func scanToken(tk *nsor.Token) func(scanner) error {
	return func(s scanner) error {
		return s.Scan(&tk.ID, &tk.UserID, &tk.Kind, &tk.Name, asJSON(&tk.Scopes), &tk.Hash, &tk.CredVersion,
			instant{&tk.CreatedAt}, instant{&tk.ExpiresAt}, instant{&tk.RevokedAt})
	}
}

// CreateToken stores tk (only the hash of its secret) and sets tk.ID.
func (t *tx) CreateToken(tk *nsor.Token) error {
	newID, err := t.insertUnique("INSERT INTO tokens (user_id, kind, name, scopes, hash, cred_version, created_at, expires_at, revoked_at) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		tk.UserID, tk.Kind, tk.Name, asJSON(&tk.Scopes), tk.Hash, tk.CredVersion,
		ms(tk.CreatedAt), ms(tk.ExpiresAt), ms(tk.RevokedAt))
	if err != nil {
		return t.conflict(err, "token.duplicate", "A token with this secret exists already.")
	}
	tk.ID = newID
	return nil
}

// TokenByHash returns the token whose secret hashes to hash.
func (t *tx) TokenByHash(hash []byte) (*nsor.Token, error) {
	tk := &nsor.Token{}
	if err := t.one("token", scanToken(tk), "SELECT "+tokenCols+" FROM tokens WHERE hash = ?", hash); err != nil {
		return nil, err
	}
	return tk, nil
}

// Token returns the token with the ID.
func (t *tx) Token(id int64) (*nsor.Token, error) {
	tk := &nsor.Token{}
	if err := t.one("token", scanToken(tk), "SELECT "+tokenCols+" FROM tokens WHERE id = ?", id); err != nil {
		return nil, err
	}
	return tk, nil
}

// Tokens lists the user's tokens, revoked ones too, in order of ID.
func (t *tx) Tokens(userID int64) ([]*nsor.Token, error) {
	var out []*nsor.Token
	err := t.each("token", func(s scanner) error {
		tk := &nsor.Token{}
		out = append(out, tk)
		return scanToken(tk)(s)
	}, "SELECT "+tokenCols+" FROM tokens WHERE user_id = ? ORDER BY id", userID)
	return out, err
}

// RevokeToken revokes the token at the instant. Revoking it again keeps the
// first instant: that is when it stopped working.
func (t *tx) RevokeToken(id int64, at time.Time) error {
	n, err := t.exec("UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", ms(at), id)
	if err != nil {
		return err
	}
	if n == 0 {
		return nsor.NotFound("token")
	}
	return nil
}
