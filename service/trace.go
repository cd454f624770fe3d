package service

import (
	"context"
	"fmt"
	"nsor"
	"nsor/auditrec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TraceDisclosure answers an auditor: which disclosure a number or a copied
// text is, to whom it was rendered and when. A text names a recipient only
// when the evidence leaves no reasonable doubt (a hidden mark with a valid
// keyed checksum, or textual marks whose false-match bound is below
// FalseMatchLimit), and nobody when the marks disagree. The text itself is
// register data: the audit record holds only its keyed hash.
//
// Errors: 403 auth.forbidden, auth.scope; 422 trace.query_required,
// trace.number_invalid; 413 trace.text_too_long; 404 disclosure.not_found.
func (s *Service) TraceDisclosure(ctx context.Context, a *nsor.Actor, q nsor.TraceQuery) (*nsor.Trace, error) {
	// The weighing runs in a snapshot, off the writer's path: it reads every
	// rendering in the audit trail and computes a key for each. Nothing of
	// the answer leaves unless its record is written.
	if err := nsor.CheckFields(q); err != nil {
		return nil, s.refused(ctx, s.record(a, "audit.trace"), err)
	}
	out, err := s.weighTrace(ctx, a, q)
	if err != nil {
		if nsor.IsFault(err) {
			return nil, err
		}
		rec := s.record(a, "audit.trace")
		s.traceQueryDetails(rec, q)
		return nil, s.refused(ctx, rec, err)
	}
	err = s.do(ctx, a, "audit.trace", func(tx nsor.Tx, rec *auditrec.Record) error {
		s.traceQueryDetails(rec, q)
		detail(rec, "verdict", out.Verdict)
		if out.Disclosure != nil {
			rec.Object, rec.RequestID = object("release", out.Disclosure.ReleaseID), out.Disclosure.RequestID
		}
		if out.Verdict == nsor.TraceIdentified {
			detail(rec, "traced_user", out.Recipients[0].UserID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// weighTrace answers a trace in a read-only snapshot.
func (s *Service) weighTrace(ctx context.Context, a *nsor.Actor, q nsor.TraceQuery) (*nsor.Trace, error) {
	var out *nsor.Trace
	err := s.view(ctx, func(tx nsor.Tx) error {
		if err := requireAuditReader(a); err != nil {
			return err
		}
		if err := checkTraceQuery(q); err != nil {
			return err
		}
		var err error
		if q.Number != "" {
			out, err = s.traceNumber(tx, q.Number)
		} else {
			out, err = s.traceText(tx, q.Text)
		}
		return err
	})
	return out, err
}

// traceQueryDetails records what was asked: a disclosure number as it is
// (it names a disclosure, not a person), anything else only by its keyed
// hash, and a text by its length and keyed hash.
func (s *Service) traceQueryDetails(rec *auditrec.Record, q nsor.TraceQuery) {
	if q.Number != "" {
		detail(rec, "query", "number")
		if numberSyntax.MatchString(q.Number) {
			detail(rec, "disclosure", q.Number)
		} else {
			s.tag(rec, "trace_number", q.Number) // whatever was typed there, perhaps an identifier
		}
		return
	}
	detail(rec, "query", "text")
	detail(rec, "text_bytes", len(q.Text))
	s.tag(rec, "trace_text", q.Text)
}

var numberSyntax = regexp.MustCompile(`^DN-([0-9]{4})-([0-9]{6,})$`)

func checkTraceQuery(q nsor.TraceQuery) error {
	switch {
	case q.Number != "" && q.Text != "":
		return nsor.Invalid("number", "trace.query_required", "Give either a disclosure number or copied text, not both.")
	case q.Number != "":
		if !numberSyntax.MatchString(q.Number) {
			return nsor.Invalid("number", "trace.number_invalid", "A disclosure number reads DN-<year>-<six or more digits>, e.g. DN-2026-000012.")
		}
	case len(q.Text) > nsor.MaxTraceText:
		return &nsor.Error{Kind: nsor.KindTooLarge, Code: "trace.text_too_long",
			Message: fmt.Sprintf("Paste at most %d KiB of text: a page or two of the leaked copy is enough.", nsor.MaxTraceText>>10),
			Fields:  []nsor.FieldError{{Field: "text", Code: "trace.text_too_long", Message: "Too long."}}}
	case strings.TrimSpace(q.Text) == "":
		return nsor.Invalid("text", "trace.query_required", "Give a disclosure number or the text copied from the leaked page.")
	}
	return nil
}

// traceNumber names the disclosure and everyone it was rendered to.
func (s *Service) traceNumber(tx nsor.Tx, number string) (*nsor.Trace, error) {
	m := numberSyntax.FindStringSubmatch(number)
	reqID, err := strconv.ParseInt(m[2], 10, 64)
	if err != nil {
		return nil, nsor.NotFound("disclosure")
	}
	rel, err := tx.ReleaseOf(reqID)
	if nsor.KindOf(err) == nsor.KindNotFound || (err == nil && rel.Number != number) {
		return nil, nsor.NotFound("disclosure")
	} else if err != nil {
		return nil, err
	}
	t := &nsor.Trace{Verdict: nsor.TraceDisclosure, Disclosure: traced(rel)}
	if t.Recipients, err = recipients(tx, rel); err != nil {
		return nil, err
	}
	t.Message = fmt.Sprintf("Disclosure %s was released at %s; %d person(s) acknowledged or read it.", rel.Number,
		rel.ReleasedAt.Format(time.RFC3339), len(t.Recipients))
	return t, nil
}

// recipients lists everyone who acknowledged or was rendered a release,
// with when.
func recipients(tx nsor.Tx, rel *nsor.Release) ([]nsor.TracedRecipient, error) {
	rs, err := renderings(tx, object("release", rel.ID))
	if err != nil {
		return nil, err
	}
	acks, err := tx.Acknowledgements(rel.ID)
	if err != nil {
		return nil, err
	}
	users := map[int64]*nsor.TracedRecipient{}
	var order []int64
	add := func(uid int64) *nsor.TracedRecipient {
		if users[uid] == nil {
			users[uid] = &nsor.TracedRecipient{UserID: uid, RenderedAt: []time.Time{}}
			order = append(order, uid)
		}
		return users[uid]
	}
	for _, k := range acks {
		add(k.UserID).AcknowledgedAt = k.At
	}
	for _, r := range rs {
		x := add(r.userID)
		x.RenderedAt = append(x.RenderedAt, r.at...)
	}
	out := []nsor.TracedRecipient{}
	for _, uid := range order {
		if err := fillUser(tx, users[uid]); err != nil {
			return nil, err
		}
		out = append(out, *users[uid])
	}
	return out, nil
}

func traced(rel *nsor.Release) *nsor.TracedDisclosure {
	return &nsor.TracedDisclosure{Number: rel.Number, ReleaseID: rel.ID, RequestID: rel.RequestID, ReleasedAt: rel.ReleasedAt, ReleasedBy: rel.ReleasedBy}
}

func fillUser(tx nsor.UserTx, r *nsor.TracedRecipient) error {
	u, err := tx.User(r.UserID)
	if err != nil {
		return err
	}
	r.Username, r.Name, r.Rank, r.Role = u.Username, u.Name, u.Rank, u.Role
	return nil
}

// rendered is one recipient's renderings of one release, from the audit
// trail: every successful release.read is a rendering with that reader's
// marks, and its record names the key version the marks were made with.
type rendered struct {
	releaseID, requestID, userID int64
	keyVersion                   uint32
	at                           []time.Time
}

// renderings lists the renderings recorded for one release object ("" for
// every release), by release and reader, in the order first rendered.
func renderings(tx nsor.AuditTx, obj string) ([]*rendered, error) {
	var out []*rendered
	byKey := map[[3]int64]*rendered{}
	// An auditor's view of a disclosure within a misuse case is a rendering
	// with the auditor's marks too.
	for _, action := range []string{"release.read", "case.release_read"} {
		f := nsor.AuditFilter{Action: action, Object: obj, Limit: 1000}
		for {
			es, err := tx.AuditRecords(f)
			if err != nil {
				return nil, err
			}
			for _, e := range es {
				addRendering(e.Record, byKey, &out)
			}
			if len(es) < f.Limit {
				break
			}
			f.AfterID = es[len(es)-1].ID
		}
	}
	return out, nil
}

func addRendering(r *auditrec.Record, byKey map[[3]int64]*rendered, out *[]*rendered) {
	var relID int64
	if r.Outcome != auditrec.OutcomeOK || r.ActorID == 0 {
		return
	}
	if _, err := fmt.Sscanf(r.Object, "release/%d", &relID); err != nil {
		return
	}
	var version uint32
	for _, d := range r.Details {
		if d.Key == "mark_key" {
			if v, err := strconv.ParseUint(d.Value, 10, 32); err == nil {
				version = uint32(v)
			}
		}
	}
	// Renderings under different key versions carry different marks, so
	// each version is a candidate of its own.
	k := [3]int64{relID, r.ActorID, int64(version)}
	x := byKey[k]
	if x == nil {
		x = &rendered{releaseID: relID, requestID: r.RequestID, userID: r.ActorID, keyVersion: version}
		byKey[k] = x
		*out = append(*out, x)
	}
	if !slices.Contains(x.at, r.At) {
		x.at = append(x.at, r.At)
	}
}
