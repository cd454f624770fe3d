package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"nsor"
	"nsor/biosample"
	"nsor/keys"
	"nsor/service"
	"nsor/sqlstore"
)

func init() { auditCommands["who"] = auditWho }

// auditWho answers who looked for a person, an FIR or a register record, and
// when (docs/audit-who.md):
//
//	nsor audit who --data DIR [--keys DIR] (--cnic C | --name N | --fir STATION/NUMBER/YEAR | --record ID)
//
// It runs at the server's console, with the database and the HMAC keys at
// hand, and is recorded as the operator's search (source "cli", detail
// "operator"; docs/adr/0019-console-operator.md), with the identifier's tags
// and never its value.
func auditWho(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("audit who", flag.ContinueOnError)
	var c config
	c.flags(fs)
	cnic := fs.String("cnic", "", "a CNIC (13 digits, dashes optional)")
	name := fs.String("name", "", "a person's name, in any romanisation")
	fir := fs.String("fir", "", "an FIR as STATION/NUMBER/YEAR; STATION is the police station's code or ID")
	record := fs.Int64("record", 0, "a register record's ID")
	after := fs.Int64("after", 0, "only audit records after this ID (paging)")
	limit := fs.Int("limit", 1000, "at most this many audit records")
	opName := operatorFlag(fs)
	if err := c.parse(fs, args, stdout, needKeys); err != nil {
		return err
	}
	given := 0
	for _, ok := range []bool{*cnic != "", *name != "", *fir != "", *record != 0} {
		if ok {
			given++
		}
	}
	if given != 1 || fs.NArg() != 0 {
		return usagef("audit who", "give one of --cnic C, --name N, --fir STATION/NUMBER/YEAR or --record ID")
	}
	console, err := consoleActor("audit who", *opName)
	if err != nil {
		return err
	}
	svc, db, err := c.openForAudit(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var es []*nsor.AuditEntry
	if *record != 0 {
		es, err = svc.SearchAudit(ctx, console, nsor.AuditQuery{RecordID: *record, AuditFilter: nsor.AuditFilter{AfterID: *after, Limit: *limit}})
	} else {
		q := nsor.IdentifierQuery{CNIC: *cnic, Name: *name, AfterID: *after, Limit: *limit}
		if *fir != "" {
			if q.FIR, err = parseFIR(ctx, db, *fir); err != nil {
				return err
			}
		}
		es, err = svc.WhoSought(ctx, console, q)
	}
	if err != nil {
		return err
	}
	return printWho(ctx, db, es, stdout)
}

// openForAudit opens the database and the keys as they are, creating
// neither: tags under a key made now would find nothing, and say so wrongly.
func (c *config) openForAudit(ctx context.Context) (*service.Service, *sqlstore.DB, error) {
	overrides := map[string]string{}
	for _, p := range keys.Purposes {
		v, err := secretEnv(keys.EnvName(p))
		if err != nil {
			return nil, nil, err
		}
		if v != "" {
			overrides[p] = v
		}
	}
	kr, err := keys.LoadWith(c.keyPath(), overrides)
	if err != nil {
		return nil, nil, fmt.Errorf("keys: %w", err)
	}
	if _, err := os.Stat(c.dbPath()); !isPostgres(c.dbPath()) && errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("no database at %s", c.dbPath())
	}
	db, err := sqlstore.Open(ctx, c.dbPath(), sqlstore.Options{})
	if err != nil {
		return nil, nil, err
	}
	return service.New(nsor.Deps{Store: db, Clock: wallClock, IDs: kr, Config: nsor.DefaultConfig(), Samples: biosample.Reader{}}), db, nil
}

// parseFIR reads STATION/NUMBER/YEAR; the number may itself hold slashes.
func parseFIR(ctx context.Context, db nsor.Store, s string) (*nsor.FIRNumber, error) {
	parts := strings.Split(s, "/")
	if len(parts) < 3 {
		return nil, errors.New("--fir is STATION/NUMBER/YEAR, e.g. PB-LHR-LHR-SYN1/4417/2026")
	}
	year, err := strconv.Atoi(parts[len(parts)-1])
	if err != nil {
		return nil, fmt.Errorf("--fir: the year %q is not a number", parts[len(parts)-1])
	}
	f := &nsor.FIRNumber{Number: strings.Join(parts[1:len(parts)-1], "/"), Year: year}
	if id, err := strconv.ParseInt(parts[0], 10, 64); err == nil {
		f.StationID = id
		return f, nil
	}
	err = db.View(ctx, func(tx nsor.Tx) error {
		j, err := tx.JurisdictionByCode(parts[0])
		if err == nil {
			f.StationID = j.ID
		}
		return err
	})
	if nsor.KindOf(err) == nsor.KindNotFound {
		return nil, fmt.Errorf("--fir: no police station has the code %q", parts[0])
	}
	return f, err
}

// printWho prints one line per record: when, who (user, role, district),
// what act on what, and its outcome.
func printWho(ctx context.Context, db nsor.Store, es []*nsor.AuditEntry, stdout io.Writer) error {
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "RECORD\tAT (UTC)\tUSER\tROLE\tDISTRICT\tACTION\tOBJECT\tOUTCOME")
	err := db.View(ctx, func(tx nsor.Tx) error {
		for _, e := range es {
			r := e.Record
			user, district := "(system)", "-"
			if op := detailOf(e, "operator"); op != "" {
				user = "console:" + op
			}
			if r.ActorID != 0 {
				u, err := tx.User(r.ActorID)
				if err != nil {
					return err
				}
				user, district = u.Username, districtName(tx, u.JurisdictionID)
			}
			outcome := r.Outcome
			if r.Code != "" {
				outcome += " (" + r.Code + ")"
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, r.At.UTC().Format("2006-01-02 15:04:05"), user,
				dash(r.ActorRole), district, r.Action, dash(r.Object), outcome)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(es) == 0 {
		fmt.Fprintln(w, "(no audit record holds it)")
	}
	return w.Flush()
}

// districtName names the district a user belongs to, or, for a user of no
// district (the bureau, oversight), their jurisdiction.
func districtName(tx nsor.Tx, id int64) string {
	j, err := tx.Jurisdiction(id)
	if err != nil {
		return "?"
	}
	for _, a := range j.AncestorIDs() {
		if anc, err := tx.Jurisdiction(a); err == nil && anc.Kind == nsor.KindDistrict {
			return anc.Name
		}
	}
	return j.Name
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// detailOf is the value of an audit record's detail key, or "".
func detailOf(e *nsor.AuditEntry, key string) string {
	for _, d := range e.Record.Details {
		if d.Key == key {
			return d.Value
		}
	}
	return ""
}
