package nsor

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// ChecklistItems is the prosecutor's checklist as a closed set of codes (the
// fields of Checklist), in its order, each with what its failure means to
// the officer.
var ChecklistItems = []struct{ Code, Failure string }{
	{"fir_copy_matches", "the FIR copy does not match the particulars"},
	{"eligible_section", "the FIR cites no section that permits the request"},
	{"suspects_named_in_fir", "a suspect is not named in the FIR"},
	{"grounds_substantiated", "the grounds are not substantiated"},
}

func checklistIndex(code string) int {
	for i, it := range ChecklistItems {
		if it.Code == code {
			return i
		}
	}
	return -1
}

func checklistCodes() string {
	codes := make([]string, len(ChecklistItems))
	for i, it := range ChecklistItems {
		codes[i] = it.Code
	}
	return strings.Join(codes, ", ")
}

// ReturnedItems are the checklist items a return names as failed, in the
// checklist's order: those given, or else those the checklist leaves
// unticked. A return names at least one, each known and once; with a
// checklist too, they are exactly its unticked items.
func ReturnedItems(c *Checklist, failed []string) ([]string, error) {
	given := len(failed) > 0
	if !given && c != nil {
		failed = c.Failed()
	}
	if len(failed) == 0 {
		return nil, Invalid("failed_items", "return.items_required", "Name the checklist item(s) that failed ("+checklistCodes()+
			"); a request whose every item holds is forwarded, not returned.")
	}
	var p Problems
	seen := make([]bool, len(ChecklistItems))
	for i, code := range failed {
		field := fmt.Sprintf("failed_items[%d]", i)
		switch k := checklistIndex(code); {
		case k < 0:
			p.Add(field, "return.item_unknown", "Unknown checklist item \""+code+"\"; name one of "+checklistCodes()+".")
		case seen[k]:
			p.Add(field, "return.item_repeated", "The checklist item \""+code+"\" is named twice.")
		default:
			seen[k] = true
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var out []string
	for k, it := range ChecklistItems {
		if seen[k] {
			out = append(out, it.Code)
		}
	}
	if given && c != nil && !slices.Equal(out, c.Failed()) {
		return nil, Invalid("checklist", "return.checklist_disagrees",
			"The checklist's unticked items must be the failed items the return names.")
	}
	return out, nil
}

// ChecklistFailures says what the failed items mean, for the officer's notice.
func ChecklistFailures(items []string) string {
	out := make([]string, len(items))
	for i, code := range items {
		out[i] = ChecklistItems[checklistIndex(code)].Failure + " (" + code + ")"
	}
	return strings.Join(out, "; ")
}

// AdvisoryHash is the SHA-256 (hex) of an advisory's text: what an officer's
// acknowledgement records they accepted.
func AdvisoryHash(text string) string { return SHA256Hex([]byte(text)) }

// ReleaseAdvisory is the advisory a release carries, as its snapshot holds it.
func ReleaseAdvisory(rel *Release) (string, error) {
	var snap struct {
		Advisory string `json:"advisory"`
	}
	if err := json.Unmarshal(rel.Snapshot, &snap); err != nil {
		return "", Internalf(err, "decode release %d", rel.ID)
	}
	return snap.Advisory, nil
}
