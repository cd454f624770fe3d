package sqlstore

import (
	"strconv"

	"nsor"
)

const jurisdictionCols = "id, kind, code, name, parent_id, path, head, version"

func scanJurisdiction(j *nsor.Jurisdiction) func(scanner) error {
	return func(s scanner) error {
		return s.Scan(&j.ID, &j.Kind, &j.Code, &j.Name, optID{&j.ParentID}, &j.Path, &j.Head, &j.Version)
	}
}

func codeTaken(err error, t *tx) error {
	return t.conflict(err, "jurisdiction.code_taken", "Another jurisdiction already has this code.")
}

// CreateJurisdiction stores j under its parent and sets j.ID and j.Path: the
// parent's path and the new ID ("/1/3/12/"), or "/ID/" for a root.
func (t *tx) CreateJurisdiction(j *nsor.Jurisdiction) error {
	base := "/"
	if j.ParentID != 0 {
		parent, err := t.Jurisdiction(j.ParentID)
		if err != nil {
			return err
		}
		base = parent.Path
	}
	// The path holds the ID, which the database assigns: insert, then set it.
	newID, err := t.insertUnique("INSERT INTO jurisdictions (kind, code, name, parent_id, path, head) VALUES (?, ?, ?, ?, ?, ?)",
		j.Kind, j.Code, j.Name, nullable(j.ParentID), "", j.Head)
	if err != nil {
		return codeTaken(err, t)
	}
	path := base + strconv.FormatInt(newID, 10) + "/"
	if _, err := t.exec("UPDATE jurisdictions SET path = ? WHERE id = ?", path, newID); err != nil {
		return err
	}
	j.ID, j.Path, j.Version = newID, path, 1
	return t.bumpChange("jurisdictions")
}

// UpdateJurisdiction changes name, code and head; never the parent, which
// would move every path beneath it. It writes only over j.Version and
// raises it: a node changed by another transaction since j was read is
// not overwritten but refused as stale.
func (t *tx) UpdateJurisdiction(j *nsor.Jurisdiction) error {
	n, err := t.execMayConflict("UPDATE jurisdictions SET code = ?, name = ?, head = ?, version = version + 1 WHERE id = ? AND version = ?",
		j.Code, j.Name, j.Head, j.ID, j.Version)
	if err != nil {
		return codeTaken(err, t)
	}
	if n == 0 {
		cur, err := t.Jurisdiction(j.ID)
		if err != nil {
			return err
		}
		return nsor.ErrJurisdictionStale(cur.Version)
	}
	j.Version++
	return t.bumpChange("jurisdictions")
}

// Jurisdiction returns the node with the ID.
func (t *tx) Jurisdiction(id int64) (*nsor.Jurisdiction, error) {
	j := &nsor.Jurisdiction{}
	err := t.one("jurisdiction", scanJurisdiction(j), "SELECT "+jurisdictionCols+" FROM jurisdictions WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	return j, nil
}

// JurisdictionByCode returns the node with the code.
func (t *tx) JurisdictionByCode(code string) (*nsor.Jurisdiction, error) {
	j := &nsor.Jurisdiction{}
	err := t.one("jurisdiction", scanJurisdiction(j), "SELECT "+jurisdictionCols+" FROM jurisdictions WHERE code = ?", code)
	if err != nil {
		return nil, err
	}
	return j, nil
}

// Jurisdictions lists every node, ordered by path, so parents come before
// their children.
func (t *tx) Jurisdictions() ([]*nsor.Jurisdiction, error) {
	out, err := list(t, "jurisdiction", scanJurisdiction, "SELECT "+jurisdictionCols+" FROM jurisdictions ORDER BY path")
	return out, err
}
