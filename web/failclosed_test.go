package web_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"nsor"
	"nsor/auditrec"
)

// faultyStore fails every audit append while broken is set, as a full disk
// or a read-only database would.
type faultyStore struct {
	nsor.Store
	broken atomic.Bool
}

func (s *faultyStore) Update(ctx context.Context, fn func(nsor.Tx) error) error {
	return s.Store.Update(ctx, func(tx nsor.Tx) error { return fn(faultyTx{tx, s}) })
}

type faultyTx struct {
	nsor.Tx
	s *faultyStore
}

var errDiskFull = errors.New("injected: database or disk is full")

func (t faultyTx) AppendAudit(r *auditrec.Record) (int64, error) {
	if t.s.broken.Load() {
		return 0, errDiskFull
	}
	return t.Tx.AppendAudit(r)
}

func (t faultyTx) RecordAudit(r *auditrec.Record) error {
	if t.s.broken.Load() {
		return errDiskFull
	}
	return t.Tx.RecordAudit(r)
}

// TestActFailsWhenAuditFails: with the audit trail unwritable, a transition
// fails and leaves nothing, a search of the register returns no register
// data, and a refused attempt is not silently accepted either.
func TestActFailsWhenAuditFails(t *testing.T) {
	fs := &faultyStore{}
	e := newEnvWrapped(t, nil, func(s nsor.Store) nsor.Store { fs.Store = s; return fs })
	c := newCast(e)
	io, dpp, an := e.login(c.io1), e.login(c.dpp), e.login(c.analyst1)
	enterRecord(t, e, e.login(c.registrar1), e.login(c.registrar2), offenderRecord())
	id := fileRequest(t, e, io)
	act(t, e, dpp, id, "forward", map[string]any{"checklist": fullChecklist})
	v := act(t, e, an, id, "assign", map[string]any{})

	fs.broken.Store(true)
	before := digest(t, e)
	_, err := dpp.Act(e.ctx, id, "forward", map[string]any{"version": v.Version, "checklist": fullChecklist})
	problem(t, "refused act with the audit broken", err, http.StatusInternalServerError, "internal")
	cands, err := an.Search(e.ctx, id, v.Suspects[0].ID, nil)
	problem(t, "search with the audit broken", err, http.StatusInternalServerError, "internal")
	if len(cands) != 0 {
		t.Errorf("search with the audit broken returned %d candidates, want none", len(cands))
	}
	_, err = an.Act(e.ctx, id, "answer", map[string]any{"version": v.Version, "outcomes": []map[string]any{{"suspect_id": v.Suspects[0].ID, "outcome": "no_record"}}})
	problem(t, "answer with the audit broken", err, http.StatusInternalServerError, "internal")
	fs.broken.Store(false)
	if after := digest(t, e); after != before {
		t.Errorf("acts with the audit broken wrote:\nbefore %s\nafter  %s", before, after)
	}
}
