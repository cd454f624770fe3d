package storetest

import (
	"slices"
	"testing"

	"nsor"
)

func testSubmissionsAndEvents(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	r := w.mustRequest(t, s, w.mustFIR(t, s, "5", w.io, "A"), 0)
	first := &nsor.Submission{RequestID: r.ID, N: 1, At: at(3), Annexure: []byte(`{"ref":"x"}`), SHA256: "abc"}
	second := &nsor.Submission{RequestID: r.ID, At: at(9), Annexure: []byte(`{"ref":"y"}`), SHA256: "def"}
	checklist := &nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, SuspectsNamedInFIR: true, GroundsSubstantiated: true, Note: "complete"}
	e1 := &nsor.Event{RequestID: r.ID, Action: nsor.ActSubmit, From: nsor.StateDraft, To: nsor.StateSubmitted,
		ActorID: w.io.ID, ActorRole: nsor.RoleIO, ActorName: "Officer Synthetic", FailedItems: []string{}, At: at(3)}
	e2 := &nsor.Event{RequestID: r.ID, Action: nsor.ActReturn, From: nsor.StateSubmitted, To: nsor.StateReturned,
		ActorID: w.dpp.ID, ActorRole: nsor.RoleDPP, ActorName: "Prosecutor Synthetic", Reason: "copy unreadable",
		FailedItems: []string{"fir_copy_matches"}, At: at(4)}
	update(t, s, func(tx nsor.Tx) error {
		for _, err := range []error{tx.AddSubmission(first), tx.AddSubmission(second),
			tx.SetChecklist(r.ID, 1, checklist, w.dpp.ID), tx.AddEvent(e1), tx.AddEvent(e2)} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	if second.N != 2 || e1.Seq != 1 || e2.Seq != 2 {
		t.Errorf("AddSubmission N = %d, AddEvent Seq = %d, %d; want 2, 1, 2", second.N, e1.Seq, e2.Seq)
	}
	first.Checklist, first.CheckedBy = checklist, w.dpp.ID
	err := s.Update(t.Context(), func(tx nsor.Tx) error { return tx.SetChecklist(r.ID, 3, checklist, w.dpp.ID) })
	wantNotFound(t, "SetChecklist(submission 3)", err, "submission")
	view(t, s, func(tx nsor.Tx) error {
		subs, err := tx.Submissions(r.ID)
		if err != nil {
			t.Fatalf("Submissions = %v", err)
		}
		want := []*nsor.Submission{first, second}
		wantAllSet(t, "Submission", first)
		wantAllSet(t, "Checklist", checklist)
		same(t, "Submissions", &subs, &want)
		events, err := tx.Events(r.ID)
		if err != nil {
			t.Fatalf("Events = %v", err)
		}
		wantEvents := []*nsor.Event{e1, e2}
		wantAllSet(t, "Event", e1, e2)
		same(t, "Events", &events, &wantEvents)
		return nil
	})
}

func testReleases(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	f := w.mustFIR(t, s, "6", w.io, "A", "B")
	r := w.mustRequest(t, s, f, 0)
	other := w.mustRequest(t, s, f, 1)
	rel := &nsor.Release{RequestID: r.ID, Number: "DN-2025-000001", Snapshot: []byte(`{"suspects":[]}`),
		SHA256: "5a", ReleasedBy: w.dpp.ID, ReleasedAt: at(20), RecordIDs: []int64{11, 12}}
	rel2 := &nsor.Release{RequestID: other.ID, Number: "DN-2025-000002", Snapshot: []byte(`{}`), SHA256: "5b",
		ReleasedBy: w.dpp.ID, ReleasedAt: at(21), RecordIDs: []int64{12}}
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.CreateRelease(rel); err != nil {
			return err
		}
		return tx.CreateRelease(rel2)
	})
	again := *rel
	again.Number = "DN-2025-000009"
	err := s.Update(t.Context(), func(tx nsor.Tx) error { return tx.CreateRelease(&again) })
	wantErr(t, "CreateRelease(released request again)", err, nsor.KindConflict, "release.duplicate")

	ack := &nsor.Acknowledgement{ReleaseID: rel.ID, UserID: w.io.ID, At: at(25), AdvisorySHA256: "abc"}
	earlier := &nsor.Acknowledgement{ReleaseID: rel.ID, UserID: w.dpp.ID, At: at(24), AdvisorySHA256: "def"} // listed first
	update(t, s, func(tx nsor.Tx) error {
		if err := tx.AddAcknowledgement(ack); err != nil {
			return err
		}
		if err := tx.AddAcknowledgement(earlier); err != nil {
			return err
		}
		return tx.AddAcknowledgement(&nsor.Acknowledgement{ReleaseID: rel.ID, UserID: w.io.ID, At: at(26)})
	})
	view(t, s, func(tx nsor.Tx) error {
		got, err := tx.ReleaseOf(r.ID)
		if err != nil {
			t.Fatalf("ReleaseOf(%d) = %v", r.ID, err)
		}
		wantAllSet(t, "Release", rel)
		same(t, "ReleaseOf", got, rel)
		_, err = tx.ReleaseOf(999999)
		wantNotFound(t, "ReleaseOf(999999)", err, "release")
		acks, err := tx.Acknowledgements(rel.ID)
		if err != nil {
			t.Fatalf("Acknowledgements = %v", err)
		}
		want := []*nsor.Acknowledgement{earlier, ack} // acknowledging again keeps the first
		wantAllSet(t, "Acknowledgement", ack)
		same(t, "Acknowledgements", &acks, &want)
		gotRel, gotAcks, err := tx.ReleaseWithAcks(r.ID)
		if err != nil {
			t.Fatalf("ReleaseWithAcks(%d) = %v", r.ID, err)
		}
		same(t, "ReleaseWithAcks(release)", gotRel, rel)
		same(t, "ReleaseWithAcks(acknowledgements)", &gotAcks, &want)
		_, _, err = tx.ReleaseWithAcks(999999)
		wantNotFound(t, "ReleaseWithAcks(999999)", err, "release")
		checkReleasesOfRecord(t, tx, map[int64][]int64{11: {rel.ID}, 12: {rel.ID, rel2.ID}, 13: nil})
		return nil
	})
}

