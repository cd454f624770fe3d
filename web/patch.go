package web

import (
	"encoding/json"
	"net/http"

	"nsor"
)

// Every PATCH of the API is a JSON merge patch (RFC 7396): a member the
// body leaves out keeps its value, a member given replaces it, and null
// removes it, which nsor takes as "back to empty" where an empty value is
// allowed (a request's grounds, its declaration) and refuses, naming the
// member, where it is not (a user's name, a jurisdiction's code). The body
// may be sent as application/merge-patch+json or application/json; both
// mean the same.

// mergePatchType is the media type of a JSON merge patch (RFC 7396 section 4).
const mergePatchType = "application/merge-patch+json"

// member is one member of a merge patch: whether the body gave it, whether
// as null, and its value otherwise.
type member[T any] struct {
	Set, Null bool
	V         T
}

// UnmarshalJSON is called for every member the body holds, null included
// (encoding/json hands null to an Unmarshaler).
func (m *member[T]) UnmarshalJSON(b []byte) error {
	m.Set = true
	if string(b) == "null" {
		m.Null = true
		return nil
	}
	return json.Unmarshal(b, &m.V)
}

// ptr is the member as the service's patches take it: nil when left out.
// A null is refused with 400 patch.null_not_allowed naming the field, for a
// member that cannot be emptied.
func (m member[T]) ptr(field string) (*T, error) {
	switch {
	case !m.Set:
		return nil, nil
	case m.Null:
		return nil, badBody(field, "patch.null_not_allowed", "The field "+field+" cannot be removed; give its new value, or leave it out to keep it.")
	}
	v := m.V
	return &v, nil
}

// orEmpty is the member for one that may be emptied: null gives T's zero value.
func (m member[T]) orEmpty() *T {
	if !m.Set {
		return nil
	}
	v := m.V // the zero value when null
	return &v
}

// requestPatch is the body of PATCH /requests/{id}.
type requestPatch struct {
	Version     int             `json:"version"`
	Suspects    member[[]int64] `json:"suspects"`
	Grounds     member[string]  `json:"grounds"`
	Declaration member[bool]    `json:"declaration"`
}

func (p requestPatch) domain() (nsor.RequestPatch, error) {
	suspects, err := p.Suspects.ptr("suspects")
	return nsor.RequestPatch{Suspects: suspects, Grounds: p.Grounds.orEmpty(), Declaration: p.Declaration.orEmpty()}, err
}

// userPatch is the body of PATCH /users/{id}; none of its members can be
// removed (an account always has a name, rank, role, ...).
type userPatch struct {
	Name           member[string]    `json:"name"`
	Rank           member[string]    `json:"rank"`
	BeltNumber     member[string]    `json:"belt_number"`
	Role           member[nsor.Role] `json:"role"`
	JurisdictionID member[int64]     `json:"jurisdiction_id"`
	Disabled       member[bool]      `json:"disabled"`
}

func (p userPatch) domain() (u nsor.UserPatch, err error) {
	set := func(dst **string, m member[string], field string) {
		if err == nil {
			*dst, err = m.ptr(field)
		}
	}
	set(&u.Name, p.Name, "name")
	set(&u.Rank, p.Rank, "rank")
	set(&u.BeltNumber, p.BeltNumber, "belt_number")
	if err == nil {
		u.Role, err = p.Role.ptr("role")
	}
	if err == nil {
		u.JurisdictionID, err = p.JurisdictionID.ptr("jurisdiction_id")
	}
	if err == nil {
		u.Disabled, err = p.Disabled.ptr("disabled")
	}
	return u, err
}

// jurisdictionPatch is the body of PATCH /jurisdictions/{id}; none of its
// members can be removed.
type jurisdictionPatch struct {
	Name member[string]            `json:"name"`
	Code member[string]            `json:"code"`
	Head member[nsor.DistrictHead] `json:"head"`
	// Version is the node's version the change was made from, as If-Match.
	Version int `json:"version"`
}

func (p jurisdictionPatch) domain() (j nsor.JurisdictionPatch, err error) {
	if j.Name, err = p.Name.ptr("name"); err != nil {
		return j, err
	}
	if j.Code, err = p.Code.ptr("code"); err != nil {
		return j, err
	}
	j.Head, err = p.Head.ptr("head")
	return j, err
}

// decodePatch reads a merge patch into v strictly, as decode reads any body.
func decodePatch(r *http.Request, v any) error {
	_, err := decode(r, v)
	return err
}
