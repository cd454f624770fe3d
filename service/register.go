package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"nsor/match"
	"regexp"
	"strings"
)

// tagRecord adds a record's identifiers as keyed hashes to an audit record.
func (s *Service) tagRecord(rec *auditrec.Record, r *nsor.OffenderRecord) {
	s.tag(rec, "name", match.NameKey(r.Name))
	s.tag(rec, "cnic", string(r.CNIC))
}

// requireRegistrar refuses all but registrars with register write scope.
func requireRegistrar(a *nsor.Actor, scope string) error {
	if err := requireRole(a, nsor.RoleRegistrar); err != nil {
		return err
	}
	return requireScope(a, scope)
}

// ProposeRecord enters a new register record (a registrar, the maker). It is
// pending, and answered from only once a second registrar has checked it.
func (s *Service) ProposeRecord(ctx context.Context, a *nsor.Actor, in nsor.RecordInput, reason string, idem nsor.Idempotency) (*nsor.OffenderVersion, []nsor.Warning, error) {
	var v *nsor.OffenderVersion
	var warn []nsor.Warning
	err := s.do(ctx, a, "register.create", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := requireRegistrar(a, nsor.ScopeRegisterWrite); err != nil {
			return err
		}
		if id, err := s.replay(tx, a, idem, "record"); id != 0 || err != nil {
			if err == nil {
				v, err = tx.OffenderVersion(id, 1)
			}
			return err
		}
		r, w, err := nsor.ValidateRecord(in, s.now())
		if err != nil {
			return err
		}
		if err := checkSampleRefs(tx, &r); err != nil {
			return err
		}
		if err := nsor.RequireReason(reason); err != nil {
			return err
		}
		now := s.now()
		warn = w
		// The registrar is told of likely duplicates before the record is
		// saved twice; the check, not this warning, decides.
		if err := s.catchUp(tx); err != nil {
			return err
		}
		if dup, _ := s.likelyDuplicates(&r, 0); dup != nil {
			warn = append(warn, *dup)
		}
		// A pending record carries its proposed content, so that registrars
		// find it (and do not enter it twice); it is not answered from.
		o := &nsor.Offender{Status: nsor.RecordPending, Record: r, OwnerID: a.ID(), CreatedAt: now, UpdatedAt: now}
		v = &nsor.OffenderVersion{N: 1, Kind: nsor.ChangeCreate, Record: r, Reason: reason, MadeBy: a.ID(), MadeAt: now, Decision: nsor.DecisionPending}
		if err := tx.CreateOffender(o, v); err != nil {
			return err
		}
		v.OffenderID = o.ID
		rec.Object, rec.Purpose = object("record", o.ID), "maintenance"
		s.tagRecord(rec, &r)
		if err := s.remember(tx, a, idem, rec.Object); err != nil {
			return err
		}
		return s.askChecker(tx, a, o.ID)
	})
	return v, warn, err
}

func (s *Service) askChecker(tx nsor.Tx, a *nsor.Actor, recordID int64) error {
	to, err := bureau(tx, nsor.RoleRegistrar, a.ID())
	if err != nil {
		return err
	}
	n := &nsor.Notification{Kind: nsor.NoteChangePending, RecordID: recordID, Message: fmt.Sprintf("A change to register record %d awaits checking.", recordID), CreatedAt: s.now()}
	for _, u := range to {
		n.UserID, n.ID = u, 0
		if err := tx.AddNotification(n); err != nil {
			return err
		}
	}
	return nil
}

// ProposeChange proposes a correction (or, with remove, a removal on
// acquittal or pardon) of a record, with a reason. One change waits at a time.
func (s *Service) ProposeChange(ctx context.Context, a *nsor.Actor, id int64, in *nsor.RecordInput, remove bool, reason string) (*nsor.OffenderVersion, []nsor.Warning, error) {
	var v *nsor.OffenderVersion
	var warn []nsor.Warning
	err := s.do(ctx, a, "register.change", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.Purpose = object("record", id), "maintenance"
		if err := requireRegistrar(a, nsor.ScopeRegisterWrite); err != nil {
			return err
		}
		o, err := s.changeable(tx, id, reason)
		if err != nil {
			return err
		}
		v = &nsor.OffenderVersion{OffenderID: id, Kind: nsor.ChangeRemove, Record: o.Record, Reason: reason, MadeBy: a.ID(), MadeAt: s.now(), Decision: nsor.DecisionPending}
		if !remove {
			if in == nil {
				return nsor.Invalid("record", "record.required", "Give the corrected record.")
			}
			if v.Record, warn, err = nsor.ValidateRecord(*in, s.now()); err != nil {
				return err
			}
			if err := checkSampleRefs(tx, &v.Record); err != nil {
				return err
			}
			v.Kind = nsor.ChangeCorrect
		}
		s.tagRecord(rec, &v.Record)
		detail(rec, "kind", v.Kind)
		if err := tx.AddOffenderVersion(v); err != nil {
			return err
		}
		return s.askChecker(tx, a, id)
	})
	return v, warn, err
}

