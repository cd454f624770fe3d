package disclosure

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"time"

	"nsor"
)

// The zero-width alphabet: four symbols of two bits each, and a frame mark.
// All five are format characters that browsers and editors keep in copied
// text but draw as nothing.
var symbols = [4]rune{'\u200B', '\u200C', '\u200D', '\u2060'}

const frameMark = '\uFEFF'

// symbolsPerGap is how many stream symbols go into each gap between words.
const symbolsPerGap = 4

// macLen is the length of the keyed checksum of a hidden payload: 64 bits,
// so that forging one without the key succeeds once in 2^64 tries.
const macLen = 8

// hiddenVersion is the first byte of every payload.
const hiddenVersion = 1

// payload is the hidden payload of a rendering: version, release, recipient
// and the second of rendering, as varints.
func payload(r *nsor.Rendering) []byte {
	b := []byte{hiddenVersion}
	b = binary.AppendUvarint(b, uint64(r.ReleaseID))
	b = binary.AppendUvarint(b, uint64(r.Block.RecipientID))
	return binary.AppendUvarint(b, uint64(r.Block.RenderedAt.Unix()))
}

// hiddenMAC is the keyed checksum of a payload.
func hiddenMAC(key nsor.MarkKey, p []byte) []byte {
	m := hmac.New(sha256.New, key[:])
	m.Write([]byte("nsor-hidden-v1\x00"))
	m.Write(p)
	return m.Sum(nil)[:macLen]
}

// stream is the zero-width symbol sequence of one frame: the mark, then each
// byte of payload and checksum as four two-bit symbols, high bits first.
func stream(r *nsor.Rendering) []rune {
	p := payload(r)
	frame := append(p, hiddenMAC(r.Key, p)...)
	out := []rune{frameMark}
	for _, c := range frame {
		for shift := 6; shift >= 0; shift -= 2 {
			out = append(out, symbols[(c>>shift)&3])
		}
	}
	return out
}

// weave puts the frame, repeated, into the gaps between words of text:
// symbolsPerGap symbols after each space, so that any run of about twenty
// words of the copy holds a whole frame.
func weave(text string, frame []rune) string {
	var b strings.Builder
	i := 0
	for _, r := range text {
		b.WriteRune(r)
		if r != ' ' {
			continue
		}
		for range symbolsPerGap {
			b.WriteRune(frame[i%len(frame)])
			i++
		}
	}
	return b.String()
}

// isHidden reports whether r is one of the zero-width characters.
func isHidden(r rune) bool {
	return r == frameMark || r == symbols[0] || r == symbols[1] || r == symbols[2] || r == symbols[3]
}

// strip removes the zero-width characters.
func strip(text string) string {
	return strings.Map(func(r rune) rune {
		if isHidden(r) {
			return -1
		}
		return r
	}, text)
}

// unweave decodes every whole frame found in text. A frame that does not
// decode exactly is dropped; duplicates are reported once. Checksums are
// verified later, per candidate, because they are keyed.
func unweave(text string) []nsor.HiddenMark {
	var out []nsor.HiddenMark
	seen := map[string]bool{}
	var cur []byte
	var bits, nsym int
	inFrame := false
	flush := func() {
		if inFrame && nsym%4 == 0 {
			if h, ok := decodeFrame(cur); ok && !seen[string(cur)] {
				seen[string(cur)] = true
				out = append(out, h)
			}
		}
		cur, bits, nsym = nil, 0, 0
	}
	for _, r := range text {
		switch {
		case r == frameMark:
			flush()
			inFrame = true
		case isHidden(r):
			bits = bits<<2 | symbolValue(r)
			if nsym++; nsym%4 == 0 {
				cur = append(cur, byte(bits))
				bits = 0
			}
		}
	}
	flush()
	return out
}

func symbolValue(r rune) int {
	for i, s := range symbols {
		if s == r {
			return i
		}
	}
	return 0
}

// decodeFrame parses payload and checksum, refusing anything but exactly
// what stream writes.
func decodeFrame(b []byte) (nsor.HiddenMark, bool) {
	if len(b) < 1+3+macLen || b[0] != hiddenVersion {
		return nsor.HiddenMark{}, false
	}
	rest := b[1:]
	var v [3]uint64
	for i := range v {
		x, n := binary.Uvarint(rest)
		if n <= 0 || x > 1<<62 {
			return nsor.HiddenMark{}, false
		}
		v[i], rest = x, rest[n:]
	}
	if len(rest) != macLen {
		return nsor.HiddenMark{}, false
	}
	p := b[:len(b)-macLen]
	return nsor.HiddenMark{ReleaseID: int64(v[0]), UserID: int64(v[1]), RenderedAt: time.Unix(int64(v[2]), 0).UTC(),
		Payload: append([]byte(nil), p...), MAC: append([]byte(nil), rest...)}, true
}
