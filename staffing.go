package nsor

import (
	"slices"
	"time"
)

// SexualViolenceSections are the provisions that make an FIR a
// sexual-violence case, which is investigated with a female officer on it
// where the district has one (docs/rules.md#r11): rape, unnatural offences
// and sexual abuse of the Pakistan Penal Code. A section cited as an attempt
// ("PPC-376/511") counts as its offence.
var SexualViolenceSections = []string{"PPC-375", "PPC-375A", "PPC-376", "PPC-377", "PPC-377A", "PPC-377B"}

// SexualViolence reports whether an FIR citing these section codes is a
// sexual-violence case.
func SexualViolence(sections []string) bool {
	for _, s := range sections {
		if slices.Contains(SexualViolenceSections, BaseSection(s)) {
			return true
		}
	}
	return false
}

// FIROfficer is an officer added to a case beside the one who holds it (a
// co-investigator), by the DPO, with the reason. The officer holding the case
// alone files requests and reads releases; a co-investigator is on the case
// for the investigation itself.
type FIROfficer struct {
	FIRID   int64     `json:"fir_id"`
	UserID  int64     `json:"user_id"`
	AddedBy int64     `json:"added_by"`
	AddedAt time.Time `json:"added_at"`
	Reason  string    `json:"reason"`
}

// Officer is an officer as a case's staffing shows them: no credentials.
type Officer struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Rank   string `json:"rank,omitempty"`
	Gender Gender `json:"gender,omitempty"`
}

// OfficerOf is the staffing's view of a user.
func OfficerOf(u *User) Officer {
	return Officer{ID: u.ID, Name: u.Name, Rank: u.Rank, Gender: u.Gender}
}

// CaseStaffing is who investigates one case: the officer holding it, the
// co-investigators, and whether a female officer is among them, which a
// sexual-violence case needs (docs/rules.md#r11). It never shows the victim.
type CaseStaffing struct {
	FIRID           int64     `json:"fir_id"`
	FIR             string    `json:"fir"` // number/year
	Station         string    `json:"police_station"`
	Version         int       `json:"version"`
	Sections        []string  `json:"sections"`
	SexualViolence  bool      `json:"sexual_violence"`
	Lead            Officer   `json:"lead"`
	CoInvestigators []Officer `json:"co_investigators"`
	FemaleOfficer   bool      `json:"female_officer"`
}

// NeedsFemaleOfficer reports whether the case is a sexual-violence case with
// no female officer on it.
func (c *CaseStaffing) NeedsFemaleOfficer() bool { return c.SexualViolence && !c.FemaleOfficer }

// Staffing is the DPO's view of the district's cases: a page of them, newest
// first, and the district's active investigating officers to transfer a case
// to or add to it.
type Staffing struct {
	Cases    []*CaseStaffing `json:"cases"`
	Next     []int64         `json:"next,omitempty"`
	Officers []Officer       `json:"officers"`
}
