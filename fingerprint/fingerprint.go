// Package fingerprint holds what every fingerprint format and matcher of nsor
// shares: a finger's minutiae, as read from a template or extracted from an
// image, in one coordinate convention.
package fingerprint

// Kind is a minutia's type.
type Kind uint8

// The minutia types that ISO/IEC 19794-2 and ANSI INCITS 378 record.
const (
	Other       Kind = 0
	RidgeEnding Kind = 1
	Bifurcation Kind = 2
)

// Minutia is one minutia: its position in pixels from the image's top-left
// corner, its direction in radians in [0, 2π) measured counter-clockwise from
// the x axis, its type and its quality (0 when the source gives none).
type Minutia struct {
	X, Y    int
	Angle   float64
	Kind    Kind
	Quality uint8
}

// Position is a finger position code of ANSI/NIST-ITL 1-2011 Table 8 (1 right
// thumb ... 10 left little; 0 unknown).
type Position uint8

// Template is one finger's minutiae with the image geometry they refer to.
// Resolution is in pixels per centimetre, as ISO/IEC 19794-2 records it
// (500 dpi is 197).
type Template struct {
	Width, Height int
	ResX, ResY    int
	Position      Position
	Quality       uint8
	Minutiae      []Minutia
}
