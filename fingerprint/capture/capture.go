// Package capture builds a fingerprint.Capture from the bytes an officer or
// registrar supplies: the image (PNG, TIFF or WSQ, decoded to check it and
// to learn its geometry and resolution) and optionally a minutiae template
// (ISO/IEC 19794-2 or ANSI INCITS 378, strictly parsed).
package capture

import (
	"fmt"

	"nsor/fingerprint"
	"nsor/fingerprint/fpimage"
	"nsor/fingerprint/iso"
)

// Input is what is supplied for one finger.
type Input struct {
	Position   fingerprint.Position
	Impression fingerprint.Impression
	Quality    uint8
	Image      []byte
	// PPI is the stated resolution, required when the image file has none.
	PPI      int
	Template []byte // optional
}

var templateFormats = map[iso.Format]string{
	iso.ISO2005:  fingerprint.TemplateISO2005,
	iso.ISO2011:  fingerprint.TemplateISO2011,
	iso.ANSI2004: fingerprint.TemplateANSI2004,
	iso.ANSI2009: fingerprint.TemplateANSI2009,
}

// New decodes and checks what was supplied and gives the capture.
func New(in Input) (*fingerprint.Capture, error) {
	img, err := fpimage.Decode(in.Image, in.PPI)
	if err != nil {
		return nil, fmt.Errorf("%w: image: %v", fingerprint.ErrCapture, err)
	}
	c := &fingerprint.Capture{
		Position: in.Position, Impression: in.Impression, Quality: in.Quality,
		Image: fingerprint.ImageData{Format: img.Format, Bytes: in.Image, Width: img.Width, Height: img.Height, PPI: img.PPI},
	}
	if in.Template != nil {
		rec, err := iso.Decode(in.Template)
		if err != nil {
			return nil, fmt.Errorf("%w: template: %v", fingerprint.ErrCapture, err)
		}
		if len(rec.Views) != 1 {
			return nil, fmt.Errorf("%w: template has %d finger views: a capture holds one finger", fingerprint.ErrCapture, len(rec.Views))
		}
		t, err := rec.Template(0)
		if err != nil {
			return nil, fmt.Errorf("%w: template: %v", fingerprint.ErrCapture, err)
		}
		c.Template = &fingerprint.TemplateData{Format: templateFormats[rec.Format], Bytes: in.Template, Parsed: t}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}
