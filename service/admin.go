package service

import (
	"context"
	"encoding/base64"
	"nsor"
	"nsor/auditrec"
	"regexp"
	"slices"
	"strings"
)

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

// requireRole refuses an actor without one of roles. Outside requests, which
// hide what a user may not see, the answer is 403: the capability exists, the
// actor lacks it.
func requireRole(a *nsor.Actor, roles ...nsor.Role) error {
	if a == nil || a.User == nil || !slices.Contains(roles, a.User.Role) {
		return nsor.Errorf(nsor.KindForbidden, "auth.forbidden", "Your role does not allow this.")
	}
	return nil
}

// requireScope refuses a token that does not carry scope, and every scope to
// a person who must first change the password an administrator saw.
func requireScope(a *nsor.Actor, scope string) error {
	if a != nil && a.Token != nil && a.User != nil && a.User.MustChangePassword {
		return errChangePasswordFirst()
	}
	if a != nil && a.Token != nil && !a.Token.Allows(scope) {
		return nsor.Errorf(nsor.KindForbidden, "auth.scope", "This token does not carry the scope %q.", scope)
	}
	return nil
}

// Bootstrap creates the first administrator of an installation. It is for
// the `nsor admin bootstrap` command on the server and is refused once an
// administrator exists.
func (s *Service) Bootstrap(ctx context.Context, op nsor.Operator, in nsor.NewUser) (*nsor.User, *nsor.Credentials, error) {
	in.Role = nsor.RoleAdmin
	return s.createUser(ctx, nsor.ConsoleActor(op), in, true)
}

// CreateUser creates an account at once (administrators only): any role at
// the server's console, over the API only a role that needs no second
// administrator (AddUser proposes the others).
func (s *Service) CreateUser(ctx context.Context, a *nsor.Actor, in nsor.NewUser) (*nsor.User, *nsor.Credentials, error) {
	if in.Role.Privileged() && !atConsole(a) {
		return nil, nil, s.refused(ctx, s.record(a, "user.create"), errApprovalRequired())
	}
	return s.createUser(ctx, a, in, false)
}

func errChangePasswordFirst() *nsor.Error {
	return nsor.Errorf(nsor.KindForbidden, "auth.password_change_required",
		"Choose your own password first (POST /api/v1/me/password): the one you were given was seen by an administrator.")
}

func errApprovalRequired() *nsor.Error {
	return nsor.Errorf(nsor.KindForbidden, "approval.required", "This needs a second administrator's approval; propose it instead.")
}

// AddUser creates an account (administrators only) or, for a role that reads
// the register, releases records or administers (Role.Privileged), proposes
// it for a second administrator's approval: the password and second factor
// are then made on approval and shown once, to the approver, so that neither
// administrator alone holds them (docs/adr/0014-no-impersonation.md).
func (s *Service) AddUser(ctx context.Context, a *nsor.Actor, in nsor.NewUser) (*nsor.AccountResult, error) {
	if !in.Role.Privileged() || atConsole(a) {
		u, creds, err := s.createUser(ctx, a, in, false)
		return &nsor.AccountResult{User: u, Credentials: creds}, err
	}
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	var p *nsor.Approval
	err := s.do(ctx, a, "user.create", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := requireAdmin(a); err != nil {
			return err
		}
		if err := nsor.CheckFields(in); err != nil { // the proposal keeps it, and its approval makes the account
			return err
		}
		if in.Password != "" {
			return nsor.Invalid("password", "user.password_with_approval",
				"This account's password is made when a second administrator approves it, and shown once to them; do not give one.")
		}
		if err := validateNewUser(in, "-"); err != nil {
			return err
		}
		if _, err := tx.UserByUsername(in.Username); err == nil {
			return nsor.Errorf(nsor.KindConflict, "user.username_taken", "This username is taken; choose another.")
		}
		if err := s.checkJurisdictionFits(tx, in.Role, in.JurisdictionID); err != nil {
			return err
		}
		var err error
		p, err = s.propose(tx, a, rec, nsor.ApproveUserCreate, 0, in)
		detail(rec, "role", in.Role)
		return err
	})
	return &nsor.AccountResult{Approval: p}, err
}

func (s *Service) createUser(ctx context.Context, a *nsor.Actor, in nsor.NewUser, bootstrap bool) (*nsor.User, *nsor.Credentials, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	if !bootstrap {
		if err := requireAdmin(a); err != nil { // before any slow work
			return nil, nil, s.refused(ctx, s.record(a, "user.create"), err)
		}
	}
	creds, u, err := s.prepareUser(ctx, in)
	if cerr := nsor.CheckFields(in); cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, nil, s.refused(ctx, s.record(a, "user.create"), err)
	}
	err = s.do(ctx, a, "user.create", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := s.checkCreateUser(tx, a, in, bootstrap); err != nil {
			return err
		}
		u.CreatedAt, u.MustChangePassword = s.now(), !atConsole(a) && !bootstrap
		if err := tx.CreateUser(u); err != nil {
			return err
		}
		rec.Object = object("user", u.ID)
		detail(rec, "role", u.Role)
		detail(rec, "jurisdiction", u.JurisdictionID)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return u, creds, nil
}

