package service

import (
	"context"
	"nsor"
	"nsor/auditrec"
	"slices"
	"strings"
)

// SeedJurisdictions creates the nodes of SeedHierarchy that do not exist yet.
// It is idempotent and runs at every migration.
func (s *Service) SeedJurisdictions(ctx context.Context) error {
	return s.store.Update(ctx, func(tx nsor.Tx) error { return seedNode(tx, nsor.SeedHierarchy, nil) })
}

func seedNode(tx nsor.Tx, n nsor.SeedNode, parent *nsor.Jurisdiction) error {
	j, err := tx.JurisdictionByCode(n.Code)
	if nsor.KindOf(err) == nsor.KindNotFound {
		j = &nsor.Jurisdiction{Kind: n.Kind, Code: n.Code, Name: n.Name, Head: n.Head}
		if parent != nil {
			j.ParentID = parent.ID
		}
		err = tx.CreateJurisdiction(j)
	}
	if err != nil {
		return err
	}
	for _, c := range n.Children {
		if err := seedNode(tx, c, j); err != nil {
			return err
		}
	}
	return nil
}

// Jurisdictions lists a page of the hierarchy, ordered by path; every
// signed-in user may read it. The whole hierarchy is read (a few thousand
// nodes at most) and the page cut from it: the key is the last node's ID,
// whose path the next page starts after.
func (s *Service) Jurisdictions(ctx context.Context, p nsor.Page) (nsor.Paged[*nsor.Jurisdiction], error) {
	var out nsor.Paged[*nsor.Jurisdiction]
	if err := p.Check(1); err != nil {
		return out, err
	}
	var js []*nsor.Jurisdiction
	err := s.view(ctx, func(tx nsor.Tx) error {
		var err error
		js, err = tx.Jurisdictions()
		return err
	})
	if err != nil {
		return out, err
	}
	if id := p.AfterID(); id != 0 {
		i := slices.IndexFunc(js, func(j *nsor.Jurisdiction) bool { return j.ID == id })
		if i < 0 {
			return out, nsor.ErrPageCursor()
		}
		js = js[i+1:]
	}
	return nsor.Cut(js[:min(len(js), p.Fetch())], p, func(j *nsor.Jurisdiction) []int64 { return nsor.ByID(j.ID) }), nil
}

// CreateJurisdiction adds a node under an existing one (administrators only).
func (s *Service) CreateJurisdiction(ctx context.Context, a *nsor.Actor, j *nsor.Jurisdiction) error {
	return s.do(ctx, a, "jurisdiction.create", func(tx nsor.Tx, rec *auditrec.Record) error {
		if err := requireAdmin(a); err != nil {
			return err
		}
		if err := nsor.CheckFields(j); err != nil {
			return err
		}
		if err := checkNewJurisdiction(tx, j); err != nil {
			return err
		}
		if err := tx.CreateJurisdiction(j); err != nil {
			return err
		}
		s.jcache.drop()
		rec.Object = object("jurisdiction", j.ID)
		return nil
	})
}

func checkNewJurisdiction(tx nsor.JurisdictionTx, j *nsor.Jurisdiction) error {
	var p nsor.Problems
	j.Code, j.Name = strings.ToUpper(strings.TrimSpace(j.Code)), strings.TrimSpace(j.Name)
	if j.Code == "" || len(j.Code) > 32 {
		p.Add("code", "jurisdiction.code_invalid", "A code is 1 to 32 characters.")
	}
	if j.Name == "" {
		p.Add("name", "jurisdiction.name_required", "Give the name.")
	}
	if j.Head != "" && j.Kind != nsor.KindDistrict {
		p.Add("head", "jurisdiction.head_not_district", "Only a district has a police head title.")
	}
	if j.Kind == nsor.KindDistrict && j.Head == "" {
		j.Head = nsor.HeadDPO
	}
	parent, err := tx.Jurisdiction(j.ParentID)
	if nsor.KindOf(err) == nsor.KindNotFound {
		p.Add("parent_id", "jurisdiction.parent_unknown", "No such parent jurisdiction.")
	} else if err != nil {
		return err
	} else if !nsor.ValidChild(parent.Kind, j.Kind) {
		p.Add("kind", "jurisdiction.kind_invalid", "A "+string(j.Kind)+" cannot sit under a "+string(parent.Kind)+".")
	}
	return p.Err()
}

