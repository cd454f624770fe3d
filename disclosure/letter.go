package disclosure

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"nsor"
)

// part says where a line of the letter belongs on the printable page.
type part int

const (
	partHeader part = iota
	partBody
	partFooter
)

// A line is one line of a rendering: a title, a sentence or a field.
type line struct {
	part  part
	title bool   // a heading, not a variant site
	text  string // the whole line
}

// letter builds a rendering's lines, choosing every variant by the
// recipient's key.
type letter struct {
	key   nsor.MarkKey
	lines []line
	part  part
}

// bit is the keyed choice at a site: the low bit of
// HMAC-SHA256(key, "nsor-mark-v1" 0 site). Without the key the bits of one
// recipient say nothing about another's.
func bit(key nsor.MarkKey, site string) bool {
	m := hmac.New(sha256.New, key[:])
	m.Write([]byte("nsor-mark-v1\x00"))
	m.Write([]byte(site))
	return m.Sum(nil)[0]&1 == 1
}

// anchorLen is how much of a value anchors its line's bits: enough to tell
// lines apart, short enough that a line wrapped in print or misread by OCR
// towards its end still gives the same anchor.
const anchorLen = 16

// anchor normalises a value to what survives retyping: letters and digits,
// lower case, at most anchorLen of them.
func anchor(v string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToLower(v) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			if n++; n == anchorLen {
				break
			}
		}
	}
	return b.String()
}

func labelSite(f field, value string) string { return "f:" + f.site + "\x00" + anchor(value) }
func sepSite(f field, value string) string   { return "p:" + f.site + "\x00" + anchor(value) }
func slotSite(s sentence, i int) string      { return "s:" + s.site + ":" + strconv.Itoa(i) }

func pick(b bool) int {
	if b {
		return 1
	}
	return 0
}

// field adds "Label: value" with the label and separator the key chooses;
// an empty value adds nothing.
func (l *letter) field(f field, value string) {
	value = strings.Join(strings.Fields(value), " ")
	if value == "" {
		return
	}
	label := f.labels[pick(bit(l.key, labelSite(f, value)))]
	sep := separators[pick(bit(l.key, sepSite(f, value)))]
	l.lines = append(l.lines, line{part: l.part, text: label + sep + value})
}

func (l *letter) sentences(ss []sentence) {
	for _, s := range ss {
		n := len(slots(s))
		choice := make([]bool, n)
		for i := range choice {
			choice[i] = bit(l.key, slotSite(s, i))
		}
		l.lines = append(l.lines, line{part: l.part, text: fill(s, choice)})
	}
}

func (l *letter) title(s string) { l.lines = append(l.lines, line{part: l.part, title: true, text: s}) }

// stamp is how times are written.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// visible adds the visible block: number, recipient, times, advisory.
func (l *letter) visible(b nsor.DisclosureBlock) {
	l.field(fDisclosure, b.Number)
	l.field(fRecipient, recipient(b))
	l.field(fReleased, stamp(b.ReleasedAt))
	l.field(fRendered, stamp(b.RenderedAt))
	l.field(fAdvisory, b.Advisory)
}

func recipient(b nsor.DisclosureBlock) string {
	if b.RecipientRank == "" {
		return b.RecipientName
	}
	return b.RecipientName + ", " + b.RecipientRank
}

// build lays out the whole rendering.
func build(r *nsor.Rendering) []line {
	l := &letter{key: r.Key}
	l.title("National Police Bureau, Sex Offenders Register")
	l.title("RESTRICTED: released records")
	l.visible(r.Block)
	l.part = partBody
	l.sentences(opening)
	snap := r.Snapshot
	l.field(fRequest, snap.RequestRef)
	l.field(fFIR, snap.FIR)
	for i, sp := range snap.Suspects {
		l.field(fSuspect, fmt.Sprintf("%d of %d", i+1, len(snap.Suspects)))
		l.suspect(sp)
	}
	l.sentences(closing)
	l.part = partFooter
	l.title("End of disclosure " + r.Block.Number)
	l.visible(r.Block)
	return l.lines
}

func (l *letter) suspect(sp nsor.ReleasedSuspect) {
	a := sp.Accused
	l.field(fName, a.Name)
	l.field(fTitles, strings.Join(a.Titles, ", "))
	if a.Parentage != nil {
		l.field(fParentage, a.Parentage.Relation+" "+a.Parentage.Name)
	}
	l.field(fCNIC, string(a.CNIC))
	l.field(fGender, string(a.Gender))
	if a.Age > 0 {
		l.field(fAge, fmt.Sprint(a.Age))
	}
	l.field(fDOB, string(a.DOB))
	l.field(fAddress, a.Address)
	l.field(fOutcome, outcomeText[string(sp.Outcome)])
	l.field(fBasis, string(sp.Basis))
	l.field(fNeeded, strings.Join(sp.Needed, ", "))
	l.field(fNote, sp.Note)
	if sp.Record != nil {
		l.record(sp.Record)
	}
}

func (l *letter) record(rr *nsor.ReleasedRecord) {
	o := rr.Record
	l.field(fRecord, fmt.Sprintf("%d, version %d", rr.ID, rr.Version))
	l.field(fName, o.Name)
	l.field(fTitles, strings.Join(o.Titles, ", "))
	l.field(fAliases, strings.Join(o.Aliases, "; "))
	for _, p := range o.Parentage {
		l.field(fParentage, p.Relation+" "+p.Name)
	}
	l.field(fCNIC, string(o.CNIC))
	l.field(fGender, string(o.Gender))
	l.field(fDOB, string(o.DOB))
	l.field(fBirthPlace, o.BirthPlace)
	l.field(fDescription, o.Description)
	l.field(fMarks, o.Marks)
	l.field(fSerial, map[bool]string{true: "yes, two or more convictions", false: "no"}[rr.Serial])
	for i, c := range o.Convictions {
		l.field(fConviction, fmt.Sprintf("%d of %d", i+1, len(o.Convictions)))
		l.conviction(c)
	}
	for _, a := range o.Addresses {
		l.field(fAddrHistory, address(a))
	}
	if rr.LastKnownAddress != nil {
		l.field(fLastKnown, address(*rr.LastKnownAddress))
	}
	for _, b := range o.Biometrics {
		l.field(fBiometric, b.Kind+" "+b.Reference+" ("+b.Provenance+")")
	}
	for _, ref := range o.Referrals {
		l.field(fReferral, strings.TrimSuffix(string(ref.ReferredOn)+", "+ref.Professional+", "+ref.Outcome, ", "))
	}
}

func (l *letter) conviction(c nsor.Conviction) {
	l.field(fCourt, c.Court)
	l.field(fCase, c.CaseNumber)
	l.field(fConvFIR, c.FIR)
	l.field(fSections, strings.Join(c.Sections, ", "))
	l.field(fConvicted, string(c.ConvictedOn))
	l.field(fSentence, c.Sentence)
	l.field(fReleasedOn, string(c.ReleasedOn))
	l.field(fAppeal, c.AppealStatus)
}

func address(a nsor.Address) string {
	s := a.Address
	if a.District != "" {
		s += ", " + a.District
	}
	if a.From != "" || a.To != "" {
		s += " (from " + orUnknown(string(a.From)) + " to " + orNow(string(a.To)) + ")"
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func orNow(s string) string {
	if s == "" {
		return "now"
	}
	return s
}
