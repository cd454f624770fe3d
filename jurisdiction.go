package nsor

import (
	"strconv"
	"strings"
)

// JurisdictionKind is a level of the one hierarchy: country, province, region,
// district, police station (docs/adr/0003-jurisdictions.md).
type JurisdictionKind string

// The levels, from the top.
const (
	KindCountry  JurisdictionKind = "country"
	KindProvince JurisdictionKind = "province"
	KindRegion   JurisdictionKind = "region"
	KindDistrict JurisdictionKind = "district"
	KindStation  JurisdictionKind = "station"
)

// childKinds says what may sit directly under each level. A district may sit
// under a region or directly under a province (provinces without regions).
var childKinds = map[JurisdictionKind][]JurisdictionKind{
	KindCountry:  {KindProvince},
	KindProvince: {KindRegion, KindDistrict},
	KindRegion:   {KindDistrict},
	KindDistrict: {KindStation},
}

// DistrictHead is the title of a district's police head. A district headed by
// a CPO or CCPO works exactly as one headed by a DPO.
type DistrictHead string

// The titles of district police heads.
const (
	HeadDPO  DistrictHead = "DPO"
	HeadCPO  DistrictHead = "CPO"
	HeadCCPO DistrictHead = "CCPO"
)

// Jurisdiction is one node of the hierarchy. Path lists the IDs from the root
// ("/1/3/12/"), so that "covers" is a prefix test in code and in SQL.
type Jurisdiction struct {
	ID       int64            `json:"id"`
	Kind     JurisdictionKind `json:"kind"`
	Code     string           `json:"code" text:"id"`
	Name     string           `json:"name"`
	ParentID int64            `json:"parent_id,omitempty"`
	Path     string           `json:"-"`
	Head     DistrictHead     `json:"head,omitempty"`
}

// Covers reports whether other is j or lies beneath it.
func (j *Jurisdiction) Covers(other *Jurisdiction) bool {
	return j != nil && other != nil && strings.HasPrefix(other.Path, j.Path)
}

// CoversPath reports whether a node with the given path lies in j.
func (j *Jurisdiction) CoversPath(path string) bool {
	return j != nil && strings.HasPrefix(path, j.Path)
}

// ChildPath is the path of a new child of j with the given ID.
func (j *Jurisdiction) ChildPath(id int64) string {
	return j.Path + strconv.FormatInt(id, 10) + "/"
}

// AncestorIDs returns the IDs on the path, root first, j last.
func (j *Jurisdiction) AncestorIDs() []int64 {
	var ids []int64
	for _, s := range strings.Split(strings.Trim(j.Path, "/"), "/") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// ValidChild reports whether a node of kind child may sit under parent.
func ValidChild(parent, child JurisdictionKind) bool {
	for _, k := range childKinds[parent] {
		if k == child {
			return true
		}
	}
	return false
}

// JurisdictionPatch renames a node or changes a district's head title; the
// place of a node in the hierarchy never changes (docs/adr/0003).
type JurisdictionPatch struct {
	Name *string       `json:"name,omitempty"`
	Code *string       `json:"code,omitempty" text:"id"`
	Head *DistrictHead `json:"head,omitempty"`
}
