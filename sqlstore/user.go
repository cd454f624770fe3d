package sqlstore

import (
	"nsor"
)

const userCols = "u.id, u.username, u.name, u.rank_title, u.belt_number, u.role, u.jurisdiction_id, u.disabled, " +
	"u.created_at, u.password_hash, u.totp_sealed, u.totp_last_step, u.failures, u.locked_until, u.cred_version, " +
	"u.kind, u.scopes, u.must_change_password, u.gender"

// userDests are where a row of userCols is scanned to.
func userDests(u *nsor.User) []any {
	return []any{&u.ID, &u.Username, &u.Name, &u.Rank, &u.BeltNumber, &u.Role, &u.JurisdictionID, &u.Disabled,
		instant{&u.CreatedAt}, &u.PasswordHash, &u.TOTPSealed, &u.TOTPLastStep, &u.Failures, instant{&u.LockedUntil},
		&u.CredVersion, &u.Kind, asJSON(&u.Scopes), &u.MustChangePassword, &u.Gender}
}

func scanUser(u *nsor.User) func(scanner) error {
	return func(s scanner) error { return s.Scan(userDests(u)...) }
}

func usernameTaken(err error, t *tx) error {
	return t.conflict(err, "user.username_taken", "This username is taken; choose another.")
}

// CreateUser stores u and sets u.ID.
func (t *tx) CreateUser(u *nsor.User) error {
	newID, err := t.insertUnique("INSERT INTO users (username, name, rank_title, belt_number, role, jurisdiction_id, disabled, "+
		"created_at, password_hash, totp_sealed, totp_last_step, failures, locked_until, cred_version, kind, scopes, "+
		"must_change_password, gender) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		u.Username, u.Name, u.Rank, u.BeltNumber, u.Role, u.JurisdictionID, u.Disabled,
		ms(u.CreatedAt), u.PasswordHash, u.TOTPSealed, u.TOTPLastStep, u.Failures, ms(u.LockedUntil), u.CredVersion,
		userKind(u), asJSON(&u.Scopes), u.MustChangePassword, u.Gender)
	if err != nil {
		return usernameTaken(err, t)
	}
	u.ID, u.Kind = newID, userKind(u)
	return nil
}

// userKind is u's kind as stored: a user made without one is a person, as
// every user was before service accounts.
func userKind(u *nsor.User) nsor.UserKind {
	if u.Kind == "" {
		return nsor.UserPerson
	}
	return u.Kind
}

// UpdateUser stores every field of u but its ID, creation time and kind: a
// person never becomes a service account, nor the other way round.
func (t *tx) UpdateUser(u *nsor.User) error {
	n, err := t.execMayConflict("UPDATE users SET username = ?, name = ?, rank_title = ?, belt_number = ?, role = ?, "+
		"jurisdiction_id = ?, disabled = ?, password_hash = ?, totp_sealed = ?, totp_last_step = ?, failures = ?, "+
		"locked_until = ?, cred_version = ?, scopes = ?, must_change_password = ?, gender = ? WHERE id = ?",
		u.Username, u.Name, u.Rank, u.BeltNumber, u.Role, u.JurisdictionID, u.Disabled, u.PasswordHash,
		u.TOTPSealed, u.TOTPLastStep, u.Failures, ms(u.LockedUntil), u.CredVersion, asJSON(&u.Scopes), u.MustChangePassword, u.Gender, u.ID)
	if err != nil {
		return usernameTaken(err, t)
	}
	if n == 0 {
		return nsor.NotFound("user")
	}
	return nil
}

// User returns the user with the ID.
func (t *tx) User(id int64) (*nsor.User, error) {
	u := &nsor.User{}
	if err := t.one("user", scanUser(u), "SELECT "+userCols+" FROM users u WHERE u.id = ?", id); err != nil {
		return nil, err
	}
	return u, nil
}

// UserByUsername returns the user with the username, exactly as stored.
func (t *tx) UserByUsername(username string) (*nsor.User, error) {
	u := &nsor.User{}
	if err := t.one("user", scanUser(u), "SELECT "+userCols+" FROM users u WHERE u.username = ?", username); err != nil {
		return nil, err
	}
	return u, nil
}

// Users lists the users f selects, in order of ID.
func (t *tx) Users(f nsor.UserFilter) ([]*nsor.User, error) {
	var w where
	if f.Role != "" {
		w.add("u.role = ?", f.Role)
	}
	if len(f.Roles) > 0 {
		inValues(&w, "u.role", f.Roles)
	}
	if len(f.JurisdictionIDs) > 0 {
		w.in("u.jurisdiction_id", f.JurisdictionIDs)
	}
	if f.UnderPath != "" {
		var sub where
		sub.under("path", f.UnderPath)
		w.add("u.jurisdiction_id IN (SELECT id FROM jurisdictions"+sub.sql()+")", sub.args...)
	}
	if !f.IncludeDisabled {
		w.add("NOT u.disabled")
	}
	if f.AfterID != 0 {
		w.add("u.id > ?", f.AfterID)
	}
	q := "SELECT " + userCols + " FROM users u" + w.sql() + " ORDER BY u.id"
	q += w.limit(f.Limit)
	return list(t, "user", scanUser, q, w.args...)
}
