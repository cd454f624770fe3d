package nsor

import (
	"fmt"
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
	// Version is raised by every change to the node (name, code, head),
	// so that an edit made from an older one is refused as stale.
	Version int `json:"version"`
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
// place of a node in the hierarchy never changes (docs/adr/0003). Version
// is the node's version the change was made from: when the node is at
// another now, the change is refused as KindConflict "jurisdiction.stale";
// 0 or AnyVersion checks nothing (the API without If-Match, as for an
// FIR, docs/adr/0005).
type JurisdictionPatch struct {
	Version int           `json:"-"`
	Name    *string       `json:"name,omitempty"`
	Code    *string       `json:"code,omitempty" text:"id"`
	Head    *DistrictHead `json:"head,omitempty"`
}

// ErrJurisdictionStale is the refusal of a change to a jurisdiction made
// from a version that is no longer current: another administrator changed
// it meanwhile.
func ErrJurisdictionStale(current int) *Error {
	return (&Error{Kind: KindConflict, Code: "jurisdiction.stale",
		Message: fmt.Sprintf("Another administrator changed this jurisdiction since you read it (it is at version %d now); read it again and make the change from there.", current),
		Fields: []FieldError{{Field: "version", Code: "jurisdiction.stale",
			Message: fmt.Sprintf("The jurisdiction is at version %d.", current)}}}).
		WithParams(Params{"version": strconv.Itoa(current)})
}
