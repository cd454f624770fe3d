// Package fvc finds and loads the FVC 2002/2004 "B" fingerprint sample set that
// the project's shared data holds (images and ISO/IEC 19794-2 templates), for
// the fingerprint matcher's tests and benchmark command. The files are never
// copied into the repository: the folder is named by NSOR_SHARED_DATA (default
// ../shared/data beside the repository).
package fvc

import (
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"

	"nsor/fingerprint"
	"nsor/fingerprint/internal/shareddata"
	"nsor/fingerprint/iso"
)

// Databases are the eight FVC databases of the set, in the data's order.
var Databases = []string{"2002-DB1", "2002-DB2", "2002-DB3", "2002-DB4", "2004-DB1", "2004-DB2", "2004-DB3", "2004-DB4"}

// DPI is each database's resolution as commonly reported (the files carry
// none): 2002-DB2 is 569 dpi and 2004-DB3 512 dpi, the others 500.
var DPI = map[string]int{"2002-DB2": 569, "2004-DB3": 512}

// Fingers and Impressions number the set: fingers 101-110, impressions 1-8.
const (
	Fingers     = 10
	Impressions = 8
)

// Sample names one impression.
type Sample struct {
	DB         string
	Finger     int // 101..110
	Impression int // 1..8
}

func (s Sample) String() string { return fmt.Sprintf("%s/%d_%d", s.DB, s.Finger, s.Impression) }

// Resolution is the sample's database resolution in dpi.
func (s Sample) Resolution() int {
	if d, ok := DPI[s.DB]; ok {
		return d
	}
	return 500
}

// Samples lists all 640 samples, database by database, finger by finger.
func Samples() []Sample {
	var out []Sample
	for _, db := range Databases {
		for f := 101; f < 101+Fingers; f++ {
			for i := 1; i <= Impressions; i++ {
				out = append(out, Sample{db, f, i})
			}
		}
	}
	return out
}

// ErrAbsent says the shared data folder is not there.
var ErrAbsent = errors.New("fvc: shared fingerprint data not found (set NSOR_SHARED_DATA to the shared data folder)")

// Dir returns the shared fingerprints folder, or ErrAbsent.
func Dir() (string, error) {
	d := filepath.Join(shareddata.Dir(), "fingerprints")
	if _, err := os.Stat(filepath.Join(d, "fvc-b", "MANIFEST.tsv")); err != nil {
		return "", ErrAbsent
	}
	return d, nil
}

// LoadTemplate reads the sample's ISO/IEC 19794-2:2005 template.
func (s Sample) LoadTemplate(dir string) (fingerprint.Template, error) {
	b, err := os.ReadFile(s.TemplatePath(dir))
	if err != nil {
		return fingerprint.Template{}, err
	}
	t, err := iso.DecodeTemplate(b)
	if err != nil {
		return fingerprint.Template{}, fmt.Errorf("%s: %w", s, err)
	}
	return t, nil
}

// ImagePath and TemplatePath are the sample's files under dir.
func (s Sample) ImagePath(dir string) string {
	return filepath.Join(dir, "fvc-b", s.DB, fmt.Sprintf("%d_%d.png", s.Finger, s.Impression))
}

// TemplatePath is the sample's ISO/IEC 19794-2:2005 template under dir.
func (s Sample) TemplatePath(dir string) string {
	return filepath.Join(dir, "fvc-b-iso", s.DB, fmt.Sprintf("%d_%d.iso", s.Finger, s.Impression))
}

// LoadImage decodes the sample's PNG as a grey image.
func (s Sample) LoadImage(dir string) (*image.Gray, error) {
	f, err := os.Open(s.ImagePath(dir))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s, err)
	}
	if g, ok := img.(*image.Gray); ok {
		return g, nil
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g, nil
}
