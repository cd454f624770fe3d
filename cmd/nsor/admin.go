package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"nsor"
	"nsor/auditlog"
	"nsor/auth"
	"nsor/keys"
)

func migrate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var c config
	c.flags(fs)
	if err := c.parse(fs, args, stdout, needKeys|needCheckpoints); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("migrate", "unexpected argument %q", fs.Arg(0))
	}
	a, err := c.open(ctx, true, nsor.DefaultConfig())
	if err != nil {
		return err
	}
	defer a.db.Close()
	v, err := a.db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "nsor: database at schema version %d\n", v)
	return nil
}

// admin bootstraps the first administrator of an installation, on the
// server, where only someone with access to the machine can run it.
func admin(ctx context.Context, args []string, stdout io.Writer) error {
	if err := subcommand("admin", args, stdout); err != nil {
		return err
	}
	fs := flag.NewFlagSet("admin bootstrap", flag.ContinueOnError)
	var c config
	c.flags(fs)
	username := fs.String("username", "", "the administrator's username")
	name := fs.String("name", "", "the administrator's full name")
	if err := c.parse(fs, args[1:], stdout, needKeys|needCheckpoints); err != nil {
		return err
	}
	if *username == "" || *name == "" || fs.NArg() > 0 {
		return usagef("admin bootstrap", "give --username NAME and --name \"FULL NAME\" (and no other argument)")
	}
	password, err := secretEnv("NSOR_BOOTSTRAP_PASSWORD")
	if err != nil {
		return err
	}
	a, err := c.open(ctx, true, nsor.DefaultConfig())
	if err != nil {
		return err
	}
	defer a.db.Close()
	root, err := country(ctx, a.db)
	if err != nil {
		return err
	}
	u, creds, err := a.svc.Bootstrap(ctx, osOperator(), nsor.NewUser{Username: *username, Name: *name, JurisdictionID: root, Password: password})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "administrator %s (id %d) created.\npassword:    %s\nTOTP secret: %s\nTOTP URL:    %s\n",
		u.Username, u.ID, creds.Password, creds.TOTPSecret, creds.TOTPURL)
	return nil
}

func country(ctx context.Context, db nsor.Store) (int64, error) {
	var id int64
	err := db.View(ctx, func(tx nsor.Tx) error {
		j, err := tx.JurisdictionByCode(nsor.SeedHierarchy.Code)
		if err == nil {
			id = j.ID
		}
		return err
	})
	return id, err
}

// keysCmd rotates a key: new records are hashed or sealed under the new
// version; old versions stay for reading.
func keysCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if err := subcommand("keys", args, stdout); err != nil {
		return err
	}
	fs := flag.NewFlagSet("keys rotate", flag.ContinueOnError)
	var c config
	c.flags(fs)
	purpose := fs.String("purpose", "", "which key: "+strings.Join(rotatable(), ", ")+" (audit: the checkpoint signing key)")
	if err := c.parse(fs, args[1:], stdout, needKeys); err != nil {
		return err
	}
	if !slices.Contains(rotatable(), *purpose) || fs.NArg() > 0 {
		what := "--purpose is missing"
		if *purpose != "" {
			what = fmt.Sprintf("--purpose %q is not a key nsor holds", *purpose)
		} else if fs.NArg() > 0 {
			what = fmt.Sprintf("unexpected argument %q", fs.Arg(0))
		}
		return usagef("keys rotate", "%s; give --purpose %s", what, strings.Join(rotatable(), "|"))
	}
	if *purpose == "audit" {
		k, err := auditlog.RotateKeys(c.keyPath(), c.auditOrigin)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "audit signing key rotated; the public keys, newest last, are in %s:\n%s\nGive the new one to every witness and verifier; restart every nsor instance to sign with it.\n",
			auditlog.VerifiersFile, strings.Join(k.Verifiers, "\n"))
		return nil
	}
	kr, err := keys.Load(c.keyPath())
	if err != nil {
		return err
	}
	v, err := kr.Rotate(*purpose, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s key rotated to version %d; restart every nsor instance to use it.\n", *purpose, v)
	return nil
}

// rotatable are the purposes of the keys "nsor keys rotate" rotates.
func rotatable() []string { return append(slices.Clone(keys.Purposes), "audit") }

// totp prints the current code of a TOTP secret, for the demo and tests;
// without SECRET it reads it from stdin.
func totp(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("totp", flag.ContinueOnError)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("totp", "one SECRET at most, got %d arguments", fs.NArg())
	}
	secret := fs.Arg(0)
	if fs.NArg() == 0 {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return err
		}
		secret = strings.TrimSpace(string(b))
	}
	code, err := auth.Code(secret, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, code)
	return nil
}
