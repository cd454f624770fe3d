package main

import (
	"context"
	"fmt"

	"nsor"
	"nsor/auditlog"
	"nsor/sqlstore"
)

// guardedDB is the store the service works on in nsor serve: every write
// is refused while the audit log refuses to go on because the database is
// behind, or forks from, the checkpoint this installation exported, or its
// export history is missing (auditlog.Log.Health;
// docs/adr/0016-export-history.md). The refusal is KindUnavailable (HTTP
// 503) with the log's code, "audit.log_behind", "audit.log_forked" or
// "audit.export_missing". Reads that write nothing go on, so that the operator
// and the auditors can look. Embedding the *sqlstore.DB keeps the
// interfaces the service asks it for (SingleWriter, CredentialReader).
type guardedDB struct {
	*sqlstore.DB
	log *auditlog.Log
}

// Update refuses while the log refuses, and otherwise runs fn.
func (g guardedDB) Update(ctx context.Context, fn func(nsor.Tx) error) error {
	if err := g.log.Health(); err != nil {
		return err
	}
	return g.DB.Update(ctx, fn)
}

// guardAuditLog compares the database with the exported checkpoint before
// nsor serve accepts a request, and makes the service's writes wait on the
// outcome: a database rolled back underneath the installation starts, but
// refuses every change and every checkpoint, and /healthz says why.
func guardAuditLog(ctx context.Context, a *app, cfg nsor.Config) error {
	switch err := a.log.CheckExported(ctx); {
	case err == nil:
		// A crash between storing the newest checkpoint and exporting it
		// leaves it out of the export: export it now, before the
		// sequencer signs the next.
		if err := a.log.ExportNewest(ctx); err != nil {
			return fmt.Errorf("export the newest checkpoint: %w", err)
		}
	case nsor.KindOf(err) != nsor.KindUnavailable:
		return err
	}
	a.svc = a.wire(guardedDB{DB: a.db, log: a.log}, cfg)
	return nil
}

// auditReady adds the audit log's health to the readiness probe.
func auditReady(a *app, ready func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error {
		if err := a.log.Health(); err != nil {
			return err
		}
		return ready(ctx)
	}
}
