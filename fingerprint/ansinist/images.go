package ansinist

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"strconv"
	"strings"

	"nsor/fingerprint/wsq"
)

// Image is a friction ridge image of a Type-4, 13, 14 or 15 record.
type Image struct {
	Record      *Record
	Compression string // NONE, WSQ20, JPEGB, JPEGL, JP2, JP2L, PNG
	Width       int
	Height      int
	// PPI is the resolution in pixels per inch when the record states it
	// (Type-13/14/15 scale fields, or Type-1 1.011 for Type-4), else 0.
	PPI int
	// BitsPerPixel is x.012 of a Type-13/14/15 record (8 for Type-4).
	BitsPerPixel int
	// Positions are the finger (or palm) position codes.
	Positions []int
	// Impression is the impression type code.
	Impression int
	// Data are the image bytes exactly as the record holds them.
	Data []byte
	// Gray is the decoded image, nil when Undecoded says why not.
	Gray      *image.Gray
	Undecoded string
}

var compressionCodes = []string{"NONE", "WSQ20", "JPEGB", "JPEGL", "JP2", "JP2L", "PNG"}

// Images extracts and decodes every friction ridge image of the
// transaction. An image that cannot be decoded is kept with the reason; a
// record whose declared geometry disagrees with its data is an error.
func (t *Transaction) Images() ([]Image, error) {
	var out []Image
	nsr := 0.0
	if len(t.Records) > 0 {
		nsr, _ = strconv.ParseFloat(t.Records[0].Text(11), 64)
	}
	for _, r := range t.Records {
		var im Image
		switch {
		case r.Type == 4 && r.Binary != nil:
			h := r.Binary
			im = Image{Record: r, Width: h.Width, Height: h.Height, Impression: h.Impression, Data: r.Data, BitsPerPixel: 8}
			if h.Compression < len(compressionCodes) {
				im.Compression = compressionCodes[h.Compression]
			} else {
				im.Compression = fmt.Sprintf("code %d", h.Compression)
			}
			for _, p := range h.Positions {
				if p != 255 {
					im.Positions = append(im.Positions, int(p))
				}
			}
			if nsr > 0 {
				ppi := nsr * 25.4
				if h.ISR == 1 {
					ppi /= 2
				}
				im.PPI = int(ppi + 0.5)
			}
		case r.Type == 13 || r.Type == 14 || r.Type == 15:
			f999, ok := r.Field(999)
			if !ok {
				continue
			}
			im = Image{Record: r, Compression: strings.TrimSpace(r.Text(11)), Data: f999.Value}
			im.Width, _ = strconv.Atoi(r.Text(6))
			im.Height, _ = strconv.Atoi(r.Text(7))
			im.Impression, _ = strconv.Atoi(r.Text(3))
			im.BitsPerPixel, _ = strconv.Atoi(r.Text(12))
			slc, _ := strconv.Atoi(r.Text(8))
			hps, _ := strconv.Atoi(r.Text(9))
			switch slc {
			case 1:
				im.PPI = hps
			case 2:
				im.PPI = int(float64(hps)*2.54 + 0.5)
			}
			for _, s := range r.Fields13Positions() {
				im.Positions = append(im.Positions, s)
			}
		default:
			continue
		}
		if err := im.decode(); err != nil {
			return nil, fmt.Errorf("Type-%d record IDC %d: %w", r.Type, r.IDC, err)
		}
		out = append(out, im)
	}
	return out, nil
}

// Fields13Positions reads the finger/palm position field (x.013) of a
// Type-13/14/15 record: one code per subfield.
func (r *Record) Fields13Positions() []int {
	f, ok := r.Field(13)
	if !ok {
		return nil
	}
	var out []int
	for _, s := range f.Subfields() {
		if n, err := strconv.Atoi(s[0]); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func (im *Image) decode() error {
	switch im.Compression {
	case "NONE":
		if im.BitsPerPixel != 8 {
			im.Undecoded = fmt.Sprintf("uncompressed %d-bit images are kept undecoded: only 8-bit grey is decoded", im.BitsPerPixel)
			return nil
		}
		if len(im.Data) != im.Width*im.Height {
			return fmt.Errorf("uncompressed %dx%d image has %d bytes", im.Width, im.Height, len(im.Data))
		}
		g := image.NewGray(image.Rect(0, 0, im.Width, im.Height))
		copy(g.Pix, im.Data)
		im.Gray = g
	case "WSQ20", "WSQ":
		g, _, err := wsq.Decode(im.Data)
		if err != nil {
			return err
		}
		if g.Bounds().Dx() != im.Width || g.Bounds().Dy() != im.Height {
			return fmt.Errorf("WSQ image is %v but the record says %dx%d", g.Bounds().Size(), im.Width, im.Height)
		}
		im.Gray = g
	case "JPEGB", "JPEGL", "PNG":
		var img image.Image
		var err error
		if im.Compression == "PNG" {
			img, err = png.Decode(bytes.NewReader(im.Data))
		} else {
			img, err = jpeg.Decode(bytes.NewReader(im.Data))
		}
		if err != nil {
			im.Undecoded = fmt.Sprintf("%s image not decoded: %v", im.Compression, err)
			return nil
		}
		im.Gray = toGray(img)
	default:
		im.Undecoded = fmt.Sprintf("%s images are kept undecoded: this package has no decoder for them", im.Compression)
	}
	return nil
}

func toGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.Set(x-b.Min.X, y-b.Min.Y, img.At(x, y))
		}
	}
	return g
}
