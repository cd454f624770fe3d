// Package demo fills an empty nsor database with synthetic data, so that
// every screen of a demo server has something on it.
//
// Everything is done through the Service's own methods, as the people of the
// procedure would do it: an administrator creates stations and users, one
// registrar enters records and another checks them, officers enter FIRs and
// file requests, prosecutors verify and release, analysts search, answer and
// confirm. Every act is therefore validated and audited exactly as in
// production, and the demo shows what the rules allow, never a shortcut.
//
// The data is synthetic and looks it (README.md; docs/identity.md#cnics): names are
// drawn from common name parts, every CNIC begins with 9 (a province code no
// real card carries), stations are marked "(synthetic)", and every block of
// printed output starts with "SYNTHETIC DATA — demo only".
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"nsor"
)

// Banner starts every block of printed output.
const Banner = "SYNTHETIC DATA — demo only"

// Account is a seeded user with the credentials the service generated for
// them, shown once.
type Account struct {
	User         *nsor.User
	Jurisdiction *nsor.Jurisdiction
	Password     string
	TOTPSecret   string
}

// Match is an accused of a seeded FIR who is a register record (Band
// likely, on Basis) or only shares its name (Band possible), so that tests
// and the README can point at what an analyst will find.
type Match struct {
	FIRID     int64
	AccusedID int64
	RecordID  int64
	Band      nsor.Band
	Basis     nsor.Basis
}

// Seeded is what Seed created.
type Seeded struct {
	// Users maps each username to its account.
	Users map[string]Account
	// Stations are the synthetic police stations, in creation order.
	Stations []*nsor.Jurisdiction
	// Records are the checked (active) register records; PendingRecords
	// await a second registrar.
	Records        []int64
	PendingRecords []int64
	FIRs           []int64
	// Requests lists the requests by the state Seed left them in.
	Requests map[nsor.State][]int64
	Matches  []Match
}

// Actor returns the actor of a seeded user, as a command on the server
// would act for them (no token), or nil for an unknown username.
func (s *Seeded) Actor(username string) *nsor.Actor {
	acc, ok := s.Users[username]
	if !ok {
		return nil
	}
	return &nsor.Actor{User: acc.User, Jurisdiction: acc.Jurisdiction, Source: "cli", Operator: &nsor.Operator{Name: "demo"}}
}

// Services is what the demo's seeding asks of nsor: the user-facing
// services, and the console's bootstrap of the first administrator.
type Services interface {
	nsor.App
	nsor.Console
}

// Seed fills an empty database, whose hierarchy svc.SeedJurisdictions has
// created, with synthetic stations, users of every role, register records,
// FIRs and requests in every state an officer meets, and writes the users'
// credentials and a guide to the seeded cases to w (nil discards them).
//
// Everything is drawn from rnd except what the service randomises itself
// (passwords, TOTP secrets), so one seed gives one data set. store is used
// only to read the hierarchy. Seed refuses a database that has users
// already (user.bootstrap_done). It is not atomic: each act commits on its
// own, so after an error start again from an empty database.
func Seed(ctx context.Context, svc Services, store nsor.Store, rnd *rand.Rand, w io.Writer) (*Seeded, error) {
	if w == nil {
		w = io.Discard
	}
	s := &seeder{ctx: ctx, svc: svc, store: store, rnd: rnd,
		out:  &Seeded{Users: map[string]Account{}, Requests: map[nsor.State][]int64{}},
		used: map[string]bool{}, nameKeys: map[string]bool{}, samples: map[int]*recordSamples{}}
	for _, step := range []func() error{s.loadJurisdictions, s.bootstrap, s.createStations, s.createUsers,
		s.enterRecords, s.enterFIRs, s.driveRequests} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if err := s.print(w); err != nil {
		return nil, fmt.Errorf("demo: write credentials: %w", err)
	}
	return s.out, nil
}

// seeder carries the state of one Seed run.
type seeder struct {
	ctx   context.Context
	svc   Services
	store nsor.Store
	rnd   *rand.Rand
	out   *Seeded

	// today is the service's clock at bootstrap, read from the admin's
	// creation time: dates must not be in the service's future, and the
	// service does not export its clock.
	today time.Time

	// samples are the stored biometric samples of the records that have
	// them, by record index; noSamples says the service reads none.
	samples   map[int]*recordSamples
	noSamples bool

	juris     map[string]*nsor.Jurisdiction // by code
	byID      map[int64]*nsor.Jurisdiction
	stations  map[string][]*nsor.Jurisdiction // district code -> stations
	usernames []string                        // in creation order, for printing

	used     map[string]bool // CNICs, FIR keys, biometric refs already drawn
	nameKeys map[string]bool // name keys of the register, so fresh accused miss it
	records  []*record
	cases    []*caseSpec
	lines    []requestLine
}

// jurisdictionCodes are the seeded nodes the demo hangs its users on.
var jurisdictionCodes = []string{"PK", "PB", "PB-LHR", "PB-LHR-LHR", "PB-RWP-RWP", "PB-FSD-FSD"}

func (s *seeder) loadJurisdictions() error {
	s.juris, s.byID, s.stations = map[string]*nsor.Jurisdiction{}, map[int64]*nsor.Jurisdiction{}, map[string][]*nsor.Jurisdiction{}
	return s.store.View(s.ctx, func(tx nsor.Tx) error {
		for _, code := range jurisdictionCodes {
			j, err := tx.JurisdictionByCode(code)
			if err != nil {
				return fmt.Errorf("demo: jurisdiction %s (run SeedJurisdictions first): %w", code, err)
			}
			s.juris[code], s.byID[j.ID] = j, j
		}
		return nil
	})
}

// actor returns the actor of a user seeded earlier in this run.
func (s *seeder) actor(username string) *nsor.Actor {
	a := s.out.Actor(username)
	if a == nil {
		panic("demo: no seeded user " + username) // a bug in this package's plan
	}
	return a
}

// describe adds the fields that a refusal names to its message: a refused
// seed step is a fault in this package's data, and the field says where.
func describe(err error) error {
	var e *nsor.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return fmt.Errorf("%w [%s]", err, strings.Join(parts, "; "))
}

func (s *seeder) pick(list []string) string { return list[s.rnd.IntN(len(list))] }

// chance is true pct times in a hundred.
func (s *seeder) chance(pct int) bool { return s.rnd.IntN(100) < pct }

// between returns a day from a to b inclusive (a when b is not after a).
func (s *seeder) between(a, b time.Time) time.Time {
	days := int(b.Sub(a).Hours() / 24)
	if days <= 0 {
		return a
	}
	return a.AddDate(0, 0, s.rnd.IntN(days+1))
}

func day(t time.Time) nsor.Date { return nsor.Date(t.Format(time.DateOnly)) }
