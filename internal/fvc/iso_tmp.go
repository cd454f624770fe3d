package fvc

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"

	"nsor/fingerprint"
)

// LoadTemplate reads the sample's ISO/IEC 19794-2:2005 template.
// TEMPORARY minimal reader until fingerprint/iso is merged.
func (s Sample) LoadTemplate(dir string) (fingerprint.Template, error) {
	b, err := os.ReadFile(s.TemplatePath(dir))
	if err != nil {
		return fingerprint.Template{}, err
	}
	if len(b) < 30 || string(b[:8]) != "FMR\x00 20\x00" {
		return fingerprint.Template{}, fmt.Errorf("%s: not an ISO 2005 template", s)
	}
	be := binary.BigEndian
	t := fingerprint.Template{Width: int(be.Uint16(b[14:])), Height: int(be.Uint16(b[16:])), ResX: int(be.Uint16(b[18:])), ResY: int(be.Uint16(b[20:]))}
	n := int(b[27])
	if len(b) < 28+6*n {
		return t, fmt.Errorf("%s: short", s)
	}
	for i := 0; i < n; i++ {
		m := b[28+6*i:]
		t.Minutiae = append(t.Minutiae, fingerprint.Minutia{
			Kind: fingerprint.Kind(m[0] >> 6), X: int(be.Uint16(m) & 0x3fff), Y: int(be.Uint16(m[2:]) & 0x3fff),
			Angle: float64(m[4]) * 2 * math.Pi / 256, Quality: m[5]})
	}
	return t, nil
}
