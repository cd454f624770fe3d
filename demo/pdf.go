package demo

import (
	"bytes"
	"fmt"
	"strings"
)

// pdf returns a one-page PDF 1.4 document (ISO 32000-1) showing lines in
// Helvetica: the smallest file the service accepts as an FIR copy, since it
// recognises the type from the bytes ("%PDF-"), and one any viewer opens.
func pdf(lines []string) []byte {
	var text strings.Builder
	text.WriteString("BT /F1 11 Tf 50 790 Td 16 TL")
	for _, l := range lines {
		fmt.Fprintf(&text, "\n(%s) '", pdfEscape(l))
	}
	text.WriteString("\nET")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", text.Len(), text.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	// Each cross-reference entry is exactly 20 bytes, "\n" preceded by a
	// space (ISO 32000-1, 7.5.4).
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfEscape escapes a literal string and keeps it to printable ASCII, which
// the standard fonts show without embedding.
func pdfEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7e:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
