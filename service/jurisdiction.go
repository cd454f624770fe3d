package service

import (
	"context"
	. "nsor"
	"nsor/auditrec"
	"slices"
	"strings"
)

// SeedJurisdictions creates the nodes of SeedHierarchy that do not exist yet.
// It is idempotent and runs at every migration.
func (s *Service) SeedJurisdictions(ctx context.Context) error {
	return s.store.Update(ctx, func(tx Tx) error { return seedNode(tx, SeedHierarchy, nil) })
}

func seedNode(tx Tx, n SeedNode, parent *Jurisdiction) error {
	j, err := tx.JurisdictionByCode(n.Code)
	if KindOf(err) == KindNotFound {
		j = &Jurisdiction{Kind: n.Kind, Code: n.Code, Name: n.Name, Head: n.Head}
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
func (s *Service) Jurisdictions(ctx context.Context, p Page) (Paged[*Jurisdiction], error) {
	var out Paged[*Jurisdiction]
	if err := p.Check(1); err != nil {
		return out, err
	}
	var js []*Jurisdiction
	err := s.view(ctx, func(tx Tx) error {
		var err error
		js, err = tx.Jurisdictions()
		return err
	})
	if err != nil {
		return out, err
	}
	if id := p.AfterID(); id != 0 {
		i := slices.IndexFunc(js, func(j *Jurisdiction) bool { return j.ID == id })
		if i < 0 {
			return out, ErrPageCursor()
		}
		js = js[i+1:]
	}
	return Cut(js[:min(len(js), p.Fetch())], p, func(j *Jurisdiction) []int64 { return ByID(j.ID) }), nil
}

// CreateJurisdiction adds a node under an existing one (administrators only).
func (s *Service) CreateJurisdiction(ctx context.Context, a *Actor, j *Jurisdiction) error {
	return s.do(ctx, a, "jurisdiction.create", func(tx Tx, rec *auditrec.Record) error {
		if err := requireAdmin(a); err != nil {
			return err
		}
		if err := CheckFields(j); err != nil {
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

func checkNewJurisdiction(tx Tx, j *Jurisdiction) error {
	var p Problems
	j.Code, j.Name = strings.ToUpper(strings.TrimSpace(j.Code)), strings.TrimSpace(j.Name)
	if j.Code == "" || len(j.Code) > 32 {
		p.Add("code", "jurisdiction.code_invalid", "A code is 1 to 32 characters.")
	}
	if j.Name == "" {
		p.Add("name", "jurisdiction.name_required", "Give the name.")
	}
	if j.Head != "" && j.Kind != KindDistrict {
		p.Add("head", "jurisdiction.head_not_district", "Only a district has a police head title.")
	}
	if j.Kind == KindDistrict && j.Head == "" {
		j.Head = HeadDPO
	}
	parent, err := tx.Jurisdiction(j.ParentID)
	if KindOf(err) == KindNotFound {
		p.Add("parent_id", "jurisdiction.parent_unknown", "No such parent jurisdiction.")
	} else if err != nil {
		return err
	} else if !ValidChild(parent.Kind, j.Kind) {
		p.Add("kind", "jurisdiction.kind_invalid", "A "+string(j.Kind)+" cannot sit under a "+string(parent.Kind)+".")
	}
	return p.Err()
}

// UpdateJurisdiction changes a node (administrators only).
func (s *Service) UpdateJurisdiction(ctx context.Context, a *Actor, id int64, p JurisdictionPatch) (*Jurisdiction, error) {
	var j *Jurisdiction
	err := s.do(ctx, a, "jurisdiction.update", func(tx Tx, rec *auditrec.Record) error {
		rec.Object = object("jurisdiction", id)
		if err := requireAdmin(a); err != nil {
			return err
		}
		var err error
		if j, err = tx.Jurisdiction(id); err != nil {
			return err
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

func applyJurisdictionPatch(j *Jurisdiction, p JurisdictionPatch) error {
	if err := CheckFields(p); err != nil {
		return err
	}
	var pr Problems
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
		case HeadDPO, HeadCPO, HeadCCPO:
			if j.Kind != KindDistrict {
				pr.Add("head", "jurisdiction.head_not_district", "Only a district has a police head title.")
			}
			j.Head = *p.Head
		default:
			pr.Add("head", "jurisdiction.head_invalid", "A district is headed by a DPO, CPO or CCPO.")
		}
	}
	return pr.Err()
}