// UpdateJurisdiction changes a node (administrators only). A patch made
// from a version the node is no longer at (p.Version) is refused as
// jurisdiction.stale, so that two administrators editing one node at once
// cannot overwrite each other; the store checks it again in the write.
func (s *Service) UpdateJurisdiction(ctx context.Context, a *nsor.Actor, id int64, p nsor.JurisdictionPatch) (*nsor.Jurisdiction, error) {
	var j *nsor.Jurisdiction
	err := s.do(ctx, a, "jurisdiction.update", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object = object("jurisdiction", id)
		if err := requireAdmin(a); err != nil {
			return err
		}
		var err error
		if j, err = tx.Jurisdiction(id); err != nil {
			return err
		}
		if p.Version != 0 && p.Version != nsor.AnyVersion && p.Version != j.Version {
			return nsor.ErrJurisdictionStale(j.Version)
		}
		if err := applyJurisdictionPatch(j, p); err != nil {
			return err
		}
		if err := tx.UpdateJurisdiction(j); err != nil {
			return err
		}
		s.jcache.drop()
		return nil
	})
	return j, err
}

func applyJurisdictionPatch(j *nsor.Jurisdiction, p nsor.JurisdictionPatch) error {
	if err := nsor.CheckFields(p); err != nil {
		return err
	}
	var pr nsor.Problems
	if p.Name != nil {
		if j.Name = strings.TrimSpace(*p.Name); j.Name == "" {
			pr.Add("name", "jurisdiction.name_required", "Give the name.")
		}
	}
	if p.Code != nil {
		if j.Code = strings.ToUpper(strings.TrimSpace(*p.Code)); j.Code == "" || len(j.Code) > 32 {
			pr.Add("code", "jurisdiction.code_invalid", "A code is 1 to 32 characters.")
		}
	}
	if p.Head != nil {
		switch *p.Head {
		case nsor.HeadDPO, nsor.HeadCPO, nsor.HeadCCPO:
			if j.Kind != nsor.KindDistrict {
				pr.Add("head", "jurisdiction.head_not_district", "Only a district has a police head title.")
			}
			j.Head = *p.Head
		default:
			pr.Add("head", "jurisdiction.head_invalid", "A district is headed by a DPO, CPO or CCPO.")
		}
	}
	return pr.Err()
}

// Jurisdiction is one node of the hierarchy, read directly (the pages and
// the API need not page through the whole list to find it); every
// signed-in user may read the hierarchy, as with Jurisdictions.
// Refuses: jurisdiction.not_found.
func (s *Service) Jurisdiction(ctx context.Context, a *nsor.Actor, id int64) (*nsor.Jurisdiction, error) {
	var j *nsor.Jurisdiction
	err := s.view(ctx, func(tx nsor.Tx) error {
		if a == nil {
			return nsor.Errorf(nsor.KindUnauthenticated, "auth.required", "Sign in first.")
		}
		var err error
		j, err = tx.Jurisdiction(id)
		return err
	})
	return j, err
}

// JurisdictionChildren are the nodes directly under node id, by path (a
// district's police stations, for the FIR form); every signed-in user may
// read the hierarchy. Refuses: jurisdiction.not_found.
func (s *Service) JurisdictionChildren(ctx context.Context, a *nsor.Actor, id int64) ([]*nsor.Jurisdiction, error) {
	var out []*nsor.Jurisdiction
	err := s.view(ctx, func(tx nsor.Tx) error {
		if a == nil {
			return nsor.Errorf(nsor.KindUnauthenticated, "auth.required", "Sign in first.")
		}
		if _, err := tx.Jurisdiction(id); err != nil {
			return err
		}
		all, err := tx.Jurisdictions()
		for _, j := range all {
			if j.ParentID == id {
				out = append(out, j)
			}
		}
		return err
	})
	return out, err
}
