package iso

import (
	"fmt"
	"math"

	"nsor/fingerprint"
)

// Encode writes the record in its Format, byte for byte as Decode read it,
// and refuses a record that Decode would refuse.
func (rec *Record) Encode() ([]byte, error) {
	switch rec.Format {
	case ISO2005, ANSI2004:
		return rec.encode2005()
	case ISO2011:
		return rec.encode2011()
	case ANSI2009:
		return rec.encodeANSI2009()
	}
	return nil, &Error{Format: rec.Format, Offset: -1, Field: "format", Reason: "no such format", kind: ErrInvalid}
}

// angleUnits is the number of angle steps in a full turn: ISO stores angles
// in units of 360/256 degrees, ANSI INCITS 378 in units of 2 degrees.
func angleUnits(f Format) float64 {
	if f == ANSI2004 || f == ANSI2009 {
		return 180
	}
	return 256
}

// Template gives view i as a fingerprint.Template: positions in pixels,
// angles in radians counter-clockwise from the x axis, resolution in pixels
// per centimetre.
func (rec *Record) Template(i int) (fingerprint.Template, error) {
	if i < 0 || i >= len(rec.Views) {
		return fingerprint.Template{}, fmt.Errorf("%s: no finger view %d (the record has %d)", rec.Format, i, len(rec.Views))
	}
	v := rec.Views[i]
	t := fingerprint.Template{
		Width: int(rec.Width), Height: int(rec.Height), ResX: int(rec.ResX), ResY: int(rec.ResY),
		Position: fingerprint.Position(v.Position), Quality: v.Quality,
		Minutiae: make([]fingerprint.Minutia, len(v.Minutiae)),
	}
	if d := v.V2011; d != nil {
		t.Width, t.Height, t.ResX, t.ResY = int(d.Width), int(d.Height), int(d.ResX), int(d.ResY)
		if len(d.Qualities) > 0 {
			t.Quality = d.Qualities[0].Score
		}
	}
	units := angleUnits(rec.Format)
	for j, m := range v.Minutiae {
		t.Minutiae[j] = fingerprint.Minutia{
			X: int(m.X), Y: int(m.Y),
			Angle:   float64(m.Angle) * 2 * math.Pi / units,
			Kind:    fingerprint.Kind(m.Type),
			Quality: m.Quality,
		}
	}
	return t, nil
}

// DecodeTemplate reads a record of any format and gives its first finger
// view as a fingerprint.Template.
func DecodeTemplate(b []byte) (fingerprint.Template, error) {
	rec, err := Decode(b)
	if err != nil {
		return fingerprint.Template{}, err
	}
	return rec.Template(0)
}

// FromTemplates makes a record of format f with one view per template, for
// Encode. The angle is rounded to the format's unit. ISO 2005 and ANSI 2004
// take their geometry from the first template: every template must share it.
func FromTemplates(f Format, ts ...fingerprint.Template) (*Record, error) {
	if len(ts) == 0 {
		return nil, fmt.Errorf("%s: no template to write", f)
	}
	rec := &Record{Format: f}
	units := angleUnits(f)
	for i, t := range ts {
		for _, n := range []int{t.Width, t.Height, t.ResX, t.ResY} {
			if n <= 0 || n > 0xffff {
				return nil, fmt.Errorf("%s: template %d: geometry %dx%d at %dx%d px/cm is out of range", f, i, t.Width, t.Height, t.ResX, t.ResY)
			}
		}
		geo := [4]uint16{uint16(t.Width), uint16(t.Height), uint16(t.ResX), uint16(t.ResY)}
		v := View{Position: uint8(t.Position), Quality: t.Quality}
		for _, prior := range rec.Views {
			if prior.Position == v.Position {
				v.Number++
			}
		}
		switch f {
		case ISO2005, ANSI2004:
			if i == 0 {
				rec.Width, rec.Height, rec.ResX, rec.ResY = geo[0], geo[1], geo[2], geo[3]
			} else if geo != [4]uint16{rec.Width, rec.Height, rec.ResX, rec.ResY} {
				return nil, fmt.Errorf("%s: template %d has a geometry unlike template 0's: one record holds one image geometry", f, i)
			}
		default:
			d := &ViewDetail{Width: geo[0], Height: geo[1], ResX: geo[2], ResY: geo[3], MinutiaSize: 6}
			if f == ISO2011 {
				d.CaptureTime = [9]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
			}
			if t.Quality != 0 || f == ANSI2009 {
				// ANSI 2009 carries exactly one quality block per view.
				d.Qualities = []QualityBlock{{Score: t.Quality}}
			}
			v.Quality = 0
			v.V2011 = d
		}
		for j, m := range t.Minutiae {
			if m.X < 0 || m.Y < 0 || m.X > 0x3fff || m.Y > 0x3fff || m.Kind > 2 {
				return nil, fmt.Errorf("%s: template %d minutia %d: position (%d, %d) or kind %d cannot be written", f, i, j, m.X, m.Y, m.Kind)
			}
			a := math.Mod(m.Angle, 2*math.Pi)
			if a < 0 {
				a += 2 * math.Pi
			}
			step := int(math.Round(a*units/(2*math.Pi))) % int(units)
			v.Minutiae = append(v.Minutiae, Minutia{Type: uint8(m.Kind), X: uint16(m.X), Y: uint16(m.Y), Angle: uint8(step), Quality: m.Quality})
		}
		rec.Views = append(rec.Views, v)
	}
	return rec, nil
}
