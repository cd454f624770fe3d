package afis

import (
	"image"

	"nsor/fingerprint"
)

// Extract finds the minutiae of a fingerprint image scanned at dpi dots per inch.
func Extract(img *image.Gray, dpi int) (fingerprint.Template, error) {
	return fingerprint.Template{}, refuse(CodeBadImage, "not yet")
}
