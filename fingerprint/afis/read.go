package afis

import (
	"bytes"
	"image"

	"nsor/fingerprint"
	"nsor/fingerprint/capture"
	"nsor/fingerprint/fpimage"
	"nsor/fingerprint/iso"
)

// Finger is one finger ready for comparison: its minutiae, and whether they
// were extracted here from an image (Extracted) or received as a template,
// which decides the calibration its scores are read against (CalibrationFor).
type Finger struct {
	Template  fingerprint.Template
	Extracted bool
}

// CalibrationFor is the impostor distribution a comparison of a with b is
// read against: CalibrationISO when both fingers' minutiae were received as
// templates, CalibrationImages when either was extracted here.
func CalibrationFor(a, b Finger) *Calibration {
	if a.Extracted || b.Extracted {
		return CalibrationImages()
	}
	return CalibrationISO()
}

// ReadFingers reads the fingers of a file in any format nsor takes (see
// docs/fingerprint-formats.md): an ISO/IEC 19794-2 or ANSI INCITS 378
// template record (every finger view), a PNG, TIFF or WSQ image of one
// finger (its minutiae extracted at the file's resolution, or ppi when the
// file states none), or an ANSI/NIST-ITL transaction (every single-finger
// image, with a Type-9 record's minutiae for that finger when it has them,
// else extracted). It refuses a file it cannot read, naming why, and a file
// with no finger it can compare.
func ReadFingers(b []byte, ppi int) ([]Finger, error) {
	switch {
	case len(b) == 0:
		return nil, refuse(CodeBadTemplate, "the file is empty")
	case bytes.HasPrefix(b, []byte("FMR\x00")):
		rec, err := iso.Decode(b)
		if err != nil {
			return nil, refuse(CodeBadTemplate, "%v", err)
		}
		out := make([]Finger, 0, len(rec.Views))
		for i := range rec.Views {
			t, err := rec.Template(i)
			if err != nil {
				return nil, refuse(CodeBadTemplate, "%v", err)
			}
			out = append(out, Finger{Template: t})
		}
		return checkRead(out)
	case bytes.HasPrefix(b, []byte("1.001:")):
		return readTransaction(b, ppi)
	}
	img, err := fpimage.Decode(b, ppi)
	if err != nil {
		return nil, refuse(CodeBadImage, "%v (a template, a PNG, TIFF or WSQ image, or an ANSI/NIST-ITL transaction is read)", err)
	}
	t, err := Extract(img.Gray, img.PPI)
	if err != nil {
		return nil, err
	}
	return checkRead([]Finger{{Template: t, Extracted: true}})
}

// readTransaction reads an ANSI/NIST-ITL transaction's single fingers.
func readTransaction(b []byte, ppi int) ([]Finger, error) {
	caps, _, err := capture.FromTransaction(b)
	if err != nil {
		return nil, refuse(CodeBadTemplate, "%v", err)
	}
	var out []Finger
	for _, c := range caps {
		if c.Template != nil {
			t := c.Template.Parsed
			t.Position = c.Position
			out = append(out, Finger{Template: t})
			continue
		}
		g, dpi, err := captureImage(c, ppi)
		if err != nil {
			return nil, err
		}
		t, err := Extract(g, dpi)
		if err != nil {
			return nil, err
		}
		t.Position = c.Position
		out = append(out, Finger{Template: t, Extracted: true})
	}
	if len(out) == 0 {
		return nil, refuse(CodeBadTemplate, "the transaction has no single-finger image or minutiae this package reads")
	}
	return checkRead(out)
}

// captureImage decodes a capture's image: raw grey row by row, or a WSQ
// file.
func captureImage(c *fingerprint.Capture, ppi int) (*image.Gray, int, error) {
	im := c.Image
	dpi := im.PPI
	if dpi == 0 {
		dpi = ppi
	}
	if im.Format == fingerprint.ImageRaw {
		g := image.NewGray(image.Rect(0, 0, im.Width, im.Height))
		copy(g.Pix, im.Bytes)
		return g, dpi, nil
	}
	img, err := fpimage.Decode(im.Bytes, dpi)
	if err != nil {
		return nil, 0, refuse(CodeBadImage, "%v", err)
	}
	return img.Gray, img.PPI, nil
}

// checkRead refuses fingers the matcher could not prepare, naming which.
func checkRead(fs []Finger) ([]Finger, error) {
	for i, f := range fs {
		if err := checkTemplate(f.Template); err != nil {
			e := err.(*Error)
			return nil, refuse(e.Code, "finger %d (position %d): %s", i+1, f.Template.Position, e.Msg)
		}
	}
	return fs, nil
}
