package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"nsor"
	"nsor/auditrec"
)

// What the prosecutor verified is what the bureau answers on (docs/rules.md#r9;
// docs/adr/0013-request-reach.md). From its submission a request's suspects'
// particulars and its FIR copy are those of the Annexure A submitted: the
// accused's particulars and the FIR copy cannot change while a request about
// them is open (submitted, forwarded, answered, confirmed), and the bureau's
// search, answer and release, and every reading of the copy, work from the
// submission rather than from the FIR as it stands. A draft or a returned
// request is not frozen: its (re)submission makes the prosecutor check again.

// frozenStates are the open states that come after a submission and before
// a release.
var frozenStates = []nsor.State{nsor.StateSubmitted, nsor.StateForwarded, nsor.StateAnswered, nsor.StateConfirmed}

// frozen reports whether r works from its last submission's Annexure A:
// every state after a submission except a return to the officer.
func frozen(r *nsor.Request) bool {
	return r.Submissions > 0 && r.State != nsor.StateDraft && r.State != nsor.StateReturned
}

// verified returns the Annexure A of r's last submission.
func verified(tx nsor.RequestTx, r *nsor.Request) (*nsor.AnnexureA, error) {
	subs, err := tx.Submissions(r.ID)
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return nil, nsor.Internalf(errors.New("no submission"), "annexure of request %d", r.ID)
	}
	ann := &nsor.AnnexureA{}
	if err := json.Unmarshal(subs[len(subs)-1].Annexure, ann); err != nil {
		return nil, nsor.Internalf(err, "decode annexure of request %d", r.ID)
	}
	return ann, nil
}

// particulars returns the particulars of r's suspects by accused ID: those
// the prosecutor verified once r is frozen, else the FIR's as they stand.
func particulars(tx nsor.Tx, r *nsor.Request, f *nsor.FIR) (map[int64]*nsor.Accused, error) {
	out := map[int64]*nsor.Accused{}
	if !frozen(r) {
		for _, sp := range r.Suspects {
			if acc := findAccused(f, sp.AccusedID); acc != nil {
				out[sp.AccusedID] = acc
			}
		}
		return out, nil
	}
	ann, err := verified(tx, r)
	if err != nil {
		return nil, err
	}
	for i := range ann.Suspects {
		out[ann.Suspects[i].ID] = &ann.Suspects[i]
	}
	return out, nil
}

// copyOf returns the digest of r's FIR copy: the one submitted once r is
// frozen, else the FIR's current copy ("" when none is attached).
func copyOf(tx nsor.Tx, r *nsor.Request, f *nsor.FIR) (string, error) {
	if frozen(r) {
		ann, err := verified(tx, r)
		if err != nil {
			return "", err
		}
		return ann.FIR.CopySHA256, nil
	}
	if f.Copy == nil {
		return "", nil
	}
	return f.Copy.SHA256, nil
}

// unfrozen refuses a change to what a prosecutor verified while a request
// about it is open (docs/rules.md#r9): the requests f selects, in frozenStates. The
// refusal names the request, and its audit record carries it, so that the
// attempt shows in that request's trail.
func unfrozen(tx nsor.RequestTx, f nsor.RequestFilter, rec *auditrec.Record, code, what string) error {
	f.States, f.Limit = frozenStates, 1
	rs, err := tx.Requests(f)
	if err != nil || len(rs) == 0 {
		return err
	}
	r := rs[0]
	rec.RequestID = r.ID
	ref := nsor.RequestRef(r.ID, r.CreatedAt)
	return &nsor.Error{Kind: nsor.KindConflict, Code: code, Ref: object("request", r.ID),
		Message: fmt.Sprintf("%s cannot change while request %s is with the prosecutor or the bureau: they work from the Annexure A "+
			"the prosecutor verified. Change it once the request is returned to you, withdrawn or released; "+
			"a new request then goes to the prosecutor again.", what, ref)}
}
