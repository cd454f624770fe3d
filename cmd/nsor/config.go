package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"nsor"
	"nsor/auditlog"
	"nsor/auth"
	"nsor/biosample"
	"nsor/disclosure"
	"nsor/keys"
	"nsor/service"
	"nsor/sqlstore"
)

// config is what every command that opens the database shares. Flags default
// from the environment (NSOR_*), and secrets may come from NSOR_*_FILE.
type config struct {
	data     string
	database string
	keysDir  string
	// The signed audit log (docs/adr/0010-merkle-log.md).
	auditOrigin   string
	checkpointDir string
	named         map[string]bool // the flags given, on the command line or in the environment
	// The register's biometric indexes the service searches and fills
	// (serve: biometricIndexes); nil where none is configured.
	dna nsor.DNASearcher
	fp  nsor.FingerprintSearcher
}

// envOfFlag are the flags that default from the environment.
var envOfFlag = map[string]string{"data": "NSOR_DATA", "database": "NSOR_DATABASE", "keys": "NSOR_KEYS", "checkpoint-dir": "NSOR_CHECKPOINT_DIR"}

// The places a command opening the database may need besides it.
const (
	needKeys        = 1 << iota // the key directory
	needCheckpoints             // the checkpoint export directory
)

// parse parses a command's flags and checks the places they name.
// --database names the database alone: the keys and the exported
// checkpoints must then be named too, by --keys and --checkpoint-dir or by
// --data DIR (DIR/keys, DIR/checkpoints), and are never made up under the
// default ./nsor-data. A key set made up there would hash, seal and sign
// unlike the installation's, and a checkpoint history kept there would be
// no one's (docs/adr/0016-export-history.md).
func (c *config) parse(fs *flag.FlagSet, args []string, stdout io.Writer, need int) error {
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	c.named = map[string]bool{}
	for name, env := range envOfFlag {
		if _, ok := os.LookupEnv(env); ok {
			c.named[name] = true
		}
	}
	fs.Visit(func(f *flag.Flag) { c.named[f.Name] = true })
	if c.database == "" || c.named["data"] {
		return nil
	}
	switch {
	case need&needKeys != 0 && !c.named["keys"]:
		return usagef(fs.Name(), "--database needs the installation's key directory: give --keys DIR (or --data DIR, whose keys/ it is); nsor makes up no key set beside another database")
	case need&needCheckpoints != 0 && !c.named["checkpoint-dir"]:
		return usagef(fs.Name(), "--database needs the directory the audit checkpoints are exported to: give --checkpoint-dir DIR (or --data DIR, whose checkpoints/ it is)")
	}
	return nil
}

func (c *config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.data, "data", env("NSOR_DATA", "nsor-data"), "directory of the embedded database and, unless --keys says otherwise, the keys")
	fs.StringVar(&c.database, "database", env("NSOR_DATABASE", ""), "database: a postgres:// URL (PostgreSQL) or a SQLite file path; empty means DIR/nsor.db")
	fs.StringVar(&c.keysDir, "keys", env("NSOR_KEYS", ""), "directory of the keys held outside the database; empty means DIR/keys")
	fs.StringVar(&c.auditOrigin, "audit-origin", env("NSOR_AUDIT_ORIGIN", auditlog.DefaultOrigin), "the audit log's name in its signed checkpoints")
	fs.StringVar(&c.checkpointDir, "checkpoint-dir", env("NSOR_CHECKPOINT_DIR", ""), "directory the signed checkpoints are exported to; empty means DIR/checkpoints")
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// secretEnv reads NAME, or the file named by NAME_FILE.
func secretEnv(name string) (string, error) {
	if f := os.Getenv(name + "_FILE"); f != "" {
		b, err := os.ReadFile(f)
		return strings.TrimSpace(string(b)), err
	}
	return os.Getenv(name), nil
}

func (c *config) dbPath() string {
	if c.database != "" {
		return c.database
	}
	return filepath.Join(c.data, "nsor.db")
}

func (c *config) keyPath() string {
	if c.keysDir != "" {
		return c.keysDir
	}
	return filepath.Join(c.data, "keys")
}

