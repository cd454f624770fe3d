// Package disclosure renders released records for one recipient and weaves
// per-recipient marks into every rendering, so that a leaked copy traces back
// to the officer it was rendered for (docs/rules.md#r17, docs/disclosure-marks.md). It implements
// nsor.Marker.
//
// Three layers, each surviving a different kind of copying
// (docs/disclosure-marks.md says exactly which):
//
//   - visible: the disclosure number, the recipient's name and rank, the
//     times of release and of rendering, and the advisory, in the header and
//     footer of every rendering and, on the printable page, in a faint
//     repeated background watermark;
//   - textual: at every field label, separator and boilerplate sentence one
//     of two equivalent wordings is chosen by a keyed bit,
//     HMAC-SHA256(recipient key, site || anchor), where the anchor is the
//     value on that line; re-typed or OCR'd text still carries these bits;
//   - hidden: zero-width characters between words encode the release, the
//     recipient and the time of rendering with a keyed checksum; they
//     survive copy and paste of the text, nothing else.
//
// The recipient key is an nsor.MarkKey, computed by the domain from the
// identifier key held outside the database (docs/adr/0012-disclosure-marks.md).
package disclosure
