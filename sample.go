package nsor

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The formats a stored biometric sample is in. A fingerprint sample is a
// minutiae template (ISO/IEC 19794-2, ANSI INCITS 378), an ANSI/NIST-ITL
// transaction, or a fingerprint image (PNG, TIFF, WSQ); a DNA sample is a
// profile as the dna package reads it.
const (
	FormatISO2005     = "iso-19794-2-2005"
	FormatISO2011     = "iso-19794-2-2011"
	FormatANSI2004    = "ansi-378-2004"
	FormatANSI2009    = "ansi-378-2009"
	FormatANSINIST    = "ansi-nist-itl"
	FormatPNG         = "png"
	FormatTIFF        = "tiff"
	FormatWSQ         = "wsq"
	FormatDNAProfile  = "dna-profile"
	sampleRefPrefix   = "sha256:"
	sampleHexLen      = 64
	QualityUnknown    = -1 // a finger's quality the data does not state
	DNAReference      = "reference"
	DNACrimeScene     = "crime_scene"
	PurposeTenprint   = "tenprint"
	PurposeCrimeScene = "crime_scene"
)

// SampleFormats lists the formats of each kind of sample.
var SampleFormats = map[string][]string{
	BiometricFingerprint: {FormatISO2005, FormatISO2011, FormatANSI2004, FormatANSI2009, FormatANSINIST, FormatPNG, FormatTIFF, FormatWSQ},
	BiometricDNA:         {FormatDNAProfile},
}

// SampleFinger is one finger a fingerprint sample holds: its position
// (0 unknown, 1 to 10 as ANSI/NIST-ITL Table 8 numbers them), its quality
// (0 to 100, QualityUnknown when the data does not state it) and, for an
// image, its resolution in pixels per inch.
type SampleFinger struct {
	Position int `json:"position"`
	Quality  int `json:"quality"`
	PPI      int `json:"ppi,omitempty"`
}

// Sample is a stored biometric sample's description; its bytes are the
// blob of the same SHA-256 (BlobTx). A sample is content-addressed: the
// same bytes uploaded twice are one sample.
type Sample struct {
	SHA256  string         `json:"sha256"` // lower-case hex of the bytes
	Kind    string         `json:"kind"`   // fingerprint or dna
	Format  string         `json:"format"`
	Fingers []SampleFinger `json:"fingers,omitempty"`
	// For DNA: the profile's sample type (reference or crime_scene), the
	// number of loci typed, whether a locus lacks alleles or the profile is
	// below the full core set (Partial), and whether a locus shows more
	// than two alleles (Mixture).
	SampleType string    `json:"sample_type,omitempty"`
	Loci       int       `json:"loci,omitempty"`
	Partial    bool      `json:"partial,omitempty"`
	Mixture    bool      `json:"mixture,omitempty"`
	Size       int64     `json:"size"`
	UploadedBy int64     `json:"uploaded_by"`
	UploadedAt time.Time `json:"uploaded_at"`
}

// SampleMeta is what the uploader states that the data may not: a finger
// position and a resolution for a single image, a sample type for a DNA
// profile that does not carry one.
type SampleMeta struct {
	Position   int    `json:"position,omitempty"`
	PPI        int    `json:"ppi,omitempty"`
	SampleType string `json:"sample_type,omitempty"`
}

// SampleRef is the biometric reference that names the stored sample of the
// SHA-256 sha: "sha256:" and the lower-case hex.
func SampleRef(sha string) string { return sampleRefPrefix + sha }

// ParseSampleRef returns the SHA-256 a reference names when it names a
// stored sample ("sha256:" and 64 lower-case hex digits); any other
// reference is a laboratory's, naming no stored data.
func ParseSampleRef(ref string) (sha string, ok bool) {
	h, found := strings.CutPrefix(ref, sampleRefPrefix)
	if !found || !IsSHA256(h) {
		return "", false
	}
	return h, true
}

