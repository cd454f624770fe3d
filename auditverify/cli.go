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
	ExitPartial  = 3 // nothing wrong was found, but the log holds only in part: a restore lost records, or a prefix cannot be proven
)

// minGrace is the least --grace: the sequencer integrates within a second
// and signs within ten, so a minute leaves a wide margin and no false alarm
// from a busy server (docs/audit-verify.md).
const minGrace = 60 * time.Second

// Env is what the verify command takes from its surroundings: the clock
// and the environment. The commands (cmd/nsor, cmd/nsor-verify) give
// time.Now and os.Getenv.
type Env struct {
	Now    func() time.Time
	Getenv func(string) string
}

// keysFile is the public keys' file in a key directory (ADR 0010).
const keysFile = "audit-verifiers.pub"

type fileList []string

func (f *fileList) String() string     { return fmt.Sprint(*f) }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

type verifyFlags struct {
	data, database, keysDir, pub string
	checkpoints                  fileList
	exportDir                    string
	json                         bool
	grace                        time.Duration
	env                          Env
}

// MainVerify runs "verify" with its command-line arguments and returns the
// exit code: the report goes to stdout, a usage error to stderr.
//
//	verify --data DIR | --database URL [--keys DIR | --pub FILE] [--checkpoint FILE ...]
//	       [--checkpoint-dir DIR] [--grace 60s] [--json]
//
// The export directory is read by default: --checkpoint-dir, else
// $NSOR_CHECKPOINT_DIR, else DIR/checkpoints with --data.
func MainVerify(ctx context.Context, name string, args []string, stdout, stderr io.Writer, env Env) int {
	f := verifyFlags{env: env}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&f.data, "data", "", "nsor's data directory: verifies DIR/nsor.db, with the public keys of DIR/keys unless --keys or --pub says otherwise")
	fs.StringVar(&f.database, "database", "", "the database: a postgres:// URL or a SQLite file")
	fs.StringVar(&f.keysDir, "keys", "", "directory holding "+keysFile)
	fs.StringVar(&f.pub, "pub", "", "file of the log's public keys, one note verifier key a line")
	fs.Var(&f.checkpoints, "checkpoint", "a signed checkpoint saved outside the database (repeatable)")
	fs.BoolVar(&f.json, "json", false, "write the report as JSON")
	fs.StringVar(&f.exportDir, "checkpoint-dir", "", "the export directory of the checkpoints and leaf hashes nsor kept (default $NSOR_CHECKPOINT_DIR, else DIR/checkpoints with --data)")
	fs.DurationVar(&f.grace, "grace", minGrace, "how long a record may wait to become a leaf, and a leaf to be covered by a checkpoint (at least 60s)")
	if code, done := parse(fs, args, stdout, stderr,
		"--data DIR | --database URL [--keys DIR | --pub FILE] [--checkpoint FILE ...] [--checkpoint-dir DIR] [--grace 60s] [--json]"); done {
		return code
	}
	if f.grace < minGrace {
		fmt.Fprintf(stderr, "%s: --grace %s is below the least, %s\n", name, f.grace, minGrace)
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
	switch rep.Verdict() {
	case VerdictFailed:
		return ExitProblems
	case VerdictPart:
		return ExitPartial
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
	if f.env.Now != nil {
		opts.Now = f.env.Now()
	}
	if err := f.loadExport(&opts); err != nil {
		return nil, err
	}
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

// loadExport reads the export directory: the one named, or the data
// directory's. One named must exist; the data directory's may be absent,
// which the report then says leaves the log checked only against itself.
func (f *verifyFlags) loadExport(opts *Options) error {
	dir, named := f.exportDir, f.exportDir != ""
	if !named && f.env.Getenv != nil {
		dir = f.env.Getenv("NSOR_CHECKPOINT_DIR")
		named = dir != ""
	}
	if dir == "" && f.data != "" {
		dir = filepath.Join(f.data, "checkpoints")
	}
	if dir == "" {
		return nil
	}
	e, err := LoadExport(dir)
	if err != nil {
		return fmt.Errorf("export directory: %w", err)
	}
	if e == nil && named {
		return fmt.Errorf("export directory %s does not exist", dir)
	}
	opts.Export, opts.ExportDir, opts.ExportExpected = e, dir, true
	return nil
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
	pub := fs.String("pub", "", "file of the log's public keys, one note verifier key a line")
	if code, done := parse(fs, args, stdout, stderr, "--pub FILE PROOF.json"); done {
		return code
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

// parse parses a command's flags. --help prints the usage to stdout and
// exits 0; a bad flag is named on stderr and exits ExitUsage. done says
// whether the command ends here, with code.
func parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer, synopsis string) (code int, done bool) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(stdout, "usage: %s %s\n\nflags:\n", fs.Name(), synopsis)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return ExitOK, true
	case err != nil:
		fmt.Fprintf(stderr, "%s: %v\nRun \"%s --help\" for its usage.\n", fs.Name(), err, fs.Name())
		return ExitUsage, true
	}
	return 0, false
}