// openKeys loads the keys, creating a first set when the directory is new
// and no key comes from the environment.
func (c *config) openKeys() (*keys.Keyring, error) {
	overrides := map[string]string{}
	for _, p := range keys.Purposes {
		v, err := secretEnv(keys.EnvName(p))
		if err != nil {
			return nil, err
		}
		if v != "" {
			overrides[p] = v
		}
	}
	if len(overrides) < len(keys.Purposes) {
		if err := keys.Init(c.keyPath(), nil); err != nil {
			return nil, err
		}
	}
	return keys.LoadWith(c.keyPath(), overrides)
}

// exportDir is where checkpoints go, outside the database.
func (c *config) exportDir() string {
	if c.checkpointDir != "" {
		return c.checkpointDir
	}
	return filepath.Join(c.data, "checkpoints")
}

// openAuditKeys loads the checkpoint signing key (NSOR_AUDIT_SIGNING_KEY or
// its _FILE overrides the key directory's) and the public keys.
func (c *config) openAuditKeys() (*auditlog.Keys, error) {
	override, err := secretEnv("NSOR_AUDIT_SIGNING_KEY")
	if err != nil {
		return nil, err
	}
	return auditlog.LoadKeys(c.keyPath(), c.auditOrigin, override)
}

// openAuditLog wires the sequencer and checkpoint signer over db.
func (c *config) openAuditLog(db nsor.Store) (*auditlog.Log, error) {
	ak, err := c.openAuditKeys()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(c.exportDir(), 0o755); err != nil {
		return nil, err
	}
	known, err := ak.Known()
	if err != nil {
		return nil, err
	}
	sw, _ := db.(interface{ SingleWriter() bool })
	return auditlog.New(db, wallClock, ak.Signer, auditlog.Config{Origin: c.auditOrigin, ExportDir: c.exportDir(), Known: known,
		SoleExporter: sw != nil && sw.SingleWriter()}, slog.Default())
}

// app is the wired system.
type app struct {
	db   *sqlstore.DB
	svc  *service.Service
	keys *keys.Keyring
	log  *auditlog.Log
	dna  nsor.DNASearcher
	fp   nsor.FingerprintSearcher
}

// wire makes the service over store.
func (a *app) wire(store nsor.Store, cfg nsor.Config) *service.Service {
	return service.New(nsor.Deps{Store: store, Clock: wallClock, IDs: a.keys, Passwords: auth.NewArgon2id(auth.OWASP),
		OTP: auth.NewTOTP(a.keys, nil), Config: cfg, Prover: a.log, Marks: disclosure.New(), Samples: biosample.Reader{},
		DNA: a.dna, Fingerprints: a.fp})
}

// wallClock is the only clock of a running nsor.
var wallClock = nsor.ClockFunc(time.Now)

func (c *config) open(ctx context.Context, migrate bool, cfg nsor.Config) (*app, error) {
	if c.database == "" || c.named["data"] {
		if err := os.MkdirAll(c.data, 0o700); err != nil {
			return nil, err
		}
	}
	kr, err := c.openKeys()
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	db, err := sqlstore.Open(ctx, c.dbPath(), sqlstore.Options{})
	if err != nil {
		return nil, err
	}
	alog, err := c.openAuditLog(db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("audit log: %w", err)
	}
	a := &app{db: db, keys: kr, log: alog, dna: c.dna, fp: c.fp}
	a.svc = a.wire(db, cfg)
	if migrate {
		if err := a.migrate(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return a, nil
}

// migrate applies pending migrations, records that it did, and seeds the
// jurisdictions an installation starts with.
func (a *app) migrate(ctx context.Context) error {
	from, err := a.db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if err := a.db.Migrate(ctx); err != nil {
		return err
	}
	to, err := a.db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if to != from {
		if err := a.svc.RecordMigration(ctx, osOperator(), from, to); err != nil {
			return err
		}
	}
	return a.svc.SeedJurisdictions(ctx)
}

var _ auth.Sealer = (*keys.Keyring)(nil)

func logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
