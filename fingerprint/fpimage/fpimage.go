// Package fpimage reads fingerprint images from PNG, uncompressed TIFF and
// WSQ files at a stated resolution: the file's own (PNG pHYs, TIFF
// XResolution/YResolution, a WSQ NIST_COM "PPI" comment) where it has one,
// else the caller's, which is then required. The original bytes are always
// kept beside the grey image, so templates can be extracted again later.
package fpimage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"golang.org/x/image/tiff"

	"nsor/fingerprint/wsq"
)

// The formats read.
const (
	PNG  = "png"
	TIFF = "tiff"
	WSQ  = "wsq"
)

// Resolution bounds, in pixels per inch: below MinPPI a fingerprint has
// too few pixels per ridge to be compared; above MaxPPI no fingerprint
// scanner in use reaches.
const (
	MinPPI    = 100
	MaxPPI    = 4000
	MaxPixels = 64 << 20
)

// ErrResolution is matched (errors.Is) when the resolution is missing,
// absurd or contradicted.
var ErrResolution = errors.New("fpimage: resolution")

// Image is a fingerprint image with its original bytes.
type Image struct {
	Format string
	Bytes  []byte
	Gray   *image.Gray
	Width  int
	Height int
	// PPI is the resolution in pixels per inch; FromFile says whether the
	// file stated it (true) or the caller did.
	PPI      int
	FromFile bool
}

// Decode reads a PNG, TIFF or WSQ image. ppi is the caller's resolution,
// 0 when the caller states none: it is required when the file has none,
// and must agree (within 1%) with the file's when both are given.
func Decode(b []byte, ppi int) (*Image, error) {
	im := &Image{Bytes: b}
	var filePPI float64
	var err error
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		im.Format = PNG
		filePPI, err = pngPPI(b)
		if err == nil {
			var cfg image.Config
			if cfg, err = png.DecodeConfig(bytes.NewReader(b)); err == nil {
				if err = checkSize(cfg.Width, cfg.Height); err == nil {
					var img image.Image
					if img, err = png.Decode(bytes.NewReader(b)); err == nil {
						im.Gray = toGray(img)
					}
				}
			}
		}
	case bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*")):
		im.Format = TIFF
		filePPI, err = tiffCheck(b)
		if err == nil {
			var cfg image.Config
			if cfg, err = tiff.DecodeConfig(bytes.NewReader(b)); err == nil {
				if err = checkSize(cfg.Width, cfg.Height); err == nil {
					var img image.Image
					if img, err = tiff.Decode(bytes.NewReader(b)); err == nil {
						im.Gray = toGray(img)
					}
				}
			}
		}
	case bytes.HasPrefix(b, []byte{0xff, 0xa0}):
		im.Format = WSQ
		var fr *wsq.Frame
		im.Gray, fr, err = wsq.Decode(b)
		if err == nil && fr.PPI() > 0 {
			filePPI = float64(fr.PPI())
		}
	default:
		return nil, fmt.Errorf("fpimage: not a PNG, TIFF or WSQ file")
	}
	if err != nil {
		return nil, fmt.Errorf("fpimage: %s: %w", im.Format, err)
	}
	im.Width, im.Height = im.Gray.Bounds().Dx(), im.Gray.Bounds().Dy()
	switch {
	case filePPI > 0 && ppi > 0 && math.Abs(filePPI-float64(ppi)) > 0.01*float64(ppi):
		return nil, fmt.Errorf("%w: the file says %.0f ppi but %d ppi was stated", ErrResolution, filePPI, ppi)
	case filePPI > 0:
		im.PPI, im.FromFile = int(math.Round(filePPI)), true
	case ppi > 0:
		im.PPI = ppi
	default:
		return nil, fmt.Errorf("%w: the %s file states no resolution: give it", ErrResolution, im.Format)
	}
	if im.PPI < MinPPI || im.PPI > MaxPPI {
		return nil, fmt.Errorf("%w: %d ppi is outside %d-%d", ErrResolution, im.PPI, MinPPI, MaxPPI)
	}
	return im, nil
}

