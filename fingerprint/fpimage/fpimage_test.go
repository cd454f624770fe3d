package fpimage

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/tiff"

	"nsor/fingerprint/internal/shareddata"
)

// TestFVCPNGs reads every FVC image at the caller's 500 ppi (the files
// carry none) and checks its pixels against the manifest's SHA-256, and
// that the original bytes are kept.
func TestFVCPNGs(t *testing.T) {
	dir := filepath.Join(shareddata.Fingerprints(t), "fvc-b")
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 7 || !strings.HasSuffix(cols[0], ".png") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(cols[0], "fvc-b/")))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Decode(b, 0); !errors.Is(err, ErrResolution) {
			t.Fatalf("%s without a resolution: %v, want ErrResolution", cols[0], err)
		}
		im, err := Decode(b, 500)
		if err != nil {
			t.Fatalf("%s: %v", cols[0], err)
		}
		sum := sha256.Sum256(im.Gray.Pix)
		if hex.EncodeToString(sum[:]) != cols[6] || im.PPI != 500 || im.FromFile || !bytes.Equal(im.Bytes, b) || im.Format != PNG {
			t.Fatalf("%s: pixels, resolution or bytes differ (%d ppi)", cols[0], im.PPI)
		}
		n++
	}
	if n != 640 {
		t.Fatalf("%d images in the manifest, want 640", n)
	}
}

func grey(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = uint8(i * 7)
	}
	return g
}

// withPHYs adds a pHYs chunk (pixels per metre, unit metre) after IHDR.
func withPHYs(t *testing.T, b []byte, ppm uint32) []byte {
	data := make([]byte, 9)
	binary.BigEndian.PutUint32(data, ppm)
	binary.BigEndian.PutUint32(data[4:], ppm)
	data[8] = 1
	chunk := binary.BigEndian.AppendUint32(nil, 9)
	chunk = append(chunk, "pHYs"...)
	chunk = append(chunk, data...)
	crc := crc32.ChecksumIEEE(append([]byte("pHYs"), data...))
	chunk = binary.BigEndian.AppendUint32(chunk, crc)
	ihdrEnd := 8 + 12 + 13
	return append(append(append([]byte(nil), b[:ihdrEnd]...), chunk...), b[ihdrEnd:]...)
}

func TestPNGResolution(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, grey(40, 30)); err != nil {
		t.Fatal(err)
	}
	b := withPHYs(t, buf.Bytes(), 19685) // 500 ppi
	im, err := Decode(b, 0)
	if err != nil || im.PPI != 500 || !im.FromFile {
		t.Fatalf("%+v %v", im, err)
	}
	if _, err := Decode(b, 1000); !errors.Is(err, ErrResolution) {
		t.Errorf("contradicting resolution accepted: %v", err)
	}
	if _, err := Decode(withPHYs(t, buf.Bytes(), 100), 0); !errors.Is(err, ErrResolution) {
		t.Errorf("3 ppi accepted: %v", err)
	}
	if _, err := Decode(buf.Bytes(), 99999); !errors.Is(err, ErrResolution) {
		t.Errorf("99999 ppi accepted: %v", err)
	}
}

func TestTIFF(t *testing.T) {
	var buf bytes.Buffer
	g := grey(33, 21)
	if err := tiff.Encode(&buf, g, nil); err != nil {
		t.Fatal(err)
	}
	// The encoder writes 72 ppi: an absurd resolution for a fingerprint.
	if _, err := Decode(buf.Bytes(), 0); !errors.Is(err, ErrResolution) {
		t.Fatalf("72 ppi TIFF: %v, want ErrResolution", err)
	}
	b := setTIFFRes(t, buf.Bytes(), 500)
	im, err := Decode(b, 0)
	if err != nil || im.PPI != 500 || !im.FromFile || im.Format != TIFF || !bytes.Equal(im.Gray.Pix, g.Pix) {
		t.Fatalf("%+v %v", im, err)
	}
	var dz bytes.Buffer
	if err := tiff.Encode(&dz, g, &tiff.Options{Compression: tiff.Deflate}); err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(setTIFFRes(t, dz.Bytes(), 500), 0); err == nil || !strings.Contains(err.Error(), "uncompressed") {
		t.Errorf("compressed TIFF: %v", err)
	}
}

// setTIFFRes rewrites the XResolution and YResolution rationals.
func setTIFFRes(t *testing.T, b []byte, ppi uint32) []byte {
	b = append([]byte(nil), b...)
	bo := binary.LittleEndian
	ifd := int(bo.Uint32(b[4:]))
	n := int(bo.Uint16(b[ifd:]))
	for i := 0; i < n; i++ {
		e := b[ifd+2+12*i:]
		if tag := bo.Uint16(e); tag == 282 || tag == 283 {
			off := int(bo.Uint32(e[8:]))
			bo.PutUint32(b[off:], ppi)
			bo.PutUint32(b[off+4:], 1)
		}
	}
	return b
}

func TestNotAnImage(t *testing.T) {
	if _, err := Decode([]byte("GIF89a"), 500); err == nil {
		t.Error("GIF accepted")
	}
	if _, err := Decode([]byte("\x89PNG\r\n\x1a\n\x00\x00\xff\xffIHDR"), 500); err == nil {
		t.Error("cut PNG accepted")
	}
}

func TestWSQResolution(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(shareddata.Fingerprints(t), "wsq", "single", "sample.wsq"))
	if err != nil {
		t.Fatal(err)
	}
	im, err := Decode(b, 0)
	if err != nil || im.PPI != 500 || !im.FromFile || im.Width != 545 || im.Height != 622 {
		t.Fatalf("%+v %v", im, err)
	}
}

// FuzzDecode: any bytes are refused or give an image of the size, format
// and resolution bounds Decode promises, never a panic.
func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	png.Encode(&buf, grey(8, 5))
	f.Add(buf.Bytes(), 500)
	var tb bytes.Buffer
	tiff.Encode(&tb, grey(8, 5), nil)
	f.Add(tb.Bytes(), 0)
	f.Fuzz(func(t *testing.T, b []byte, ppi int) {
		im, err := Decode(b, ppi)
		if err != nil {
			return
		}
		if im.PPI < MinPPI || im.PPI > MaxPPI || im.Width*im.Height > MaxPixels || !bytes.Equal(im.Bytes, b) || im.Gray.Bounds().Dx() != im.Width {
			t.Fatalf("%+v", im)
		}
	})
}
