// Package biosample reads uploaded biometric samples strictly, each format
// by its own package (fingerprint/iso, fingerprint/ansinist,
// fingerprint/fpimage, dna), and describes them for the register: the
// fingers a fingerprint sample holds with their positions, qualities and
// resolutions, the loci a DNA profile types and its sample type. It is the
// nsor.SampleReader that cmd/nsor gives the service.
package biosample

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"nsor"
	"nsor/dna"
	"nsor/fingerprint/ansinist"
	"nsor/fingerprint/fpimage"
	"nsor/fingerprint/iso"
)

// Reader is the nsor.SampleReader.
type Reader struct{}

// templateFormats maps the register's template formats to iso's.
var templateFormats = map[string]iso.Format{
	nsor.FormatISO2005:  iso.ISO2005,
	nsor.FormatISO2011:  iso.ISO2011,
	nsor.FormatANSI2004: iso.ANSI2004,
	nsor.FormatANSI2009: iso.ANSI2009,
}

// formatName is the register's name of an iso format.
func formatName(f iso.Format) string {
	for name, g := range templateFormats {
		if g == f {
			return name
		}
	}
	return f.String()
}

// ReadSample reads data as format, a format of kind, after
// nsor.CheckSampleInput; the sample it returns has Kind, Format, Size and
// what the data says, SHA256 and the uploader being the caller's to set.
func (Reader) ReadSample(kind, format string, data []byte, meta nsor.SampleMeta) (*nsor.Sample, error) {
	if err := nsor.CheckSampleInput(kind, format, len(data)); err != nil {
		return nil, err
	}
	s := &nsor.Sample{Kind: kind, Format: format, Size: int64(len(data))}
	var err error
	switch format {
	case nsor.FormatISO2005, nsor.FormatISO2011, nsor.FormatANSI2004, nsor.FormatANSI2009:
		s.Fingers, err = readTemplate(data, templateFormats[format], meta)
	case nsor.FormatANSINIST:
		s.Fingers, err = readTransaction(data, meta)
	case nsor.FormatPNG, nsor.FormatTIFF, nsor.FormatWSQ:
		s.Fingers, err = readImage(data, format, meta)
	case nsor.FormatDNAProfile:
		err = readProfile(s, data, meta)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// invalid is a refusal of the data with code and a message.
func invalid(code, format string, args ...any) error {
	return nsor.Invalid("data", code, fmt.Sprintf(format, args...))
}

// noMeta refuses a position or resolution stated for data that carries its
// own: the data's word is the one kept.
func noMeta(meta nsor.SampleMeta, format string) error {
	if meta.Position != 0 || meta.PPI != 0 {
		return nsor.Invalid("position", "sample.meta", fmt.Sprintf("A %s sample states its own fingers and resolution: give no position or ppi.", format))
	}
	if meta.SampleType != "" {
		return nsor.Invalid("sample_type", "sample.meta", "A sample type is for a DNA profile.")
	}
	return nil
}

// readTemplate reads a minutiae template that must be of format f: the
// header tells the four formats apart, a record of another is refused as
// such, a truncated one as truncated.
func readTemplate(data []byte, f iso.Format, meta nsor.SampleMeta) ([]nsor.SampleFinger, error) {
	if err := noMeta(meta, formatName(f)); err != nil {
		return nil, err
	}
	rec, err := iso.DecodeAs(data, f)
	if err != nil {
		if got, derr := iso.Detect(data); derr == nil && got != f {
			if _, gerr := iso.DecodeAs(data, got); gerr == nil {
				return nil, invalid("sample.format", "The data is a %s template, not %s.", formatName(got), formatName(f))
			}
		}
	}
	switch {
	case errors.Is(err, iso.ErrTruncated):
		return nil, invalid("sample.truncated", "The template ends before its fields say it should (%v).", err)
	case err != nil:
		return nil, invalid("sample.invalid", "The data is not a valid %s template (%v).", formatName(f), err)
	case len(rec.Views) == 0:
		return nil, invalid("sample.no_fingers", "The template holds no finger view.")
	}
	fingers := make([]nsor.SampleFinger, 0, len(rec.Views))
	for _, v := range rec.Views {
		fingers = append(fingers, nsor.SampleFinger{Position: int(v.Position), Quality: viewQuality(rec.Format, v), PPI: viewPPI(rec, v)})
	}
	return fingers, nil
}

// viewQuality is a view's finger quality 0-100: the view's own field in
// ISO 2005 and ANSI 2004, the first quality block's score in ISO 2011 and
// ANSI 2009, whose 255 means "not reported" (QualityUnknown).
func viewQuality(f iso.Format, v iso.View) int {
	if f == iso.ISO2005 || f == iso.ANSI2004 {
		if v.Quality > 100 {
			return nsor.QualityUnknown
		}
		return int(v.Quality)
	}
	if v.V2011 == nil || len(v.V2011.Qualities) == 0 || v.V2011.Qualities[0].Score > 100 {
		return nsor.QualityUnknown
	}
	return int(v.V2011.Qualities[0].Score)
}

// viewPPI is the resolution a view was captured at, in pixels per inch,
// from the pixels per centimetre the record states (0 when it states none).
func viewPPI(rec *iso.Record, v iso.View) int {
	res := rec.ResX
	if v.V2011 != nil {
		res = v.V2011.ResX
	}
	return int(math.Round(float64(res) * 2.54))
}

// readTransaction reads an ANSI/NIST-ITL transaction: every friction ridge
// image of a finger (positions 1 to 10) is one finger, at the resolution
// its record states, which must be one the register stores.
func readTransaction(data []byte, meta nsor.SampleMeta) ([]nsor.SampleFinger, error) {
	if err := noMeta(meta, nsor.FormatANSINIST); err != nil {
		return nil, err
	}
	tr, err := ansinist.Decode(data)
	if err != nil {
		return nil, invalid("sample.invalid", "The data is not a valid ANSI/NIST-ITL transaction (%v).", err)
	}
	imgs, err := tr.Images()
	if err != nil {
		return nil, invalid("sample.invalid", "The transaction's images disagree with their records (%v).", err)
	}
	var fingers []nsor.SampleFinger
	seen := map[int]bool{}
	for _, im := range imgs {
		for _, p := range im.Positions {
			if p < 1 || p > 10 || seen[p] {
				continue
			}
			if im.PPI < nsor.MinSamplePPI || im.PPI > nsor.MaxSamplePPI {
				return nil, invalid("sample.resolution", "The image of finger %d is at %d ppi; the register stores %d to %d ppi.", p, im.PPI, nsor.MinSamplePPI, nsor.MaxSamplePPI)
			}
			seen[p] = true
			fingers = append(fingers, nsor.SampleFinger{Position: p, Quality: nsor.QualityUnknown, PPI: im.PPI})
		}
	}
	if len(fingers) == 0 {
		return nil, invalid("sample.no_fingers", "The transaction holds no image of a finger (positions 1 to 10): %s.", tr.Types())
	}
	return fingers, nil
}

// readImage reads one finger's image: its resolution the file's or, when
// the file states none, the uploader's, within the range the register
// stores; its position the uploader's.
func readImage(data []byte, format string, meta nsor.SampleMeta) ([]nsor.SampleFinger, error) {
	if meta.SampleType != "" {
		return nil, nsor.Invalid("sample_type", "sample.meta", "A sample type is for a DNA profile.")
	}
	if meta.Position < 0 || meta.Position > 10 {
		return nil, nsor.Invalid("position", "sample.position", "A finger position is 1 to 10 (ANSI/NIST-ITL Table 8), or 0 when not known.")
	}
	im, err := fpimage.Decode(data, meta.PPI)
	switch {
	case errors.Is(err, fpimage.ErrResolution):
		return nil, nsor.Invalid("ppi", "sample.resolution", fmt.Sprintf("State the image's resolution (ppi), %d to %d, agreeing with the file's if it has one (%v).", nsor.MinSamplePPI, nsor.MaxSamplePPI, err))
	case err != nil:
		return nil, invalid("sample.invalid", "The data is not a valid %s fingerprint image (%v).", format, err)
	case im.Format != format:
		return nil, invalid("sample.format", "The data is a %s image, not %s.", im.Format, format)
	case im.PPI < nsor.MinSamplePPI || im.PPI > nsor.MaxSamplePPI:
		return nil, nsor.Invalid("ppi", "sample.resolution", fmt.Sprintf("The image is at %d ppi; the register stores %d to %d ppi.", im.PPI, nsor.MinSamplePPI, nsor.MaxSamplePPI))
	}
	return []nsor.SampleFinger{{Position: meta.Position, Quality: nsor.QualityUnknown, PPI: im.PPI}}, nil
}

// profileFile is a DNA profile as uploaded: JSON with the sample type and
// the alleles of each locus, as laboratories write them.
type profileFile struct {
	Type string              `json:"type"`
	Loci map[string][]string `json:"loci"`
}

// readProfile reads a DNA profile with the dna package's normaliser: every
// locus known, every allele read, the sample type reference or
// crime_scene, from the file or the uploader, agreeing when both give it.
func readProfile(s *nsor.Sample, data []byte, meta nsor.SampleMeta) error {
	if meta.Position != 0 || meta.PPI != 0 {
		return nsor.Invalid("position", "sample.meta", "A DNA profile has no finger position or resolution.")
	}
	var pf profileFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pf); err != nil || dec.More() {
		return invalid("sample.invalid", "A DNA profile is JSON: {\"type\": \"reference\" or \"crime_scene\", \"loci\": {\"vWA\": [\"14\", \"16\"], ...}}.")
	}
	switch {
	case pf.Type == "":
		pf.Type = meta.SampleType
	case meta.SampleType != "" && meta.SampleType != pf.Type:
		return nsor.Invalid("sample_type", "sample.sample_type", fmt.Sprintf("The profile says it is a %s sample, not %s.", pf.Type, meta.SampleType))
	}
	if len(pf.Loci) == 0 {
		return invalid("sample.no_loci", "The profile types no locus.")
	}
	p, err := dna.NewProfile("sample", dna.SampleType(pf.Type), pf.Loci)
	if err != nil {
		return dna.AsProblem(err)
	}
	if len(p.Loci) == 0 {
		return invalid("sample.no_loci", "The profile types no autosomal locus, the only ones compared.")
	}
	s.SampleType, s.Loci, s.Partial, s.Mixture = string(p.Type), len(p.Loci), p.Partial(), p.Mixture()
	return nil
}
