package nsor

import (
	"regexp"
	"slices"
	"strings"
)

// DefaultEligibleSections are the provisions under which the register may be
// consulted (SOPs of 22 August 2024, implementing the Anti-Rape (Investigation
// and Trial) Act 2021 s.24): PPC 292A-292C, 371A, 371B, 375, 375A, 376, 377,
// 377A, 377B and PECA 2016 ss.21 and 22. It is configuration: the law changes.
var DefaultEligibleSections = []string{
	"PPC-292A", "PPC-292B", "PPC-292C", "PPC-371A", "PPC-371B", "PPC-375", "PPC-375A",
	"PPC-376", "PPC-377", "PPC-377A", "PPC-377B", "PECA-21", "PECA-22",
}

// attemptSection is PPC s.511 (attempt): "376/511" is an attempt at 376.
const attemptSection = "511"

var (
	sectionNoise = regexp.MustCompile(`(?i)\b(sections?|secs?|s|u/s|under|read with|r/w|of|the|act|2016)\b\.?`)
	sectionBody  = regexp.MustCompile(`^0*([1-9]\d{0,2})\s*-?\s*([A-Z])?(?:\s*/\s*(\d{1,3}))?$`)
)

// ParseSection reads one section as people write it ("377-B", "377 B PPC",
// "s.377B", "PPC 376/511", "PECA-22", "22 PECA 2016") and returns its code
// ("PPC-377B", "PPC-376/511", "PECA-22"). A section with no act named is
// taken to be of the Penal Code. Unreadable input is refused with
// section.unrecognised.
func ParseSection(s string) (string, error) {
	up := strings.ToUpper(strings.TrimSpace(s))
	act := "PPC"
	switch {
	case strings.Contains(up, "PECA"):
		act = "PECA"
		up = strings.ReplaceAll(up, "PECA", " ")
	case strings.Contains(up, "PPC"):
		up = strings.ReplaceAll(up, "PPC", " ")
	}
	up = sectionNoise.ReplaceAllString(up, " ")
	up = strings.Trim(strings.Join(strings.Fields(up), " "), " -.,:")
	m := sectionBody.FindStringSubmatch(up)
	if m == nil || (m[3] != "" && m[3] != attemptSection) {
		return "", Invalid("sections", "section.unrecognised",
			"\""+s+"\" is not a section this system can read; write it like 377-B PPC or 22 PECA.")
	}
	code := act + "-" + strings.TrimLeft(m[1], "0") + m[2]
	if m[3] != "" {
		code += "/" + attemptSection
	}
	return code, nil
}

// ParseSections reads every section, dropping duplicates and keeping order.
func ParseSections(in []string) ([]string, error) {
	var p Problems
	var out []string
	for _, s := range in {
		code, err := ParseSection(s)
		if err != nil {
			p.AddErr("", err)
			continue
		}
		if !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	if len(in) == 0 {
		p.Add("sections", "fir.sections_missing", "An FIR cites at least one section.")
	}
	return out, p.Err()
}

// BaseSection strips an attempt suffix: "PPC-376/511" is "PPC-376".
func BaseSection(code string) string {
	base, _, _ := strings.Cut(code, "/")
	return base
}

// EligibleSections reports which of codes are eligible under the list in force.
func EligibleSections(codes, eligible []string) []string {
	var out []string
	for _, c := range codes {
		if slices.Contains(eligible, BaseSection(c)) {
			out = append(out, c)
		}
	}
	return out
}
