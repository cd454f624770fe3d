package storetest

import (
	"testing"
	"time"

	"nsor"
)

// testSignInSources: a user's sign-in sources are kept apart per source,
// read back as stored (every field, instants to the millisecond), replaced
// in place, and cleared instants read back as zero.
func testSignInSources(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	u := newUser("io.sources", nsor.RoleIO, w.lahore.ID)
	office := &nsor.SignInSource{Source: "203.0.113.7", Known: true, Failures: 3, LastFailure: at(1), LockedUntil: at(11)}
	others := &nsor.SignInSource{Source: nsor.UnknownSources, Failures: 7, LastFailure: at(2)}
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.CreateUser(u); err != nil {
			return err
		}
		office.UserID, others.UserID = u.ID, u.ID
		if err := tx.PutSignInSource(office); err != nil {
			return err
		}
		return tx.PutSignInSource(others)
	})
	wantAllSet(t, "SignInSource", office)
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.SignInSource(u.ID, office.Source)
		if err != nil {
			t.Fatalf("SignInSource(office) = %v", err)
		}
		same(t, "SignInSource(office)", got, office)
		got, err = tx.SignInSource(u.ID, nsor.UnknownSources)
		if err != nil {
			t.Fatalf("SignInSource(*) = %v", err)
		}
		same(t, "SignInSource(*)", got, others)
		_, err = tx.SignInSource(u.ID, "198.51.100.1")
		wantNotFound(t, "SignInSource(never seen)", err, "signin_source")
		return nil
	})
	office.Failures, office.LastFailure, office.LockedUntil = 0, time.Time{}, time.Time{}
	update(t, s, func(tx nsor.Tx) error { return tx.PutSignInSource(office) })
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.SignInSource(u.ID, office.Source)
		if err != nil {
			t.Fatalf("SignInSource(office) after Put = %v", err)
		}
		same(t, "SignInSource(office) after Put", got, office)
		if got, _ := tx.SignInSource(u.ID, nsor.UnknownSources); got == nil || got.Failures != 7 {
			t.Errorf("SignInSource(*) after Put(office) = %+v, want it unchanged", got)
		}
		return nil
	})
}
