package capture

import (
	"fmt"

	"nsor/fingerprint"
	"nsor/fingerprint/ansinist"
	"nsor/fingerprint/iso"
)

// FromTransaction gives a capture for every single-finger image (finger
// positions 1-10) of an ANSI/NIST-ITL transaction's Type-4 and Type-14
// records, with the minutiae of a Type-9 record's M1 block for the same
// finger as its template (written as ANSI INCITS 378-2004, whose units the
// M1 block shares). The image bytes are kept as the record holds them (WSQ
// or raw 8-bit grey). What is not taken (slaps, palms, images this package
// cannot decode) is listed in skipped with the reason. Quality is not
// computed here (Type-14 NFIQ values are on another scale).
func FromTransaction(b []byte) (caps []*fingerprint.Capture, skipped []string, err error) {
	tr, err := ansinist.Decode(b)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", fingerprint.ErrCapture, err)
	}
	imgs, err := tr.Images()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", fingerprint.ErrCapture, err)
	}
	templates := map[fingerprint.Position]fingerprint.Template{}
	for _, r := range tr.Records {
		if r.Type != 9 {
			continue
		}
		if _, ok := r.Field(137); !ok {
			skipped = append(skipped, fmt.Sprintf("Type-9 IDC %d: no M1 block (standard or IAFIS minutiae are not taken)", r.IDC))
			continue
		}
		t, err := r.M1Template()
		if err != nil {
			return nil, nil, fmt.Errorf("%w: Type-9 IDC %d: %v", fingerprint.ErrCapture, r.IDC, err)
		}
		templates[t.Position] = t
	}
	for _, im := range imgs {
		where := fmt.Sprintf("Type-%d IDC %d", im.Record.Type, im.Record.IDC)
		if im.Record.Type != 4 && im.Record.Type != 14 {
			skipped = append(skipped, where+": not a single-finger image record")
			continue
		}
		if len(im.Positions) != 1 || im.Positions[0] < 1 || im.Positions[0] > 10 {
			skipped = append(skipped, fmt.Sprintf("%s: finger positions %v are not one finger 1-10", where, im.Positions))
			continue
		}
		if im.Gray == nil {
			skipped = append(skipped, where+": "+im.Undecoded)
			continue
		}
		format := fingerprint.ImageRaw
		switch im.Compression {
		case "WSQ20", "WSQ":
			format = fingerprint.ImageWSQ
		case "NONE":
		default:
			skipped = append(skipped, fmt.Sprintf("%s: %s images are not stored as captures", where, im.Compression))
			continue
		}
		pos := fingerprint.Position(im.Positions[0])
		c := &fingerprint.Capture{
			Position: pos, Impression: fingerprint.Impression(im.Impression), Quality: fingerprint.QualityNotComputed,
			Image: fingerprint.ImageData{Format: format, Bytes: im.Data, Width: im.Width, Height: im.Height, PPI: im.PPI},
		}
		if t, ok := templates[pos]; ok {
			rec, err := iso.FromTemplates(iso.ANSI2004, t)
			if err != nil {
				return nil, nil, fmt.Errorf("%w: %s template: %v", fingerprint.ErrCapture, where, err)
			}
			tb, err := rec.Encode()
			if err != nil {
				return nil, nil, fmt.Errorf("%w: %s template: %v", fingerprint.ErrCapture, where, err)
			}
			c.Template = &fingerprint.TemplateData{Format: fingerprint.TemplateANSI2004, Bytes: tb, Parsed: t}
		}
		if err := c.Validate(); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", where, err)
		}
		caps = append(caps, c)
	}
	return caps, skipped, nil
}