func (s *Service) changeable(tx nsor.Tx, id int64, reason string) (*nsor.Offender, error) {
	o, err := tx.Offender(id)
	if err != nil {
		return nil, err
	}
	if err := nsor.RequireReason(reason); err != nil {
		return nil, err
	}
	vs, err := tx.OffenderVersions(id)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if v.Decision == nsor.DecisionPending {
			return nil, nsor.Errorf(nsor.KindConflict, "record.change_pending", "Version %d of this record awaits checking; check it before proposing another change.", v.N)
		}
	}
	if o.Status == nsor.RecordRemoved {
		return nil, nsor.Errorf(nsor.KindConflict, "record.removed", "This record was removed from the register; it is kept but not changed.")
	}
	return o, nil
}

// CheckChange is the checker's decision on a pending change (a registrar who
// did not make it). Approval applies it; when a record that was released is
// corrected or removed, the officers it was released to are told.
func (s *Service) CheckChange(ctx context.Context, a *nsor.Actor, id int64, n int, approve bool, note string) (*nsor.Offender, error) {
	var o *nsor.Offender
	err := s.do(ctx, a, "register.check", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.Purpose = object("record", id), "maintenance"
		if err := requireRegistrar(a, nsor.ScopeRegisterWrite); err != nil {
			return err
		}
		v, err := s.checkable(tx, a, id, n, approve, note)
		if err != nil {
			return err
		}
		if o, err = tx.Offender(id); err != nil {
			return err
		}
		detail(rec, "version", n)
		detail(rec, "approved", approve)
		if !approve {
			return nil
		}
		if err := checkSampleRefs(tx, &v.Record); err != nil {
			return err
		}
		return s.apply(tx, o, v)
	})
	return o, err
}

func (s *Service) checkable(tx nsor.Tx, a *nsor.Actor, id int64, n int, approve bool, note string) (*nsor.OffenderVersion, error) {
	v, err := tx.OffenderVersion(id, n)
	if err != nil {
		return nil, err
	}
	if err := nsor.CheckText("note", note, nsor.LimitReason); err != nil {
		return nil, err
	}
	switch {
	case v.Decision != nsor.DecisionPending:
		return nil, nsor.Errorf(nsor.KindConflict, "record.already_checked", "Version %d was already %s.", n, v.Decision)
	case v.MadeBy == a.ID():
		return nil, nsor.Errorf(nsor.KindForbidden, "record.checker_is_maker", "You made this change; a second registrar must check it (maker-checker).")
	case a.User.IsService(): // the token's secret went to one administrator (docs/adr/0014-no-impersonation.md)
		return nil, nsor.Errorf(nsor.KindForbidden, "record.checker_not_person", "A change is checked by a second registrar in person; a machine client's account may only propose.")
	case !approve && nsor.RequireReason(note) != nil:
		return nil, nsor.Invalid("note", "reason.required", "Say why the change is rejected; the maker sees it.")
	}
	v.Decision, v.CheckedBy, v.CheckedAt, v.CheckNote = nsor.DecisionRejected, a.ID(), s.now(), note
	if approve {
		v.Decision = nsor.DecisionApproved
	}
	return v, tx.UpdateOffenderVersion(v)
}

// apply makes an approved version the record's current content.
func (s *Service) apply(tx nsor.Tx, o *nsor.Offender, v *nsor.OffenderVersion) error {
	o.Record, o.CurrentVersion, o.UpdatedAt = v.Record, v.N, s.now()
	o.Status = nsor.RecordActive
	if v.Kind == nsor.ChangeRemove {
		o.Status, o.RemovalReason = nsor.RecordRemoved, v.Reason
	}
	if err := tx.UpdateOffender(o); err != nil {
		return err
	}
	if v.Kind == nsor.ChangeCreate {
		return nil
	}
	return s.tellRecipients(tx, o, v)
}

// tellRecipients notifies every officer a record was released to, and the
// officer now holding each such case, that it was corrected or removed.
func (s *Service) tellRecipients(tx nsor.Tx, o *nsor.Offender, v *nsor.OffenderVersion) error {
	rels, err := tx.ReleasesOfRecord(o.ID)
	if err != nil {
		return err
	}
	for _, rel := range rels {
		r, err := tx.Request(rel.RequestID)
		if err != nil {
			return err
		}
		acks, err := tx.Acknowledgements(rel.ID)
		if err != nil {
			return err
		}
		to := []int64{r.IOUserID}
		for _, k := range acks {
			to = append(to, k.UserID)
		}
		msg := fmt.Sprintf("A record released to you in disclosure %s was %s by the bureau after release; do not rely on the released copy.",
			rel.Number, map[nsor.ChangeKind]string{nsor.ChangeCorrect: "corrected", nsor.ChangeRemove: "removed"}[v.Kind])
		if err := s.notify(tx, to, nsor.NoteRecordChanged, r.ID, msg); err != nil {
			return err
		}
	}
	return nil
}

