package service

import (
	"context"
	"nsor"
	"nsor/auditrec"
)

// PatchRequest changes the members of a draft or returned request that p
// gives, keeping the others, with the version the client saw; the result
// is held to the rules of an edit (EditRequest), whole.
func (s *Service) PatchRequest(ctx context.Context, a *nsor.Actor, id int64, version int, p nsor.RequestPatch) (*nsor.RequestView, error) {
	return s.transition(ctx, a, id, version, nsor.ActEdit, "", func(tx nsor.Tx, r *nsor.Request, f *nsor.FIR, rec *auditrec.Record) error {
		in := nsor.RequestInput{FIRID: r.FIRID, Grounds: r.Grounds, Declaration: r.Declaration}
		for _, x := range r.Suspects {
			in.Suspects = append(in.Suspects, x.AccusedID)
		}
		if p.Suspects != nil {
			in.Suspects = *p.Suspects
		}
		if p.Grounds != nil {
			in.Grounds = *p.Grounds
		}
		if p.Declaration != nil {
			in.Declaration = *p.Declaration
		}
		if err := s.applyInput(f, r, in); err != nil {
			return err
		}
		s.tagSuspects(rec, f, r)
		return nil
	})
}
