package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	"nsor"
	"nsor/backup"
)

// TestBackupWhileWriting, on each database: a backup taken while acts
// commit and the sequencer integrates and checkpoints them is consistent:
// restored on a new machine that has only the keys, its log verifies and
// holds exactly the tree the manifest describes.
func TestBackupWhileWriting(t *testing.T) {
	for _, kind := range backupKinds {
		t.Run(kind, func(t *testing.T) {
			s := newSite(t, kind)
			s.act(t, false)
			stop := writeInBackground(t, s)
			file := backupOf(t, s)
			if n := stop(); n == 0 {
				t.Fatal("the background writer wrote nothing")
			}
			m, _, err := backup.ReadFile(file, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			fresh := newSite(t, kind)
			copyDir(t, s.c.keyPath(), fresh.c.keyPath()) // the keys come back from their own backup
			out, err := fresh.cmd(t, "restore", "--in", file)
			if err != nil {
				t.Fatalf("restore = %v\n%s", err, out)
			}
			re := regexp.MustCompile(`the log was restored at (\d+) leaves, losing none`)
			if got := re.FindStringSubmatch(out); got == nil || got[1] != fmt.Sprint(m.AuditTreeSize) {
				t.Errorf("verifier report = %q, want a restore at %d leaves", out, m.AuditTreeSize)
			}
		})
	}
}

// writeInBackground adds provinces and runs the sequencer, as a busy server
// does, until the returned function stops it and says how many it added. It
// returns once the first has committed.
func writeInBackground(t *testing.T, s *site) func() int {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := s.c.open(ctx, true, nsor.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	console := s.console(t, a)
	done, started := make(chan int), make(chan struct{})
	var once sync.Once
	signal := func() { once.Do(func() { close(started) }) }
	errs := make(chan error, 1)
	go func() {
		n := 0
		for ; ctx.Err() == nil; n++ {
			if n == 1 {
				signal()
			}
			j := &nsor.Jurisdiction{Kind: nsor.KindProvince, Code: fmt.Sprintf("W%03d", n), Name: "Synthetic", ParentID: console.Jurisdiction.ID}
			if err := a.svc.CreateJurisdiction(ctx, console, j); err != nil && ctx.Err() == nil {
				errs <- err
				break
			}
			if _, err := a.log.Step(ctx, n%3 == 0); err != nil && ctx.Err() == nil {
				errs <- err
				break
			}
		}
		signal()
		done <- n
	}()
	<-started // the backup begins while the writer is at work
	return func() int {
		cancel()
		n := <-done
		select {
		case err := <-errs:
			t.Errorf("background writer: %v", err)
		default:
		}
		if err := a.db.ReleaseSequencer(context.Background()); err != nil {
			t.Error(err)
		}
		a.db.Close()
		return n
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
