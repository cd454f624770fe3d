package service_test

import (
	"strings"
	"testing"

	"nsor"
)

// TestProcRefusals: each refusal of the request procedure, on a request the
// demo left in the state the refusal needs, gives its code, writes nothing of
// the request, and is itself in the audit trail. A refusal writes nothing, so
// the cases share one world.
func TestProcRefusals(t *testing.T) {
	w := newWorld(t, t.TempDir()+"/nsor.db")
	ctx, svc := w.ctx, w.svc
	full := nsor.Checklist{FIRCopyMatches: true, EligibleSection: true, SuspectsNamedInFIR: true, GroundsSubstantiated: true}
	fwd := w.inState(nsor.StateForwarded)
	active := w.seed.Records[len(w.seed.Records)-1]
	type act func(r *nsor.Request) error
	cases := []struct {
		name  string
		state nsor.State
		code  string
		act   act
	}{
		// The officer's acts.
		{"submit twice", nsor.StateSubmitted, "request.wrong_state", func(r *nsor.Request) error {
			_, err := svc.Submit(ctx, w.as("io.lahore1"), r.ID, r.Version)
			return err
		}},
		{"edit a submitted request", nsor.StateSubmitted, "request.wrong_state", func(r *nsor.Request) error {
			_, err := svc.EditRequest(ctx, w.as("io.lahore1"), r.ID, r.Version, nsor.RequestInput{Suspects: []int64{r.Suspects[0].AccusedID}, Declaration: true})
			return err
		}},
		{"edit without suspects", nsor.StateDraft, "request.suspects_required", func(r *nsor.Request) error {
			_, err := svc.EditRequest(ctx, w.as("io.lahore2"), r.ID, r.Version, nsor.RequestInput{Grounds: r.Grounds, Declaration: true})
			return err
		}},
		{"edit naming a suspect not on the FIR", nsor.StateDraft, "request.suspect_not_on_fir", func(r *nsor.Request) error {
			_, err := svc.EditRequest(ctx, w.as("io.lahore2"), r.ID, r.Version, nsor.RequestInput{Suspects: []int64{fwd.Suspects[0].AccusedID}, Declaration: true})
			return err
		}},
		{"edit naming a suspect twice", nsor.StateDraft, "request.suspect_repeated", func(r *nsor.Request) error {
			id := r.Suspects[0].AccusedID
			_, err := svc.EditRequest(ctx, w.as("io.lahore2"), r.ID, r.Version, nsor.RequestInput{Suspects: []int64{id, id}, Declaration: true})
			return err
		}},
		{"edit another officer's draft", nsor.StateDraft, "request.not_found", func(r *nsor.Request) error {
			_, err := svc.EditRequest(ctx, w.as("io.lahore1"), r.ID, r.Version, nsor.RequestInput{})
			return err
		}},
		{"submit a stale version", nsor.StateDraft, "version.stale", func(r *nsor.Request) error {
			_, err := svc.Submit(ctx, w.as("io.lahore2"), r.ID, r.Version-1+100)
			return err
		}},
		{"submit without a version", nsor.StateDraft, "version.required", func(r *nsor.Request) error {
			_, err := svc.Submit(ctx, w.as("io.lahore2"), r.ID, 0)
			return err
		}},
		{"withdraw a submitted request without a reason", nsor.StateSubmitted, "reason.required", func(r *nsor.Request) error {
			_, err := svc.Withdraw(ctx, w.as("io.lahore1"), r.ID, r.Version, " ")
			return err
		}},
		{"withdraw a forwarded request", nsor.StateForwarded, "request.wrong_state", func(r *nsor.Request) error {
			_, err := svc.Withdraw(ctx, w.as("io.lahore2"), r.ID, r.Version, "No longer needed for the case.")
			return err
		}},
		{"resubmit without a clarification", nsor.StateReturned, "clarification.required", func(r *nsor.Request) error {
			_, err := svc.Resubmit(ctx, w.as("io.rawalpindi1"), r.ID, r.Version, "")
			return err
		}},
		{"acknowledge without accepting the advisory", nsor.StateReleased, "release.advisory_not_accepted", func(r *nsor.Request) error {
			_, err := svc.Acknowledge(ctx, w.as("io.rawalpindi1"), r.ID, r.Version, false, "")
			return err
		}},
		{"acknowledge an advisory other than the release's", nsor.StateReleased, "release.advisory_changed", func(r *nsor.Request) error {
			_, err := svc.Acknowledge(ctx, w.as("io.rawalpindi1"), r.ID, r.Version, true, strings.Repeat("0", 64))
			return err
		}},
		{"acknowledge twice", nsor.StateAcknowledged, "release.already_acknowledged", func(r *nsor.Request) error {
			_, err := svc.Acknowledge(ctx, w.as("io.lahore1"), r.ID, r.Version, true, "")
			return err
		}},
		{"read a release before acknowledging", nsor.StateReleased, "release.acknowledgement_required", func(r *nsor.Request) error {
			_, err := svc.ReadRelease(ctx, w.as("io.rawalpindi1"), r.ID)
			return err
		}},
		{"print a release before acknowledging", nsor.StateReleased, "release.acknowledgement_required", func(r *nsor.Request) error {
			_, _, err := svc.PrintRelease(ctx, w.as("io.rawalpindi1"), r.ID)
			return err
		}},
		{"close before acknowledging", nsor.StateReleased, "request.wrong_state", func(r *nsor.Request) error {
			_, err := svc.Close(ctx, w.as("io.rawalpindi1"), r.ID, r.Version)
			return err
		}},
		{"close by the prosecutor", nsor.StateAcknowledged, "request.forbidden", func(r *nsor.Request) error {
			_, err := svc.Close(ctx, w.as("dpp.lahore1"), r.ID, r.Version)
			return err
		}},

		// The prosecutor's.
		{"forward by the officer", nsor.StateSubmitted, "request.forbidden", func(r *nsor.Request) error {
			_, err := svc.Forward(ctx, w.as("io.lahore1"), r.ID, r.Version, full)
			return err
		}},
		{"forward by the DPO", nsor.StateSubmitted, "request.forbidden", func(r *nsor.Request) error {
			_, err := svc.Forward(ctx, w.as("dpo.lahore"), r.ID, r.Version, full)
			return err
		}},
		{"forward by another district's prosecutor", nsor.StateSubmitted, "request.not_found", func(r *nsor.Request) error {
			_, err := svc.Forward(ctx, w.as("dpp.rawalpindi1"), r.ID, r.Version, full)
			return err
		}},
		{"forward with a failed item", nsor.StateSubmitted, "checklist.incomplete", func(r *nsor.Request) error {
			c := full
			c.GroundsSubstantiated = false
			_, err := svc.Forward(ctx, w.as("dpp.lahore1"), r.ID, r.Version, c)
			return err
		}},
		{"forward a stale version", nsor.StateSubmitted, "version.stale", func(r *nsor.Request) error {
			_, err := svc.Forward(ctx, w.as("dpp.lahore1"), r.ID, r.Version+1, full)
			return err
		}},
		{"forward a returned request", nsor.StateReturned, "request.wrong_state", func(r *nsor.Request) error {
			_, err := svc.Forward(ctx, w.as("dpp.rawalpindi1"), r.ID, r.Version, full)
			return err
		}},
		{"return without a reason", nsor.StateSubmitted, "reason.required", func(r *nsor.Request) error {
			_, err := svc.Return(ctx, w.as("dpp.lahore1"), r.ID, r.Version, nil, []string{"grounds_substantiated"}, "no")
			return err
		}},
		{"return naming no failed item", nsor.StateSubmitted, "return.items_required", func(r *nsor.Request) error {
			_, err := svc.Return(ctx, w.as("dpp.lahore1"), r.ID, r.Version, nil, nil, "The grounds are too thin to verify.")
			return err
		}},
		{"return naming an unknown item", nsor.StateSubmitted, "return.item_unknown", func(r *nsor.Request) error {
			_, err := svc.Return(ctx, w.as("dpp.lahore1"), r.ID, r.Version, nil, []string{"horoscope"}, "The grounds are too thin to verify.")
			return err
		}},
		{"return with every item ticked", nsor.StateSubmitted, "return.items_required", func(r *nsor.Request) error {
			_, err := svc.Return(ctx, w.as("dpp.lahore1"), r.ID, r.Version, &full, nil, "The grounds are too thin to verify.")
			return err
		}},
		{"reject without a reason", nsor.StateSubmitted, "reason.required", func(r *nsor.Request) error {
			_, err := svc.Reject(ctx, w.as("dpp.lahore2"), r.ID, r.Version, "")
			return err
		}},
		{"prosecutor sees no draft", nsor.StateDraft, "request.not_found", func(r *nsor.Request) error {
			_, err := svc.Request(ctx, w.as("dpp.lahore1"), r.ID)
			return err
		}},
		{"release an answer that needs confirmation", nsor.StateAnswered, "request.confirmation_required", func(r *nsor.Request) error {
			_, err := svc.Release(ctx, w.as("dpp.lahore1"), r.ID, r.Version)
			return err
		}},
		{"release a forwarded request", nsor.StateForwarded, "request.wrong_state", func(r *nsor.Request) error {
			_, err := svc.Release(ctx, w.as("dpp.lahore2"), r.ID, r.Version)
			return err
		}},
		{"release twice", nsor.StateReleased, "request.wrong_state", func(r *nsor.Request) error {
			_, err := svc.Release(ctx, w.as("dpp.rawalpindi1"), r.ID, r.Version)
			return err
		}},
		{"read an answer not yet released", nsor.StateAnswered, "request.wrong_state", func(r *nsor.Request) error {
			_, err := svc.ReadRelease(ctx, w.as("dpp.lahore1"), r.ID)
			return err
		}},
		{"read another district's release", nsor.StateReleased, "request.not_found", func(r *nsor.Request) error {
			_, err := svc.ReadRelease(ctx, w.as("dpp.lahore1"), r.ID)
			return err
		}},

		// The bureau's.
		{"bureau sees no submitted request", nsor.StateSubmitted, "request.not_found", func(r *nsor.Request) error {
			_, err := svc.Request(ctx, w.as("analyst1"), r.ID)
			return err
		}},
		{"take a colleague's request", nsor.StateForwarded, "request.assigned_elsewhere", func(r *nsor.Request) error {
			_, err := svc.Assign(ctx, w.as("analyst2"), r.ID, r.Version, 0)
			return err
		}},
		{"analyst assigns another", nsor.StateForwarded, "request.assign_others", func(r *nsor.Request) error {
			_, err := svc.Assign(ctx, w.as("analyst1"), r.ID, r.Version, w.as("analyst2").ID())
			return err
		}},
		{"assign to a prosecutor", nsor.StateForwarded, "request.analyst_unknown", func(r *nsor.Request) error {
			_, err := svc.Assign(ctx, w.as("supervisor1"), r.ID, r.Version, w.as("dpp.lahore1").ID())
			return err
		}},
		{"assign to nobody known", nsor.StateForwarded, "request.analyst_unknown", func(r *nsor.Request) error {
			_, err := svc.Assign(ctx, w.as("supervisor1"), r.ID, r.Version, 987654)
			return err
		}},
		{"answer by the supervisor", nsor.StateForwarded, "request.forbidden", func(r *nsor.Request) error {
			_, err := svc.Answer(ctx, w.as("supervisor1"), r.ID, r.Version, nil)
			return err
		}},
		{"answer by an analyst not assigned", nsor.StateForwarded, "request.not_assigned", func(r *nsor.Request) error {
			_, err := svc.Answer(ctx, w.as("analyst2"), r.ID, r.Version, nil)
			return err
		}},
		{"answer without an outcome for every suspect", nsor.StateForwarded, "answer.outcome_missing", func(r *nsor.Request) error {
			_, err := svc.Answer(ctx, w.as("analyst1"), r.ID, r.Version,
				[]nsor.OutcomeInput{{SuspectID: r.Suspects[0].ID, Outcome: nsor.OutcomeNoRecord}})
			return err
		}},
		{"answer an unknown outcome", nsor.StateForwarded, "answer.outcome_unknown", func(r *nsor.Request) error {
			_, err := svc.Answer(ctx, w.as("analyst1"), r.ID, r.Version, procOutcomes(r, nsor.OutcomeInput{Outcome: "maybe"}))
			return err
		}},
		{"answer a suspect not of the request", nsor.StateForwarded, "answer.suspect_unknown", func(r *nsor.Request) error {
			_, err := svc.Answer(ctx, w.as("analyst1"), r.ID, r.Version, []nsor.OutcomeInput{{SuspectID: 987654, Outcome: nsor.OutcomeNoRecord}})
			return err
		}},
		{"no record naming a record", nsor.StateForwarded, "answer.record_with_no_record", func(r *nsor.Request) error {
			_, err := svc.Answer(ctx, w.as("analyst1"), r.ID, r.Version, procOutcomes(r, nsor.OutcomeInput{Outcome: nsor.OutcomeNoRecord, RecordID: active}))
			return err
		}},
		{"possible match without the identifiers needed", nsor.StateForwarded, "answer.needed_required", func(r *nsor.Request) error {
			_, err := svc.Answer(ctx, w.as("analyst1"), r.ID, r.Version, procOutcomes(r, nsor.OutcomeInput{Outcome: nsor.OutcomePossibleMatch}))
			return err
		}},
		{"possible match needing an unknown identifier", nsor.StateForwarded, "answer.needed_unknown", func(r *nsor.Request) error {
			_, err := svc.Answer(ctx, w.as("analyst1"), r.ID, r.Version, procOutcomes(r, nsor.OutcomeInput{Outcome: nsor.OutcomePossibleMatch, Needed: []string{"horoscope"}}))
			return err
		}},
		{"record found citing no record", nsor.StateForwarded, "answer.record_unknown", func(r *nsor.Request) error {
			_, err := svc.Answer(ctx, w.as("analyst1"), r.ID, r.Version, procOutcomes(r, nsor.OutcomeInput{Outcome: nsor.OutcomeRecordFound, RecordID: 987654, Basis: nsor.BasisCNIC}))
			return err
		}},
		{"cite a record no search showed", nsor.StateForwarded, "answer.record_not_searched", func(r *nsor.Request) error {
			_, err := svc.Answer(ctx, w.as("analyst1"), r.ID, r.Version, procOutcomes(r, nsor.OutcomeInput{Outcome: nsor.OutcomePossibleMatch, RecordID: active, Needed: []string{"cnic"}}))
			return err
		}},
		{"search by an analyst not assigned", nsor.StateForwarded, "request.not_assigned", func(r *nsor.Request) error {
			_, err := svc.SearchRegister(ctx, w.as("analyst2"), r.ID, r.Suspects[0].ID, nsor.SearchTerms{})
			return err
		}},
		{"search by the supervisor", nsor.StateForwarded, "request.forbidden", func(r *nsor.Request) error {
			_, err := svc.SearchRegister(ctx, w.as("supervisor1"), r.ID, r.Suspects[0].ID, nsor.SearchTerms{})
			return err
		}},
		{"search for someone not a suspect", nsor.StateForwarded, "suspect.not_found", func(r *nsor.Request) error {
			_, err := svc.SearchRegister(ctx, w.as("analyst1"), r.ID, 987654, nsor.SearchTerms{})
			return err
		}},
		{"search under another name", nsor.StateForwarded, "search.name_not_suspect", func(r *nsor.Request) error {
			_, err := svc.SearchRegister(ctx, w.as("analyst1"), r.ID, r.Suspects[0].ID, nsor.SearchTerms{Name: "Zzyzx Qwertyuiop", Reason: "The informant gave this name."})
			return err
		}},
		{"search with another CNIC", nsor.StateForwarded, "search.cnic_replaces_suspect", func(r *nsor.Request) error {
			_, err := svc.SearchRegister(ctx, w.as("analyst1"), r.ID, r.Suspects[0].ID, nsor.SearchTerms{CNIC: "9999988888777", Reason: "The informant gave this CNIC."})
			return err
		}},
		{"search with a malformed CNIC", nsor.StateForwarded, "cnic.malformed", func(r *nsor.Request) error {
			_, err := svc.SearchRegister(ctx, w.as("analyst1"), r.ID, r.Suspects[0].ID, nsor.SearchTerms{CNIC: "12-34"})
			return err
		}},
		{"read a record outside the request's reach", nsor.StateForwarded, "record.not_found", func(r *nsor.Request) error {
			_, err := svc.RecordForRequest(ctx, w.as("analyst1"), r.ID, active)
			return err
		}},
		{"read a record of a request not assigned", nsor.StateForwarded, "request.not_assigned", func(r *nsor.Request) error {
			_, err := svc.RecordForRequest(ctx, w.as("analyst2"), r.ID, active)
			return err
		}},
		{"confirm one's own answer", nsor.StateAnswered, "request.separation_of_duties", func(r *nsor.Request) error {
			_, err := svc.Confirm(ctx, w.as("analyst2"), r.ID, r.Version)
			return err
		}},
		{"confirm by the supervisor", nsor.StateAnswered, "request.forbidden", func(r *nsor.Request) error {
			_, err := svc.Confirm(ctx, w.as("supervisor1"), r.ID, r.Version)
			return err
		}},
		{"confirm a forwarded request", nsor.StateForwarded, "request.wrong_state", func(r *nsor.Request) error {
			_, err := svc.Confirm(ctx, w.as("analyst2"), r.ID, r.Version)
			return err
		}},
		{"reopen without a reason", nsor.StateAnswered, "reason.required", func(r *nsor.Request) error {
			_, err := svc.Reopen(ctx, w.as("analyst1"), r.ID, r.Version, "")
			return err
		}},
		{"reopen one's own answer", nsor.StateAnswered, "request.separation_of_duties", func(r *nsor.Request) error {
			_, err := svc.Reopen(ctx, w.as("analyst2"), r.ID, r.Version, "On second thoughts the basis is weak.")
			return err
		}},
		{"answer twice", nsor.StateAnswered, "request.wrong_state", func(r *nsor.Request) error {
			_, err := svc.Answer(ctx, w.as("analyst2"), r.ID, r.Version, nil)
			return err
		}},
		{"supervisor sees no applications", nsor.StateForwarded, "request.forbidden", func(r *nsor.Request) error {
			_, err := allSubmissions(svc, ctx, w.as("supervisor1"), r.ID)
			return err
		}},
		{"history of a request out of sight", nsor.StateDraft, "request.not_found", func(r *nsor.Request) error {
			_, err := allEvents(svc, ctx, w.as("io.lahore1"), r.ID)
			return err
		}},
		{"no act on a request out of anyone's reach", nsor.StateSubmitted, "request.not_found", func(r *nsor.Request) error {
			_, err := svc.Reopen(ctx, w.as("auditor1"), r.ID, r.Version, "An auditor has no part in this.")
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := w.inState(c.state)
			procRefused(t, w, r.ID, c.code, func() error { return c.act(r) })
		})
	}
}

// procOutcomes gives every suspect of r the outcome o.
func procOutcomes(r *nsor.Request, o nsor.OutcomeInput) []nsor.OutcomeInput {
	var out []nsor.OutcomeInput
	for _, sp := range r.Suspects {
		o.SuspectID = sp.ID
		out = append(out, o)
	}
	return out
}
