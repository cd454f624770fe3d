// Package wsq decodes WSQ (FBI Wavelet Scalar Quantization, IAFIS-IC-0110
// v3.1) greyscale fingerprint images to image.Gray. It was written here from
// the published specification: markers and tables (DTT, DQT, DHT), Huffman
// decoding of the three blocks, dequantisation of the 64 subbands and the
// wavelet synthesis over the specification's decomposition tree.
//
// Hostile input is refused with an error, never a panic; the image size is
// bounded by MaxPixels before anything of that size is allocated.
package wsq

import (
	"errors"
	"fmt"
	"image"
	"math"
	"strconv"
	"strings"
)

// Markers of the WSQ codestream.
const (
	mSOI = 0xffa0
	mEOI = 0xffa1
	mSOF = 0xffa2
	mSOB = 0xffa3
	mDTT = 0xffa4
	mDQT = 0xffa5
	mDHT = 0xffa6
	mDRT = 0xffa7
	mCOM = 0xffa8
)

// MaxPixels bounds width x height of an image Decode accepts: WSQ is for
// 500 ppi images, where a full palm is about 11 megapixels. With it the
// decoder holds at most about 8 bytes per pixel (coefficients as float32
// and the decoded integers of a block), 256 MiB for the largest image.
const MaxPixels = 32 << 20

// ErrFormat is matched (errors.Is) by every refusal of a malformed stream.
var ErrFormat = errors.New("wsq: malformed")

func errf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))
}

// Frame is the frame header (SOF) and what the comments say.
type Frame struct {
	Black, White  uint8
	Width, Height int
	M, R          float64 // pixel = round(R*x + M)
	Encoder       uint8
	Software      uint16
	// Comments are the COM segments' text, in order.
	Comments []string
}

// PPI gives the resolution a NIST_COM comment states ("PPI 500"), or -1.
func (f *Frame) PPI() int {
	for _, c := range f.Comments {
		if !strings.HasPrefix(c, "NIST_COM") {
			continue
		}
		for _, line := range strings.Split(c, "\n") {
			if v, ok := strings.CutPrefix(line, "PPI "); ok {
				if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
					return n
				}
			}
		}
	}
	return -1
}

type quant struct {
	c    float64
	q, z [numSubbands]float64
	set  bool
}

type decoder struct {
	b      []byte
	off    int
	frame  Frame
	sof    bool
	lo, hi []float64
	qt     quant
	huff   [8]*huffTable
}

// Decode decodes a WSQ image.
func Decode(b []byte) (*image.Gray, *Frame, error) {
	d := &decoder{b: b}
	img, err := d.decode()
	if err != nil {
		return nil, nil, err
	}
	return img, &d.frame, nil
}

// DecodeConfig reads the frame header only.
func DecodeConfig(b []byte) (*Frame, error) {
	d := &decoder{b: b}
	if err := d.tables(true); err != nil {
		return nil, err
	}
	return &d.frame, nil
}

func (d *decoder) u8() (uint8, error) {
	if d.off+1 > len(d.b) {
		return 0, errf("stream ends at byte %d", d.off)
	}
	d.off++
	return d.b[d.off-1], nil
}

func (d *decoder) u16() (uint16, error) {
	if d.off+2 > len(d.b) {
		return 0, errf("stream ends at byte %d", d.off)
	}
	d.off += 2
	return uint16(d.b[d.off-2])<<8 | uint16(d.b[d.off-1]), nil
}

func (d *decoder) u32() (uint32, error) {
	if d.off+4 > len(d.b) {
		return 0, errf("stream ends at byte %d", d.off)
	}
	d.off += 4
	s := d.b[d.off-4:]
	return uint32(s[0])<<24 | uint32(s[1])<<16 | uint32(s[2])<<8 | uint32(s[3]), nil
}

// scaled reads a scale exponent (1 byte) and a value (2 bytes): value/10^exp.
func (d *decoder) scaled() (float64, error) {
	e, err := d.u8()
	if err != nil {
		return 0, err
	}
	v, err := d.u16()
	if err != nil {
		return 0, err
	}
	return float64(v) / math.Pow(10, float64(e)), nil
}

// segment reads a segment's length and gives the offset where it ends.
func (d *decoder) segment(name string) (int, error) {
	start := d.off
	l, err := d.u16()
	if err != nil {
		return 0, err
	}
	if l < 2 || start+int(l) > len(d.b) {
		return 0, errf("%s segment at byte %d: length %d runs past the end (%d bytes)", name, start, l, len(d.b))
	}
	return start + int(l), nil
}