// IsSHA256 tells whether s is a SHA-256 in lower-case hex.
func IsSHA256(s string) bool {
	if len(s) != sampleHexLen {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// RequestSample is a sample an investigating officer attached to a request
// for one of its suspects: the suspect's tenprint, or a crime-scene DNA
// profile. Format and Size are the sample's, read with it.
type RequestSample struct {
	ID        int64     `json:"id"`
	RequestID int64     `json:"request_id"`
	SuspectID int64     `json:"suspect_id"`
	SHA256    string    `json:"sha256"`
	Kind      string    `json:"kind"`
	Purpose   string    `json:"purpose"` // tenprint or crime_scene
	Format    string    `json:"format"`
	Size      int64     `json:"size"`
	AddedBy   int64     `json:"added_by"`
	AddedAt   time.Time `json:"added_at"`
}

// SampleReader reads a sample's bytes strictly in the format named and
// describes them (kind, format, fingers, loci); anything it cannot read is
// refused with an *Error of KindInvalid. The package biosample implements
// it over the fingerprint and DNA readers, and cmd/nsor gives it to the
// service.
type SampleReader interface {
	ReadSample(kind, format string, data []byte, meta SampleMeta) (*Sample, error)
}

// The size limits of a sample, by format: a whole ANSI/NIST-ITL
// transaction with its images, a single image, and a template or profile.
const (
	MaxTransactionSize = 16 << 20
	MaxImageSize       = 8 << 20
	MaxTemplateSize    = 2 << 20
)

// The resolutions a fingerprint image may be stored at, in pixels per inch:
// the range the FBI's image quality specifications (EBTS Appendix F) and
// ISO/IEC 19794-4 capture devices cover.
const (
	MinSamplePPI = 250
	MaxSamplePPI = 1000
)

// SampleLimit is the largest sample of format, 0 for an unknown format.
func SampleLimit(format string) int64 {
	switch format {
	case FormatANSINIST:
		return MaxTransactionSize
	case FormatPNG, FormatTIFF, FormatWSQ:
		return MaxImageSize
	case FormatISO2005, FormatISO2011, FormatANSI2004, FormatANSI2009, FormatDNAProfile:
		return MaxTemplateSize
	}
	return 0
}

// CheckSampleInput refuses what no reader need see: an unknown kind, a
// format not of that kind, no data, data over the format's limit.
func CheckSampleInput(kind, format string, size int) error {
	formats, ok := SampleFormats[kind]
	switch {
	case !ok:
		return Invalid("kind", "sample.kind", "A sample is a fingerprint or a DNA profile: write kind fingerprint or dna.")
	case !slices.Contains(formats, format):
		return Invalid("format", "sample.format", fmt.Sprintf("A %s sample is in one of these formats: %s.", kind, strings.Join(formats, ", ")))
	case size == 0:
		return Invalid("data", "sample.empty", "The sample has no data.")
	case int64(size) > SampleLimit(format):
		return Invalid("data", "sample.too_large", fmt.Sprintf("A %s sample is at most %d MiB.", format, SampleLimit(format)>>20))
	}
	return nil
}

// CheckRequestSamplePurpose: a tenprint is a fingerprint sample, a
// crime-scene sample a DNA profile typed as a crime-scene sample.
func CheckRequestSamplePurpose(purpose string, s *Sample) error {
	switch purpose {
	case PurposeTenprint:
		if s.Kind != BiometricFingerprint {
			return Invalid("purpose", "sample.purpose", "A tenprint is a fingerprint sample.")
		}
	case PurposeCrimeScene:
		if s.Kind != BiometricDNA || s.SampleType != DNACrimeScene {
			return Invalid("purpose", "sample.purpose", "A crime-scene sample is a DNA profile of sample type crime_scene.")
		}
	default:
		return Invalid("purpose", "sample.purpose", "Write the purpose: tenprint or crime_scene.")
	}
	return nil
}

// PurposeKind is the kind of sample a request sample's purpose takes.
func PurposeKind(purpose string) string {
	if purpose == PurposeCrimeScene {
		return BiometricDNA
	}
	return BiometricFingerprint
}
