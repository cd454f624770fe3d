package sqlstore

import (
	"context"
	"strings"
	"time"

	"nsor"
)

const tokenCols = "id, user_id, kind, name, scopes, hash, cred_version, created_at, expires_at, revoked_at, idle_until"

// tokenUserSQL reads a token and its user in one statement.
var tokenUserSQL = "SELECT t." + strings.ReplaceAll(tokenCols, ", ", ", t.") + ", " + userCols +
	" FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?"

// tokenDests are where a row of tokenCols is scanned to.
func tokenDests(tk *nsor.Token) []any {
	return []any{&tk.ID, &tk.UserID, &tk.Kind, &tk.Name, asJSON(&tk.Scopes), &tk.Hash, &tk.CredVersion,
		instant{&tk.CreatedAt}, instant{&tk.ExpiresAt}, instant{&tk.RevokedAt}, instant{&tk.IdleUntil}}
}

func scanToken(tk *nsor.Token) func(scanner) error {
	return func(s scanner) error { return s.Scan(tokenDests(tk)...) }
}

// CreateToken stores tk (only the hash of its secret) and sets tk.ID.
func (t *tx) CreateToken(tk *nsor.Token) error {
	newID, err := t.insertUnique("INSERT INTO tokens (user_id, kind, name, scopes, hash, cred_version, created_at, expires_at, revoked_at, idle_until) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		tk.UserID, tk.Kind, tk.Name, asJSON(&tk.Scopes), tk.Hash, tk.CredVersion,
		ms(tk.CreatedAt), ms(tk.ExpiresAt), ms(tk.RevokedAt), ms(tk.IdleUntil))
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

// TokenUser returns the token whose secret hashes to hash and its user, read
// in one statement on the readers' pool, outside any transaction: one
// statement sees one state of the database by itself, so the pair is
// consistent, and on PostgreSQL the read is one round trip instead of the
// four of a transaction around two statements. It implements
// nsor.CredentialReader.
func (db *DB) TokenUser(ctx context.Context, hash []byte) (*nsor.Token, *nsor.User, error) {
	select {
	case <-db.quit:
		return nil, nil, ErrClosed
	default:
	}
	tk, u := &nsor.Token{}, &nsor.User{}
	t := &tx{ctx: ctx, q: sqlQuerier{r: db.read, d: db.d, cache: db.readStmts}, d: db.d, readOnly: true}
	err := t.one("token", func(s scanner) error {
		return s.Scan(append(tokenDests(tk), userDests(u)...)...)
	}, tokenUserSQL, hash)
	t.finish()
	if db.readStmts.pending() {
		db.readStmts.prepareWanted(ctx)
	}
	if err != nil {
		return nil, nil, outage(err)
	}
	return tk, u, nil
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
	out, err := list(t, "token", scanToken, "SELECT "+tokenCols+" FROM tokens WHERE user_id = ? ORDER BY id", userID)
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

// TouchToken moves the idle limit of a session on to until; a limit already
// later (a concurrent use) is kept, and a revoked token is left alone.
func (t *tx) TouchToken(id int64, until time.Time) error {
	_, err := t.exec("UPDATE tokens SET idle_until = ? WHERE id = ? AND idle_until < ? AND revoked_at IS NULL", ms(until), id, ms(until))
	return err
}
