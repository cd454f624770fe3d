package main

import (
	"bufio"
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/auth"
	"nsor/demo"
	"nsor/internal/importgen"
	"nsor/keys/keystest"
	"nsor/service"
	"nsor/sqlstore"
	"nsor/sqlstore/pgtest"
)

// TestImportKill9Resumes runs the real binary's import, kills it with
// SIGKILL in the middle, and runs it again with the same file: it resumes
// after the last committed row, and every good row is in the register
// exactly once, every bad one reported; on SQLite and PostgreSQL.
func TestImportKill9Resumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "nsor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("sqlite", func(t *testing.T) {
		data := t.TempDir()
		// SQLite imports some 9,000 rows a second on a quiet 2-core
		// machine, and the command prints its progress at most every 2
		// seconds when not on a terminal: the file must outlast a line.
		testImportKill9(t, bin, 40000, filepath.Join(data, "nsor.db"), filepath.Join(data, "keys"), "--data", data)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn, kd := pgtest.NewDatabase(t), t.TempDir()
		testImportKill9(t, bin, 12000, dsn, kd, "--database", dsn, "--keys", kd)
	})
}

func testImportKill9(t *testing.T, bin string, rows int, dsn, keyDir string, dbArgs ...string) {
	token := importWorld(t, dsn, keyDir)
	base := importedRows(t, dsn) // the demo's own records with such CNICs
	file := filepath.Join(t.TempDir(), "register.jsonl")
	var buf bytes.Buffer
	res, err := importgen.Write(&buf, importgen.Options{Rows: rows, BadEvery: 100, Seed: 12, Format: nsor.ImportJSONL})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "NSOR_TOKEN="+token, "NSOR_OPERATOR=importtester")

	// The first run, killed once it has committed a chunk and gone on.
	cmd := exec.Command(bin, append(append([]string{"import"}, dbArgs...), file)...)
	cmd.Env = env
	out, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	progressed := regexp.MustCompile(`\] (\d+)/(\d+) rows`)
	sc := bufio.NewScanner(out)
	killed := false
	for sc.Scan() {
		if m := progressed.FindStringSubmatch(sc.Text()); m != nil {
			if n, _ := strconv.Atoi(m[1]); n > 0 && n < rows {
				cmd.Process.Kill() // SIGKILL: no chance to finish a chunk or tidy up
				killed = true
				break
			}
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatalf("the import finished before it could be killed; stderr:\n%s", stderr.String())
	}
	mid := importedRows(t, dsn) - base
	if mid == 0 || mid >= res.Good {
		t.Fatalf("after the kill %d records imported, want some but not all %d", mid, res.Good)
	}

	// The re-run resumes and finishes.
	cmd = exec.Command(bin, append(append([]string{"import"}, dbArgs...), file)...)
	cmd.Env = env
	o, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("re-run: %v\n%s", err, o)
	}
	text := string(o)
	if !strings.Contains(text, "resuming batch") || !strings.Contains(text, "state imported") {
		t.Errorf("re-run output lacks the resumption or the end:\n%.2000s", text)
	}
	if got := importedRows(t, dsn) - base; got != res.Good {
		t.Errorf("%d records after the re-run, want every good row once: %d", got, res.Good)
	}
	for _, l := range res.BadLines[:5] {
		if !regexp.MustCompile(`(?m)^line ` + strconv.Itoa(l) + `\tinvalid`).MatchString(text) {
			t.Errorf("bad line %d is not reported:\n%.1500s", l, text)
		}
	}
}

// importWorld seeds the demo's people into a new installation (database
// dsn, keys in keyDir) and returns a registrar's session token.
func importWorld(t *testing.T, dsn, keyDir string) string {
	ctx := context.Background()
	kr := keystest.Init(t, keyDir)
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := service.New(nsor.Deps{Store: db, Clock: wallClock, IDs: kr, OTP: auth.NewTOTP(kr, nil),
		Passwords: auth.NewArgon2id(auth.Params{Memory: 64, Time: 1, Threads: 1}), Config: nsor.DefaultConfig()})
	if err := svc.SeedJurisdictions(ctx); err != nil {
		t.Fatal(err)
	}
	seed, err := demo.Seed(ctx, svc, db, rand.New(rand.NewPCG(1, 8)), nil)
	if err != nil {
		t.Fatal(err)
	}
	acc := seed.Users["registrar1"]
	code, err := auth.Code(acc.TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	secret, _, _, err := svc.SignIn(ctx, "registrar1", acc.Password, code, nsor.Client{Source: "cli"})
	if err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	return secret
}

// importedRows counts the register records with the generator's CNICs
// (98...), failing on any CNIC held twice.
func importedRows(t *testing.T, dsn string) int {
	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seen := map[nsor.CNIC]bool{}
	err = db.View(context.Background(), func(tx nsor.Tx) error {
		// IDs a rolled-back chunk took are never used again on PostgreSQL:
		// read on past gaps shorter than a chunk and a half.
		for id, missed := int64(1), 0; missed < 750; id++ {
			o, err := tx.Offender(id)
			if nsor.KindOf(err) == nsor.KindNotFound {
				missed++
				continue
			} else if err != nil {
				return err
			}
			if c := o.Record.CNIC; strings.HasPrefix(string(c), "98") {
				if seen[c] {
					t.Errorf("CNIC %s imported twice", c)
				}
				seen[c] = true
			}
			missed = 0
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(seen)
}

// TestImportUsage: without a registrar's token, or without one file, the
// import is a usage error and touches nothing.
func TestImportUsage(t *testing.T) {
	t.Setenv("NSOR_TOKEN", "")
	t.Setenv("NSOR_TOKEN_FILE", "")
	dir := t.TempDir()
	file := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(file, []byte("name\nAli\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "--data", dir, file}, "NSOR_TOKEN"},
		{[]string{"import", "--data", dir}, "one file"},
		{[]string{"import", "--data", dir, filepath.Join(dir, "x.xml")}, "format"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("nsor %v = exit %d, %q; want 2 naming %s", c.args, code, stderr, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "nsor.db")); err == nil {
		t.Error("a refused import created a database")
	}
}
