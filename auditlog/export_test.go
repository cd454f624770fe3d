package auditlog_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/auditlog"
	"nsor/sqlstore/pgtest"
)

// readDir reads every file of a directory.
func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func mustStep(t *testing.T, l *auditlog.Log) auditlog.StepResult {
	t.Helper()
	res, err := l.Step(context.Background(), true)
	if err != nil || !res.Leased {
		t.Fatalf("Step() = %+v, %v; want the lease", res, err)
	}
	return res
}

// TestExportKeepsHistoryAndLeaves: each export appends the checkpoint to
// the history and the leaf hashes it newly covers to the leaves file.
func TestExportKeepsHistoryAndLeaves(t *testing.T) {
	onBoth(t, func(t *testing.T, dsn func(string) string) {
		f := newFixture(t, dsn)
		exp := t.TempDir()
		l := f.log(t, auditlog.Config{ExportDir: exp})
		f.appendRecords(t, 3)
		first := mustStep(t, l).Checkpoint
		f.appendRecords(t, 4)
		second := mustStep(t, l).Checkpoint
		files := readDir(t, exp)
		leaves := leafHashes(t, f.db)
		var want []byte
		for _, h := range leaves {
			want = append(want, h[:]...)
		}
		if files[auditlog.LeavesFile] != string(want) {
			t.Errorf("leaves file = %d bytes, want the %d leaf hashes in order", len(files[auditlog.LeavesFile]), len(leaves))
		}
		history := "" + itoa(len(first.Note)) + "\n" + string(first.Note) + itoa(len(second.Note)) + "\n" + string(second.Note)
		if files[auditlog.HistoryFile] != history {
			t.Errorf("history = %q, want both checkpoints appended", files[auditlog.HistoryFile])
		}
		if files[auditlog.ExportFile] != string(second.Note) {
			t.Errorf("checkpoint = %q, want the newest", files[auditlog.ExportFile])
		}
	})
}