// prepareUser validates the fields that need no database and does the slow
// work (hashing, secret generation) outside any transaction. The hash runs
// in one of the bounded hashers, as a sign-in's does, so that a flood of
// calls by a signed-in administrator cannot exhaust memory either; when none
// comes free in time it is refused with 429 auth.busy
// (docs/adr/0015-sign-in-under-attack.md).
func (s *Service) prepareUser(ctx context.Context, in nsor.NewUser) (*nsor.Credentials, *nsor.User, error) {
	creds := &nsor.Credentials{Password: in.Password}
	if creds.Password == "" {
		creds.Password = s.randomPassword()
	}
	if err := validateNewUser(in, creds.Password); err != nil {
		return nil, nil, err
	}
	hash, err := s.hashPassword(ctx, creds.Password)
	if err != nil {
		return nil, nil, err
	}
	sealed, url, secret, err := s.otp.New(in.Username)
	if err != nil {
		return nil, nil, nsor.Internalf(err, "new TOTP secret")
	}
	creds.TOTPSecret, creds.TOTPURL = secret, url
	gender, _ := nsor.ParseGender(in.Gender) // validateNewUser refused any other
	u := &nsor.User{Username: in.Username, Name: strings.TrimSpace(in.Name), Rank: in.Rank, BeltNumber: in.BeltNumber, Gender: gender,
		Role: in.Role, JurisdictionID: in.JurisdictionID, PasswordHash: hash, TOTPSealed: sealed, CredVersion: 1, Kind: nsor.UserPerson}
	return creds, u, nil
}

// validateNewUser checks the fields of in that need no database, with the
// password the account will have ("-" when it is made later).
func validateNewUser(in nsor.NewUser, password string) error {
	var p nsor.Problems
	if !usernamePattern.MatchString(in.Username) {
		p.Add("username", "user.username_invalid", "A username is 3 to 64 characters: lower-case letters, digits, dot, dash or underscore.")
	}
	if strings.TrimSpace(in.Name) == "" {
		p.Add("name", "user.name_required", "Give the person's name.")
	}
	if !in.Role.Valid() {
		p.Add("role", "user.role_unknown", "Choose one of the roles of nsor.")
	}
	if _, err := nsor.ParseGender(in.Gender); err != nil {
		p.AddErr("", err)
	}
	if password != "-" {
		p.AddErr("password", nsor.ValidatePassword(password, in.Username))
	}
	return p.Err()
}

func (s *Service) checkCreateUser(tx nsor.Tx, a *nsor.Actor, in nsor.NewUser, bootstrap bool) error {
	if bootstrap {
		admins, err := tx.Users(nsor.UserFilter{Role: nsor.RoleAdmin, IncludeDisabled: true})
		if err != nil {
			return err
		}
		if len(admins) > 0 {
			return nsor.Errorf(nsor.KindConflict, "user.bootstrap_done", "An administrator exists already; create users through the API.")
		}
	} else if err := requireAdmin(a); err != nil {
		return err
	}
	return s.checkJurisdictionFits(tx, in.Role, in.JurisdictionID)
}

func requireAdmin(a *nsor.Actor) error {
	if err := requireRole(a, nsor.RoleAdmin); err != nil {
		return err
	}
	return requireScope(a, nsor.ScopeAdmin)
}

// checkJurisdictionFits refuses a jurisdiction at the wrong level for the
// role: police and prosecutors are of a district, oversight of a province or
// region, everyone else national.
func (s *Service) checkJurisdictionFits(tx nsor.Tx, role nsor.Role, id int64) error {
	j, err := s.jurisdiction(tx, id)
	if nsor.KindOf(err) == nsor.KindNotFound {
		return nsor.Invalid("jurisdiction_id", "user.jurisdiction_unknown", "No such jurisdiction.")
	} else if err != nil {
		return err
	}
	if !slices.Contains(role.JurisdictionKinds(), j.Kind) {
		return nsor.Invalid("jurisdiction_id", "user.jurisdiction_level",
			"A user of role "+string(role)+" belongs to a "+joinKinds(role.JurisdictionKinds())+", not a "+string(j.Kind)+".")
	}
	return nil
}

func joinKinds(ks []nsor.JurisdictionKind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, " or ")
}

func (s *Service) randomPassword() string {
	b := make([]byte, 15)
	if _, err := s.rand.Read(b); err != nil {
		panic("nsor: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Users lists a page of accounts by ID (administrators only).
func (s *Service) Users(ctx context.Context, a *nsor.Actor, p nsor.Page) (nsor.Paged[*nsor.User], error) {
	var out nsor.Paged[*nsor.User]
	if err := p.Check(1); err != nil {
		return out, err
	}
	err := s.read(ctx, a, "user.list", 0, func(tx nsor.Tx) error {
		if err := requireAdmin(a); err != nil {
			return err
		}
		us, err := tx.Users(nsor.UserFilter{IncludeDisabled: true, AfterID: p.AfterID(), Limit: p.Fetch()})
		out = nsor.Cut(us, p, func(u *nsor.User) []int64 { return nsor.ByID(u.ID) })
		return err
	})
	return out, err
}

// RecordMigration records a schema migration run from the command line; it
// is called after the migration, when the audit table exists.
func (s *Service) RecordMigration(ctx context.Context, op nsor.Operator, from, to int64) error {
	return s.do(ctx, nsor.ConsoleActor(op), "system.migrate", func(tx nsor.Tx, rec *auditrec.Record) error {
		detail(rec, "from", from)
		detail(rec, "to", to)
		return nil
	})
}