// checkReleasesOfRecord checks which releases hold each record, in order.
func checkReleasesOfRecord(t *testing.T, tx nsor.Tx, want map[int64][]int64) {
	for record, ids := range want {
		got, err := tx.ReleasesOfRecord(record)
		if err != nil {
			t.Fatalf("ReleasesOfRecord(%d) = %v", record, err)
		}
		var gotIDs []int64
		for _, rel := range got {
			gotIDs = append(gotIDs, rel.ID)
		}
		if !slices.Equal(gotIDs, ids) {
			t.Errorf("ReleasesOfRecord(%d) = %v, want %v", record, gotIDs, ids)
		}
	}
}

// testWithoutChildren reads back an FIR with no accused, a request with no
// suspects and a release that holds no records (an answer of "no record"):
// each is found, whole, with an empty list, not missing and not with a
// phantom zero child (a store may read a row and its children in one
// statement, as sqlstore does).
func testWithoutChildren(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	f := w.mustFIR(t, s, "7", w.io)
	r := w.mustRequest(t, s, f)
	rel := &nsor.Release{RequestID: r.ID, Number: "DN-2025-000003", Snapshot: []byte(`{"suspects":[]}`),
		SHA256: "5c", ReleasedBy: w.dpp.ID, ReleasedAt: at(20)}
	update(t, s, func(tx nsor.Tx) error { return tx.CreateRelease(rel) })
	view(t, s, func(tx nsor.Tx) error {
		gotF, err := tx.FIR(f.ID)
		if err != nil || len(gotF.Accused) != 0 {
			t.Fatalf("FIR(no accused) = %+v, %v; want it with none", gotF, err)
		}
		f.Accused = []nsor.Accused{}
		same(t, "FIR(no accused)", gotF, f)
		gotR, err := tx.Request(r.ID)
		if err != nil || len(gotR.Suspects) != 0 {
			t.Fatalf("Request(no suspects) = %+v, %v; want it with none", gotR, err)
		}
		r.Suspects = []nsor.Suspect{}
		same(t, "Request(no suspects)", gotR, r)
		gotRel, err := tx.ReleaseOf(r.ID)
		if err != nil || len(gotRel.RecordIDs) != 0 {
			t.Fatalf("ReleaseOf(no records) = %+v, %v; want it with none", gotRel, err)
		}
		same(t, "ReleaseOf(no records)", gotRel, rel)
		_, err = tx.FIR(999999)
		wantNotFound(t, "FIR(999999)", err, "fir")
		_, err = tx.Request(999999)
		wantNotFound(t, "Request(999999)", err, "request")
		bothR, bothF, err := tx.RequestWithFIR(r.ID)
		if err != nil {
			t.Fatalf("RequestWithFIR(no suspects, no accused) = %v", err)
		}
		same(t, "RequestWithFIR(request)", bothR, r)
		same(t, "RequestWithFIR(fir)", bothF, f)
		_, _, err = tx.RequestWithFIR(999999)
		wantNotFound(t, "RequestWithFIR(999999)", err, "request")
		return nil
	})
}
