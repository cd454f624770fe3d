package service_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"nsor"
	"nsor/auditrec"
)

// procActs is a request's history as its acts.
func procActs(t *testing.T, w *world, id int64) []nsor.Action {
	var out []nsor.Action
	for _, e := range procEvents(t, w, id) {
		out = append(out, e.Action)
	}
	return out
}

// TestProcLifecycle: a request from its draft to its closing, every act by
// the person the procedure gives it to, checking what each act returns, what
// it stored, whom it told, and what it recorded.
func TestProcLifecycle(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		w := newWorld(t, dsn)
		ctx, svc := w.ctx, w.svc
		io, dpp, ana, sup := w.as("io.lahore2"), w.as("dpp.lahore1"), w.as("analyst2"), w.as("supervisor1")
		r := w.inState(nsor.StateDraft)

		// Edit: the grounds change, the suspects keep their rows.
		grounds := "The accused were seen with the victim the evening before the offence; their prior record bears on bail."
		in := nsor.RequestInput{Suspects: []int64{r.Suspects[0].AccusedID, r.Suspects[1].AccusedID}, Grounds: grounds, Declaration: true}
		v, err := svc.EditRequest(ctx, io, r.ID, r.Version, in)
		procOK(t, "edit", err)
		got := procWant(t, w, "edit", v, nsor.StateDraft)
		if got.Grounds != grounds || got.Version != r.Version+1 || got.Suspects[0].ID != r.Suspects[0].ID {
			t.Errorf("after edit: grounds %q version %d suspect %d", got.Grounds, got.Version, got.Suspects[0].ID)
		}

		// Submit: an Annexure A kept, the prosecutors and the DPO told.
		v, err = svc.Submit(ctx, io, r.ID, got.Version)
		procOK(t, "submit", err)
		got = procWant(t, w, "submit", v, nsor.StateSubmitted)
		if got.Submissions != 1 || v.Deadline == nil || v.Deadline.Kind != nsor.DeadlineForward {
			t.Errorf("after submit: submissions %d deadline %+v", got.Submissions, v.Deadline)
		}
		subs, err := allSubmissions(svc, ctx, dpp, r.ID)
		procOK(t, "submissions", err)
		if len(subs) != 1 || subs[0].SHA256 != nsor.SHA256Hex(subs[0].Annexure) || !bytes.Contains(subs[0].Annexure, []byte(grounds)) {
			t.Errorf("submissions: %d, hash or grounds wrong", len(subs))
		}
		for _, u := range []string{"dpp.lahore1", "dpp.lahore2", "dpo.lahore"} {
			if !procNoted(t, w, u, nsor.NoteSubmitted, r.ID) {
				t.Errorf("%s was not told of the submission", u)
			}
		}
		if procNoted(t, w, "dpp.rawalpindi1", nsor.NoteSubmitted, r.ID) {
			t.Error("another district's prosecutor was told of the submission")
		}

		// Forward with the checklist: the bureau's supervisor told.
		c := nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, SuspectsNamedInFIR: true, GroundsSubstantiated: true, Note: "Checked against the FIR copy."}
		v, err = svc.Forward(ctx, dpp, r.ID, got.Version, c)
		procOK(t, "forward", err)
		got = procWant(t, w, "forward", v, nsor.StateForwarded)
		if got.ForwardedBy != dpp.ID() {
			t.Errorf("forwarded by %d", got.ForwardedBy)
		}
		if subs, _ = allSubmissions(svc, ctx, io, r.ID); len(subs) != 1 || subs[0].Checklist == nil || !subs[0].Checklist.Complete() || subs[0].CheckedBy != dpp.ID() {
			t.Errorf("the checklist was not kept with the submission: %+v", subs)
		}
		if !procNoted(t, w, "supervisor1", nsor.NoteForwarded, r.ID) || !procNoted(t, w, "io.lahore2", nsor.NoteForwarded, r.ID) {
			t.Error("the supervisor or the officer was not told of the forwarding")
		}
		if rec := procLastAudit(t, w); rec.Action != "request.forward" || rec.Outcome != auditrec.OutcomeOK || rec.RequestID != r.ID {
			t.Errorf("audit of the forwarding: %+v", rec)
		}

		// The supervisor assigns; the analyst is told.
		v, err = svc.Assign(ctx, sup, r.ID, got.Version, ana.ID())
		procOK(t, "assign", err)
		if got = procWant(t, w, "assign", v, nsor.StateForwarded); got.AnalystID != ana.ID() {
			t.Errorf("assigned to %d", got.AnalystID)
		}
		if !procNoted(t, w, "analyst2", nsor.NoteAssigned, r.ID) {
			t.Error("the analyst was not told of the assignment")
		}

		// The analyst searches for each suspect and answers: no record.
		var outs []nsor.OutcomeInput
		for _, sp := range got.Suspects {
			_, err := svc.SearchRegister(ctx, ana, r.ID, sp.ID, nsor.SearchTerms{})
			procOK(t, "search", err)
			outs = append(outs, nsor.OutcomeInput{SuspectID: sp.ID, Outcome: nsor.OutcomeNoRecord, Note: "Nothing found."})
		}
		v, err = svc.Answer(ctx, ana, r.ID, got.Version, outs)
		procOK(t, "answer", err)
		got = procWant(t, w, "answer", v, nsor.StateAnswered)
		if got.AnsweredBy != ana.ID() || got.Suspects[0].Outcome != nsor.OutcomeNoRecord {
			t.Errorf("after answer: by %d, outcome %q", got.AnsweredBy, got.Suspects[0].Outcome)
		}
		if !procNoted(t, w, "dpp.lahore2", nsor.NoteAnswered, r.ID) {
			t.Error("the prosecutors were not told that the answer is ready for release")
		}
		// The officer does not see the outcomes before the release.
		if ov, err := svc.Request(ctx, io, r.ID); err != nil || ov.Suspects[0].Outcome != "" {
			t.Errorf("the officer sees the outcome before release: %v %+v", err, ov)
		}

		// Release (nothing to confirm): a snapshot with its number and hash.
		v, err = svc.Release(ctx, w.as("dpp.lahore2"), r.ID, got.Version)
		procOK(t, "release", err)
		got = procWant(t, w, "release", v, nsor.StateReleased)
		if v.Release == nil || v.Release.Acknowledged {
			t.Errorf("release summary in the prosecutor's view: %+v", v.Release)
		}
		if !procNoted(t, w, "io.lahore2", nsor.NoteReleased, r.ID) {
			t.Error("the officer was not told of the release")
		}

		// Acknowledge, then read and print: each read marked for the reader and recorded.
		v, err = svc.Acknowledge(ctx, io, r.ID, got.Version, true, "")
		procOK(t, "acknowledge", err)
		got = procWant(t, w, "acknowledge", v, nsor.StateAcknowledged)
		if got.AcknowledgedBy != io.ID() || v.Release == nil || !v.Release.Acknowledged {
			t.Errorf("after acknowledge: by %d, summary %+v", got.AcknowledgedBy, v.Release)
		}
		rv, err := svc.ReadRelease(ctx, io, r.ID)
		procOK(t, "read release", err)
		if rv.Number == "" || rv.SHA256 != nsor.SHA256Hex(rv.Content) || rv.Disclosure.RecipientID != io.ID() || rv.MarkedText == "" || rv.Advisory != nsor.Advisory {
			t.Errorf("release view: %+v", rv)
		}
		var snap nsor.ReleaseSnapshot
		if err := json.Unmarshal(rv.Content, &snap); err != nil || len(snap.Suspects) != 2 || snap.Suspects[0].Outcome != nsor.OutcomeNoRecord {
			t.Errorf("snapshot: %v %+v", err, snap)
		}
		if rec := procLastAudit(t, w); rec.Action != "release.read" || rec.ActorID != io.ID() || !procDetail(rec, "format", "json") {
			t.Errorf("audit of the read: %+v", rec)
		}
		page, pv, err := svc.PrintRelease(ctx, io, r.ID)
		procOK(t, "print release", err)
		if pv == nil || len(page) == 0 || !strings.Contains(string(page), rv.Number) {
			t.Errorf("printed page lacks the disclosure number %s", rv.Number)
		}
		if rec := procLastAudit(t, w); rec.Action != "release.read" || !procDetail(rec, "format", "html") {
			t.Errorf("audit of the print: %+v", rec)
		}
		// The district's prosecutor reads it too, marked for them.
		dv, err := svc.ReadRelease(ctx, dpp, r.ID)
		procOK(t, "prosecutor reads release", err)
		if dv.Disclosure.RecipientID != dpp.ID() || dv.MarkedText == rv.MarkedText {
			t.Error("the prosecutor's copy is not marked for the prosecutor")
		}

		v, err = svc.Close(ctx, io, r.ID, got.Version)
		procOK(t, "close", err)
		procWant(t, w, "close", v, nsor.StateClosed)
		if !slices.Equal(v.Actions, []nsor.Action{nsor.ActReadRelease, nsor.ActViewFIRCopy}) {
			t.Errorf("actions of a closed request: %v", v.Actions)
		}

		want := []nsor.Action{nsor.ActCreate, nsor.ActEdit, nsor.ActSubmit, nsor.ActForward, nsor.ActAssign, nsor.ActAnswer,
			nsor.ActRelease, nsor.ActAcknowledge, nsor.ActClose}
		if acts := procActs(t, w, r.ID); !slices.Equal(acts, want) {
			t.Errorf("history %v, want %v", acts, want)
		}
		es, err := allEvents(svc, ctx, io, r.ID)
		procOK(t, "events", err)
		if len(es) != len(want) || es[len(es)-1].ActorRole != nsor.RoleIO || es[3].ActorID != dpp.ID() {
			t.Errorf("events as the service returns them: %d", len(es))
		}
	})
}

// procDetail reports whether rec holds the detail key=value.
func procDetail(rec *auditrec.Record, key, value string) bool {
	return slices.ContainsFunc(rec.Details, func(d auditrec.Detail) bool { return d.Key == key && d.Value == value })
}