// TestSequencerRefusesARolledBackDatabase: a sequencer on a database that
// is behind the exported checkpoint, or forks from it, neither integrates
// nor signs, reports why in Health, and leaves the export directory as it
// was; AcceptRollback declares the loss, after which the log goes on and
// the export keeps the superseded history beside the new one.
func TestSequencerRefusesARolledBackDatabase(t *testing.T) {
	onBoth(t, func(t *testing.T, dsn func(string) string) {
		ctx := context.Background()
		exp := t.TempDir()
		f := newFixture(t, dsn)
		known, _ := f.keys.Known()
		cfg := auditlog.Config{ExportDir: exp, Known: known}
		a := f.log(t, cfg)
		f.appendRecords(t, 5)
		mustStep(t, a)
		f.appendRecords(t, 7)
		mustStep(t, a)
		if _, err := a.AcceptRollback(ctx, "none"); nsor.ErrorCode(err) != "audit.no_rollback" {
			t.Errorf("AcceptRollback(consistent database) = %v, want audit.no_rollback", err)
		}
		before := readDir(t, exp)

		// The same log rolled back to its first five records.
		g := newFixture(t, func(dir string) string {
			if d := dsn(dir); strings.HasPrefix(d, "postgres") {
				return pgtest.NewDatabase(t) // another database: dsn gives this test's one
			}
			return filepath.Join(dir, "nsor.db")
		})
		g.keys = f.keys
		g.appendRecords(t, 5)
		b := g.log(t, cfg)
		if err := b.CheckExported(ctx); nsor.ErrorCode(err) != "audit.log_behind" || nsor.KindOf(err) != nsor.KindUnavailable {
			t.Errorf("CheckExported(rolled back) = %v, want unavailable audit.log_behind", err)
		}
		if res, err := b.Step(ctx, true); nsor.ErrorCode(err) != "audit.log_behind" || res.Added != 0 || res.Checkpoint != nil {
			t.Errorf("Step(rolled back) = %+v, %v; want audit.log_behind, nothing integrated or signed", res, err)
		}
		if nsor.ErrorCode(b.Health()) != "audit.log_behind" {
			t.Errorf("Health() = %v, want audit.log_behind", b.Health())
		}
		// Other records integrated behind its back: the log forks.
		g.clock.Advance(time.Minute)
		g.appendRecords(t, 9)
		behind := g.log(t, auditlog.Config{})
		if _, err := behind.Step(ctx, false); err != nil {
			t.Fatal(err)
		}
		if err := behind.Yield(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Step(ctx, true); nsor.ErrorCode(err) != "audit.log_forked" {
			t.Errorf("Step(forked) = %v, want audit.log_forked", err)
		}
		after := readDir(t, exp)
		for name, content := range before {
			if after[name] != content {
				t.Errorf("export file %s changed under a rolled-back database", name)
			}
		}

		r, err := b.AcceptRollback(ctx, "synthetic test: the disk was restored")
		if err != nil || r.Restored != 5 || r.SupersededSize != 12 {
			t.Fatalf("AcceptRollback(forked at 5) = %+v, %v; want restored 5, superseded 12", r, err)
		}
		res := mustStep(t, b)
		if res.Checkpoint == nil || res.Checkpoint.Size != 15 || b.Health() != nil {
			t.Fatalf("Step() after AcceptRollback = %+v, health %v; want a checkpoint of 15 and no refusal", res, b.Health())
		}
		after = readDir(t, exp)
		if !strings.HasPrefix(after[auditlog.HistoryFile], before[auditlog.HistoryFile]) || len(after[auditlog.HistoryFile]) <= len(before[auditlog.HistoryFile]) {
			t.Errorf("history after the accepted rollback does not extend the one before")
		}
		kept := 0
		for name, content := range after {
			if strings.HasPrefix(name, auditlog.LeavesFile+".superseded-12-") && content == before[auditlog.LeavesFile] {
				kept++
			}
		}
		if kept != 1 || len(after[auditlog.LeavesFile]) != 15*32 {
			t.Errorf("leaves files after the accepted rollback: %d kept as before, new one of %d bytes; want 1 and 15 hashes", kept, len(after[auditlog.LeavesFile]))
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestSequencerRefusesAMissingHistory: the stored checkpoints the export
// directory lacks are counted (docs/adr/0016-export-history.md): the newest
// alone is a crash between storing and exporting, and ExportNewest exports
// it; two or more with no exported checkpoint refuse on both databases;
// two or more newer than the exported one refuse only where this
// directory receives every checkpoint (SoleExporter).
func TestSequencerRefusesAMissingHistory(t *testing.T) {
	onBoth(t, func(t *testing.T, dsn func(string) string) {
		ctx := context.Background()
		f := newFixture(t, dsn)
		known, _ := f.keys.Known()
		exp := t.TempDir()
		a := f.log(t, auditlog.Config{ExportDir: exp, Known: known, SoleExporter: true})
		f.appendRecords(t, 3)
		mustStep(t, a)
		first := readDir(t, exp)

		fresh := f.log(t, auditlog.Config{ExportDir: t.TempDir(), Known: known, SoleExporter: true})
		if err := fresh.CheckExported(ctx); err != nil {
			t.Errorf("CheckExported(one stored checkpoint, none exported) = %v, want nil", err)
		}
		f.appendRecords(t, 4)
		mustStep(t, a)
		f.appendRecords(t, 5)
		mustStep(t, a)
		if err := a.Yield(ctx); err != nil {
			t.Fatal(err)
		}

		for _, sole := range []bool{true, false} {
			empty := f.log(t, auditlog.Config{ExportDir: t.TempDir(), Known: known, SoleExporter: sole})
			if err := empty.CheckExported(ctx); nsor.ErrorCode(err) != "audit.export_missing" || nsor.KindOf(err) != nsor.KindUnavailable {
				t.Errorf("CheckExported(three stored checkpoints, none exported, sole %v) = %v, want unavailable audit.export_missing", sole, err)
			}
			f.appendRecords(t, 1)
			if res, err := empty.Step(ctx, true); nsor.ErrorCode(err) != "audit.export_missing" || res.Added != 0 || res.Checkpoint != nil {
				t.Errorf("Step(history missing, sole %v) = %+v, %v; want audit.export_missing, nothing integrated or signed", sole, res, err)
			}
			if err := empty.Yield(ctx); err != nil {
				t.Fatal(err)
			}

			lagging := t.TempDir()
			for name, content := range first {
				if err := os.WriteFile(filepath.Join(lagging, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			l := f.log(t, auditlog.Config{ExportDir: lagging, Known: known, SoleExporter: sole})
			err := l.CheckExported(ctx)
			if sole && nsor.ErrorCode(err) != "audit.export_missing" {
				t.Errorf("CheckExported(two stored checkpoints newer than the exported, sole) = %v, want audit.export_missing", err)
			}
			if !sole && err != nil {
				t.Errorf("CheckExported(two stored checkpoints newer than the exported, another instance's) = %v, want nil", err)
			}
		}
		if err := a.ExportNewest(ctx); err != nil {
			t.Fatal(err)
		}
		if err := a.CheckExported(ctx); err != nil {
			t.Errorf("CheckExported(its own export, the newest exported) = %v, want nil", err)
		}
	})
}
