package sqlstore

import (
	"nsor"
)

// SignInSource returns what is known of a user's sign-ins from a source.
func (t *tx) SignInSource(userID int64, source string) (*nsor.SignInSource, error) {
	s := &nsor.SignInSource{UserID: userID, Source: source}
	err := t.one("signin_source", func(r scanner) error {
		return r.Scan(&s.Known, &s.Failures, instant{&s.LastFailure}, instant{&s.LockedUntil})
	}, "SELECT known, failures, last_failure, locked_until FROM signin_sources WHERE user_id = ? AND source = ?", userID, source)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// PutSignInSource stores s in place of the row for its user and source. Both
// databases read ON CONFLICT ... DO UPDATE alike (SQLite since 3.24).
func (t *tx) PutSignInSource(s *nsor.SignInSource) error {
	_, err := t.exec("INSERT INTO signin_sources (user_id, source, known, failures, last_failure, locked_until) "+
		"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, source) DO UPDATE SET known = excluded.known, "+
		"failures = excluded.failures, last_failure = excluded.last_failure, locked_until = excluded.locked_until",
		s.UserID, s.Source, s.Known, s.Failures, ms(s.LastFailure), ms(s.LockedUntil))
	return err
}