func checkSize(w, h int) error {
	if w <= 0 || h <= 0 || w*h > MaxPixels {
		return fmt.Errorf("image size %dx%d is empty or above %d pixels", w, h, MaxPixels)
	}
	return nil
}

// pngPPI reads the pHYs chunk: pixels per unit in x and y and the unit (1:
// metre). Without a pHYs chunk, or with unit 0 (aspect ratio only), the
// file states no resolution.
func pngPPI(b []byte) (float64, error) {
	p := 8
	for p+8 <= len(b) {
		n := int(binary.BigEndian.Uint32(b[p:]))
		typ := string(b[p+4 : p+8])
		if n < 0 || p+12+n > len(b) {
			return 0, fmt.Errorf("chunk %q runs past the end", typ)
		}
		data := b[p+8 : p+8+n]
		switch typ {
		case "pHYs":
			if n != 9 {
				return 0, fmt.Errorf("pHYs chunk of %d bytes", n)
			}
			x, y := binary.BigEndian.Uint32(data), binary.BigEndian.Uint32(data[4:])
			if data[8] != 1 {
				return 0, nil
			}
			if x != y {
				return 0, fmt.Errorf("%w: pHYs gives %d and %d pixels per metre: non-square pixels are refused", ErrResolution, x, y)
			}
			return float64(x) * 0.0254, nil
		case "IDAT", "IEND":
			return 0, nil // pHYs must precede IDAT
		}
		p += 12 + n
	}
	return 0, nil
}

// tiffCheck reads the first IFD: it refuses compressed images (only
// Compression 1 is read) and gives the resolution from XResolution,
// YResolution and ResolutionUnit (2 inch, 3 centimetre; 1 or absent: none).
func tiffCheck(b []byte) (float64, error) {
	var bo binary.ByteOrder = binary.LittleEndian
	if b[0] == 'M' {
		bo = binary.BigEndian
	}
	if len(b) < 8 {
		return 0, fmt.Errorf("header cut")
	}
	ifd := int(bo.Uint32(b[4:]))
	if ifd < 8 || ifd+2 > len(b) {
		return 0, fmt.Errorf("IFD offset %d outside the file", ifd)
	}
	n := int(bo.Uint16(b[ifd:]))
	if ifd+2+12*n > len(b) {
		return 0, fmt.Errorf("IFD of %d entries runs past the end", n)
	}
	var xres, yres float64
	unit, compression := 2, 1
	rational := func(e []byte) (float64, error) {
		off := int(bo.Uint32(e[8:]))
		if off < 0 || off+8 > len(b) {
			return 0, fmt.Errorf("resolution value outside the file")
		}
		num, den := bo.Uint32(b[off:]), bo.Uint32(b[off+4:])
		if den == 0 {
			return 0, fmt.Errorf("%w: resolution with a zero denominator", ErrResolution)
		}
		return float64(num) / float64(den), nil
	}
	short := func(e []byte) int { return int(bo.Uint16(e[8:])) }
	var err error
	for i := 0; i < n; i++ {
		e := b[ifd+2+12*i:]
		switch bo.Uint16(e) {
		case 259:
			compression = short(e)
		case 282:
			if xres, err = rational(e); err != nil {
				return 0, err
			}
		case 283:
			if yres, err = rational(e); err != nil {
				return 0, err
			}
		case 296:
			unit = short(e)
		}
	}
	if compression != 1 {
		return 0, fmt.Errorf("compression %d: only uncompressed TIFF (1) is read", compression)
	}
	if xres == 0 && yres == 0 || unit == 1 {
		return 0, nil
	}
	if math.Abs(xres-yres) > 0.01*xres {
		return 0, fmt.Errorf("%w: XResolution %g and YResolution %g differ: non-square pixels are refused", ErrResolution, xres, yres)
	}
	if unit == 3 {
		return xres * 2.54, nil
	}
	return xres, nil
}

func toGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.SetGray(x-b.Min.X, y-b.Min.Y, color.GrayModel.Convert(img.At(x, y)).(color.Gray))
		}
	}
	return g
}