func (d *decoder) marker() (int, error) {
	m, err := d.u16()
	if err != nil {
		return 0, err
	}
	if m>>8 != 0xff {
		return 0, errf("byte %d: 0x%04x is not a marker", d.off-2, m)
	}
	return int(m), nil
}

func (d *decoder) decode() (*image.Gray, error) {
	coef, err := d.reconstruct()
	if err != nil {
		return nil, err
	}
	img := image.NewGray(image.Rect(0, 0, d.frame.Width, d.frame.Height))
	for i, x := range coef {
		img.Pix[i] = d.pixel(x)
	}
	return img, nil
}

// pixel is the grey level of a reconstructed value: R·x + M rounded
// half up and clipped to 0-255.
func (d *decoder) pixel(x float32) uint8 {
	v := math.Floor(float64(x)*d.frame.R + d.frame.M + 0.5)
	switch {
	case v < 0:
		v = 0
	case v > 255:
		v = 255
	}
	return uint8(v)
}

// reconstruct reads the stream and gives the inverse transform's output,
// before scaling and rounding to grey levels.
func (d *decoder) reconstruct() ([]float32, error) {
	if err := d.tables(false); err != nil {
		return nil, err
	}
	if !d.sof {
		return nil, errf("no frame header before the first block")
	}
	tree := buildTree(d.frame.Width, d.frame.Height)
	coef := make([]float32, d.frame.Width*d.frame.Height)
	for blk := 0; blk < len(blocks); blk++ {
		if blk > 0 {
			if err := d.tables(false); err != nil {
				return nil, err
			}
		}
		m, err := d.marker()
		if err != nil {
			return nil, err
		}
		if m != mSOB {
			return nil, errf("block %d: marker 0x%04x, want SOB", blk+1, m)
		}
		end, err := d.segment("SOB")
		if err != nil {
			return nil, err
		}
		id, _ := d.u8()
		d.off = end
		if id >= 8 || d.huff[id] == nil {
			return nil, errf("block %d uses Huffman table %d, which is not defined", blk+1, id)
		}
		if d.lo == nil || !d.qt.set {
			return nil, errf("block %d before the transform and quantisation tables", blk+1)
		}
		if err := d.block(blk, id, tree, coef); err != nil {
			return nil, err
		}
	}
	// Anything after the third block up to EOI is ignored tables; EOI ends it.
	for d.off < len(d.b) {
		at := d.off
		m, err := d.marker()
		if err != nil {
			return nil, err
		}
		if m == mEOI {
			break
		}
		if m == mCOM || m == mDRT || m == mDHT || m == mDQT || m == mDTT {
			end, err := d.segment("trailing")
			if err != nil {
				return nil, err
			}
			d.off = end
			continue
		}
		return nil, errf("byte %d: marker 0x%04x after the last block", at, m)
	}
	synthesize(tree, coef, d.frame.Width, d.lo, d.hi)
	return coef, nil
}

// block Huffman-decodes block blk into the subbands it covers and
// dequantises them in place.
func (d *decoder) block(blk int, id uint8, tree *tree, coef []float32) error {
	var bands []int
	total := 0
	for s := blocks[blk][0]; s < blocks[blk][1]; s++ {
		if d.qt.q[s] != 0 {
			bands = append(bands, s)
			total += tree.leaves[s].w * tree.leaves[s].h
		}
	}
	vals, next, err := huffDecode(d.b, d.off, d.huff[id], total)
	if err != nil {
		return fmt.Errorf("block %d: %w", blk+1, err)
	}
	d.off = next
	k := 0
	w := d.frame.Width
	for _, s := range bands {
		r := tree.leaves[s]
		q, z, c := d.qt.q[s], d.qt.z[s], d.qt.c
		for y := r.y; y < r.y+r.h; y++ {
			row := coef[y*w+r.x : y*w+r.x+r.w]
			for x := range row {
				v := vals[k]
				k++
				switch {
				case v > 0:
					row[x] = float32((float64(v)-c)*q + z/2)
				case v < 0:
					row[x] = float32((float64(v)+c)*q - z/2)
				default:
					row[x] = 0
				}
			}
		}
	}
	return nil
}