// Record shows a register record with its versions to a registrar, for a
// stated purpose that is recorded (docs/rules.md#r8).
func (s *Service) Record(ctx context.Context, a *nsor.Actor, id int64, purpose string) (*nsor.Offender, []*nsor.OffenderVersion, error) {
	var o *nsor.Offender
	var vs []*nsor.OffenderVersion
	err := s.do(ctx, a, "register.read", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("record", id)
		if err := s.registrarPurpose(a, rec, purpose); err != nil {
			return err
		}
		var err error
		if o, err = tx.Offender(id); err != nil {
			return err
		}
		vs, err = tx.OffenderVersions(id)
		return err
	})
	return o, vs, err
}

// registrarPurpose allows a registrar's read of the register for its stated
// purpose, which the audit record keeps; a refused purpose is kept only as a
// keyed hash.
func (s *Service) registrarPurpose(a *nsor.Actor, rec *auditrec.Record, purpose string) error {
	if err := requireRegistrar(a, nsor.ScopeRegisterRead); err != nil {
		return err
	}
	if err := requirePurpose(purpose); err != nil {
		s.tag(rec, "text", purpose)
		return err
	}
	rec.Purpose = purpose
	return nil
}

// requirePurpose checks a registrar's stated purpose, which the audit
// record keeps in clear so that an auditor can weigh it: it says why, never
// whom, so a run of digits (a CNIC, an FIR number) is refused.
func requirePurpose(purpose string) error {
	if err := nsor.CheckText("purpose", purpose, nsor.LimitReason); err != nil {
		return err
	}
	if err := nsor.RequireReason(purpose); err != nil {
		return nsor.Invalid("purpose", "purpose.required", "State the purpose of this search or read (record maintenance); it is recorded.")
	}
	if digitRun.MatchString(purpose) {
		return nsor.Invalid("purpose", "purpose.identifying", "State why, not whom: a purpose is kept in the audit trail and must not carry a CNIC, FIR number or other identifier.")
	}
	return nil
}

// digitRun is a run of digits with dashes, spaces or slashes between: a
// CNIC (12345-1234567-1), or an FIR number as written, number/year (1234/2026).
var digitRun = regexp.MustCompile(`\d[\d\s/-]{3,}\d`)

// SearchRecords is a registrar's search for record maintenance, by CNIC or
// name, over every status, one page at a time in the order of the records'
// IDs; its purpose and terms, and the records of the page, are recorded.
func (s *Service) SearchRecords(ctx context.Context, a *nsor.Actor, terms nsor.SearchTerms, purpose string, p nsor.Page) (nsor.Paged[*nsor.Offender], error) {
	var out nsor.Paged[*nsor.Offender]
	if err := p.Check(1); err != nil {
		return out, err
	}
	err := s.do(ctx, a, "register.search", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := s.registrarPurpose(a, rec, purpose); err != nil {
			return err
		}
		if err := nsor.CheckFields(terms); err != nil {
			return err
		}
		c, err := nsor.ParseCNIC(terms.CNIC)
		if err != nil {
			return err
		}
		q := nsor.OffenderQuery{CNIC: c, AfterID: p.AfterID(), Limit: p.Fetch()}
		if strings.TrimSpace(terms.Name) != "" {
			q.NameKey = match.NameKey(terms.Name)
		}
		if q.CNIC == "" && q.NameKey == "" {
			return nsor.Invalid("name", "search.terms_required", "Search by CNIC or by name.")
		}
		q.AnyStatus = true
		s.tag(rec, "cnic", string(q.CNIC))
		s.tag(rec, "name", q.NameKey)
		found, err := tx.SearchOffenders(q)
		out = nsor.Cut(found, p, func(o *nsor.Offender) []int64 { return nsor.ByID(o.ID) })
		ids := make([]nsor.Candidate, len(out.Items))
		for i, o := range out.Items {
			ids[i].RecordID = o.ID
		}
		detail(rec, "records", recordIDs(ids))
		return err
	})
	return out, err
}

// PendingChanges lists the changes awaiting a checker, with their content; the
// read is recorded.
func (s *Service) PendingChanges(ctx context.Context, a *nsor.Actor, p nsor.Page) (nsor.Paged[*nsor.OffenderVersion], error) {
	var out nsor.Paged[*nsor.OffenderVersion]
	if err := p.Check(3); err != nil {
		return out, err
	}
	err := s.do(ctx, a, "register.pending", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Purpose = "maintenance"
		if err := requireRegistrar(a, nsor.ScopeRegisterRead); err != nil {
			return err
		}
		vs, err := tx.PendingVersions(p.After, p.Fetch())
		out = nsor.Cut(vs, p, func(v *nsor.OffenderVersion) []int64 { return []int64{v.MadeAt.UnixMilli(), v.OffenderID, int64(v.N)} })
		detail(rec, "count", len(out.Items))
		return err
	})
	return out, err
}
