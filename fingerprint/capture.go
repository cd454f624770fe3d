package fingerprint

import (
	"errors"
	"fmt"
)

// Impression is an impression type code of ANSI/NIST-ITL 1-2011 Table 7.
type Impression uint8

// The impression types a captured finger may have.
const (
	LiveScanPlain    Impression = 0
	LiveScanRolled   Impression = 1
	NonLiveScanPlain Impression = 2 // inked card, plain
	NonLiveRolled    Impression = 3 // inked card, rolled
	LatentImpression Impression = 4
	LatentTracing    Impression = 5
	LatentPhoto      Impression = 6
	LatentLift       Impression = 7
	LiveScanSwipe    Impression = 8
)

// Quality values besides 0-100 (ANSI/NIST-ITL 1-2011): 254 no score was
// computed, 255 the quality algorithm failed.
const (
	QualityNotComputed uint8 = 254
	QualityFailed      uint8 = 255
)

// Image formats and template formats a capture may carry.
const (
	ImagePNG  = "png"
	ImageTIFF = "tiff"
	ImageWSQ  = "wsq"
	ImageRaw  = "raw" // 8-bit grey, row by row, no header

	TemplateISO2005  = "iso-19794-2:2005"
	TemplateISO2011  = "iso-19794-2:2011"
	TemplateANSI2004 = "ansi-378:2004"
	TemplateANSI2009 = "ansi-378:2009"
)

// ImageData is a finger image as captured: its bytes exactly as received,
// with the geometry they decode to. Images are always kept, so templates
// can be extracted again with a better extractor.
type ImageData struct {
	Format        string
	Bytes         []byte
	Width, Height int
	PPI           int
}

// TemplateData is a minutiae template: its bytes as received and what they
// parse to.
type TemplateData struct {
	Format string
	Bytes  []byte
	Parsed Template
}

// Capture is one captured finger as the register stores it: position,
// impression type, quality, the image (required) and a template (optional).
type Capture struct {
	Position   Position
	Impression Impression
	Quality    uint8
	Image      ImageData
	Template   *TemplateData
}

// ErrCapture is matched (errors.Is) by every refusal of Validate.
var ErrCapture = errors.New("fingerprint capture refused")

func capErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCapture, fmt.Sprintf(format, args...))
}

// Validate checks a capture's fields. It does not decode the bytes (the
// fingerprint/capture package builds captures from bytes it has decoded).
func (c *Capture) Validate() error {
	if c.Position < 1 || c.Position > 10 {
		return capErr("finger position %d is not 1 (right thumb) to 10 (left little)", c.Position)
	}
	if c.Impression > LiveScanSwipe {
		return capErr("impression type %d is not one of 0-8", c.Impression)
	}
	if c.Quality > 100 && c.Quality != QualityNotComputed && c.Quality != QualityFailed {
		return capErr("quality %d is not 0-100, 254 (not computed) or 255 (failed)", c.Quality)
	}
	im := c.Image
	switch im.Format {
	case ImagePNG, ImageTIFF, ImageWSQ, ImageRaw:
	default:
		return capErr("image format %q is not png, tiff, wsq or raw", im.Format)
	}
	if len(im.Bytes) == 0 {
		return capErr("the image is required: its bytes are empty")
	}
	if im.Width <= 0 || im.Height <= 0 || im.Width > 1<<15 || im.Height > 1<<15 {
		return capErr("image size %dx%d is out of range", im.Width, im.Height)
	}
	if im.Format == ImageRaw && len(im.Bytes) != im.Width*im.Height {
		return capErr("a raw %dx%d image has %d bytes, not %d", im.Width, im.Height, len(im.Bytes), im.Width*im.Height)
	}
	if im.PPI < 100 || im.PPI > 4000 {
		return capErr("image resolution %d ppi is outside 100-4000", im.PPI)
	}
	if t := c.Template; t != nil {
		switch t.Format {
		case TemplateISO2005, TemplateISO2011, TemplateANSI2004, TemplateANSI2009:
		default:
			return capErr("template format %q is unknown", t.Format)
		}
		if len(t.Bytes) == 0 {
			return capErr("the template's bytes are empty")
		}
		if t.Parsed.Position != 0 && t.Parsed.Position != c.Position {
			return capErr("the template is of finger %d, the capture of finger %d", t.Parsed.Position, c.Position)
		}
	}
	return nil
}
