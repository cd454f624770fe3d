package auditverify

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Exit codes of the verifier's commands.
const (
	ExitOK       = 0 // everything holds
	ExitProblems = 1 // tampering or an inconsistency was found
	ExitUsage    = 2 // could not verify: bad flags, a missing or malformed file, an unknown key, not nsor's database
)

// keysFile is the public keys' file in a key directory (ADR 0010).
const keysFile = "audit-verifiers.pub"

type fileList []string

func (f *fileList) String() string     { return fmt.Sprint(*f) }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

type verifyFlags struct {
	data, database, keysDir, pub string
	checkpoints                  fileList
	json                         bool
	grace                        time.Duration
}

// MainVerify runs "verify" with its command-line arguments and returns the
// exit code: the report goes to stdout, a usage error to stderr.
//
//	verify --data DIR | --database URL [--keys DIR | --pub FILE] [--checkpoint FILE ...] [--json]
func MainVerify(ctx context.Context, name string, args []string, stdout, stderr io.Writer) int {
	var f verifyFlags
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.data, "data", "", "nsor's data directory: verifies DIR/nsor.db, with the public keys of DIR/keys unless --keys or --pub says otherwise")
	fs.StringVar(&f.database, "database", "", "the database: a postgres:// URL or a SQLite file")
	fs.StringVar(&f.keysDir, "keys", "", "directory holding "+keysFile)
	fs.StringVar(&f.pub, "pub", "", "file of the log's public keys, one note verifier key a line")
	fs.Var(&f.checkpoints, "checkpoint", "a signed checkpoint saved outside the database (repeatable)")
	fs.BoolVar(&f.json, "json", false, "write the report as JSON")
	fs.DurationVar(&f.grace, "grace", 60*time.Second, "how long a record may wait to become a leaf before it counts as an orphan")
	if err := fs.Parse(args); err != nil {
		return ExitUsage
	}
	rep, err := f.run(ctx, fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return ExitUsage
	}
	if f.json {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return ExitUsage
	}
	if !rep.OK() {
		return ExitProblems
	}
	return ExitOK
}

func (f *verifyFlags) run(ctx context.Context, rest []string) (*Report, error) {
	if len(rest) > 0 {
		return nil, fmt.Errorf("unexpected argument %q", rest[0])
	}
	source := f.database
	if (f.data == "") == (f.database == "") {
		return nil, errors.New("give exactly one of --data DIR and --database URL")
	}
	if f.data != "" {
		source = filepath.Join(f.data, "nsor.db")
	}
	keys, err := f.loadKeys()
	if err != nil {
		return nil, err
	}
	opts := Options{Keys: keys, Grace: f.grace, Window: -1}
	for _, file := range f.checkpoints {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		opts.Checkpoints = append(opts.Checkpoints, SavedCheckpoint{File: file, Note: b})
	}
	db, err := Open(ctx, source)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Verify(ctx, opts)
}

func (f *verifyFlags) loadKeys() (*Keys, error) {
	switch {
	case f.pub != "" && f.keysDir != "":
		return nil, errors.New("give --keys DIR or --pub FILE, not both")
	case f.pub != "":
		return LoadKeys(f.pub)
	case f.keysDir != "":
		return LoadKeys(filepath.Join(f.keysDir, keysFile))
	case f.data != "":
		return LoadKeys(filepath.Join(f.data, "keys", keysFile))
	}
	return nil, errors.New("give the log's public keys: --keys DIR or --pub FILE")
}

// MainCheckProof runs "check-proof --pub FILE PROOF.json" and returns the
// exit code: 0 when the proof holds, 1 when it is false, 2 when it cannot
// be checked.
func MainCheckProof(_ context.Context, name string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	pub := fs.String("pub", "", "file of the log's public keys, one note verifier key a line")
	if err := fs.Parse(args); err != nil {
		return ExitUsage
	}
	fail := func(code int, err error) int { fmt.Fprintf(stderr, "%s: %v\n", name, err); return code }
	if *pub == "" || fs.NArg() != 1 {
		return fail(ExitUsage, errors.New("usage: check-proof --pub FILE PROOF.json"))
	}
	keys, err := LoadKeys(*pub)
	if err != nil {
		return fail(ExitUsage, err)
	}
	b, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return fail(ExitUsage, err)
	}
	p, err := ParseProof(b)
	if err != nil {
		return fail(ExitUsage, err)
	}
	res, err := CheckProof(p, keys)
	switch {
	case errors.Is(err, ErrProof) || errors.Is(err, ErrBadSignature):
		return fail(ExitProblems, err)
	case err != nil:
		return fail(ExitUsage, err)
	}
	fmt.Fprintf(stdout, "OK: record %d (%s %s by actor %d at %s) is leaf %d of the tree of %d leaves signed by %s\n",
		p.RecordID, res.Record.Action, res.Record.Object, res.Record.ActorID, ms(res.Record.At), p.LeafIndex,
		res.Checkpoint.Size, res.Checkpoint.Origin)
	return ExitOK
}
