package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"nsor"
)

// "nsor audit accept-rollback" is the operator's way out when nsor refuses
// to work on a database that is behind, or forks from, the checkpoint it
// exported (docs/backup-restore.md), or whose export history is missing
// (docs/adr/0016-export-history.md): it declares the loss in a signed
// restore note with the operator's reason, records it in the audit log,
// and signs and exports a checkpoint that starts a new history, keeping the
// superseded one. Every verification after it reports the loss, with the
// exit status "holds only in part".
//
//	nsor audit accept-rollback --data DIR | --database URL --reason "..."
func init() { auditCommands["accept-rollback"] = auditAcceptRollback }

func auditAcceptRollback(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("audit accept-rollback", flag.ContinueOnError)
	var c config
	c.flags(fs)
	reason := fs.String("reason", "", "why the loss is accepted; recorded in the audit log")
	if err := c.parse(fs, args, stdout, needKeys|needCheckpoints); err != nil {
		return err
	}
	if strings.TrimSpace(*reason) == "" || fs.NArg() > 0 {
		return usagef("audit accept-rollback", `give --reason "..." (and no other argument)`)
	}
	a, err := c.open(ctx, false, nsor.DefaultConfig())
	if err != nil {
		return err
	}
	defer a.db.Close()
	holder, until, err := a.db.SequencerLease(ctx)
	if err != nil {
		return err
	}
	if now := wallClock.Now(); holder != "" && until.After(now) {
		return fmt.Errorf("%w: %s holds the audit sequencer's lease; stop every nsor instance and retry", errTargetInUse, holder)
	}
	rest, err := a.log.AcceptRollback(ctx, strings.TrimSpace(*reason))
	if err != nil {
		return err
	}
	if err := signAll(ctx, a); err != nil {
		return fmt.Errorf("the rollback is recorded, but: %w", err)
	}
	if rest.Restored == rest.SupersededSize {
		// The export history was lost, not leaves (auditlog.Log.AcceptRollback).
		fmt.Fprintf(stdout, "nsor: the loss of the export history is accepted: a new history begins at %d leaves; the stored checkpoints before it were checked against nothing kept outside the database\n", rest.Restored)
		fmt.Fprintf(stdout, "nsor: nsor audit verify reports the lost export history and exits 3 (holds only in part)\n")
		return nil
	}
	fmt.Fprintf(stdout, "nsor: rollback accepted: the audit log goes on from %d leaves; the checkpoint it superseded covered %d: leaves [%d, %d) are declared lost\n",
		rest.Restored, rest.SupersededSize, rest.Restored, rest.SupersededSize)
	fmt.Fprintf(stdout, "nsor: the superseded history stays in %s; nsor audit verify reports the loss and exits 3 (holds only in part)\n", c.exportDir())
	return nil
}

// signAll integrates every record and signs and exports a checkpoint over
// them, then releases the sequencer's lease for the server that starts next.
func signAll(ctx context.Context, a *app) error {
	for {
		res, err := a.log.Step(ctx, true)
		if err != nil {
			return err
		}
		if !res.Leased {
			return fmt.Errorf("%w: the audit sequencer's lease was taken", errTargetInUse)
		}
		if res.Added == 0 {
			return a.db.ReleaseSequencer(ctx)
		}
	}
}
