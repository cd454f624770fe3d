package wsq

// huffTable is a canonical Huffman table as DHT defines it: counts of codes
// of each length 1-16 and the values in code order.
type huffTable struct {
	maxcode [17]int32 // largest code of each length, -1 when none
	valptr  [17]int32 // index in values of the first code of each length
	mincode [17]int32
	values  []uint8
}

func newHuffTable(counts [16]int, values []uint8) (*huffTable, error) {
	t := &huffTable{values: append([]uint8(nil), values...)}
	code, k := int32(0), int32(0)
	for l := 1; l <= 16; l++ {
		n := int32(counts[l-1])
		if n == 0 {
			t.maxcode[l] = -1
		} else {
			t.valptr[l] = k
			t.mincode[l] = code
			code += n
			k += n
			t.maxcode[l] = code - 1
		}
		if code > 1<<l {
			return nil, errf("DHT: %d codes of length %d or less do not fit %d bits", code, l, l)
		}
		code <<= 1
	}
	return t, nil
}

// bitReader reads the entropy-coded data of a block: bytes 0xff are
// followed by a stuffed 0x00; any other byte after 0xff is a marker, which
// ends the data (restart markers 0xffb0-0xffb7 reset the bit buffer).
type bitReader struct {
	b     []byte
	off   int
	acc   uint32
	nbits int
	ended bool
}

func (r *bitReader) fill() bool {
	for {
		if r.ended || r.off >= len(r.b) {
			r.ended = true
			return false
		}
		c := r.b[r.off]
		if c != 0xff {
			r.off++
			r.acc = r.acc<<8 | uint32(c)
			r.nbits += 8
			return true
		}
		if r.off+1 >= len(r.b) {
			r.ended = true
			return false
		}
		switch n := r.b[r.off+1]; {
		case n == 0x00:
			r.off += 2
			r.acc = r.acc<<8 | 0xff
			r.nbits += 8
			return true
		case n >= 0xb0 && n <= 0xb7:
			r.off += 2
			r.acc, r.nbits = 0, 0
		default:
			r.ended = true
			return false
		}
	}
}

func (r *bitReader) bits(n int) (int32, bool) {
	for r.nbits < n {
		if !r.fill() {
			return 0, false
		}
	}
	r.nbits -= n
	return int32(r.acc>>uint(r.nbits)) & (1<<n - 1), true
}

func (r *bitReader) symbol(t *huffTable) (int, bool) {
	code := int32(0)
	for l := 1; l <= 16; l++ {
		b, ok := r.bits(1)
		if !ok {
			return 0, false
		}
		code = code<<1 | b
		if t.maxcode[l] >= 0 && code <= t.maxcode[l] && code >= t.mincode[l] {
			i := t.valptr[l] + code - t.mincode[l]
			if int(i) >= len(t.values) {
				return 0, false
			}
			return int(t.values[i]), true
		}
	}
	return -1, true
}

// huffDecode decodes total quantised coefficients from b at off and gives
// them with the offset of the marker that follows the data.
func huffDecode(b []byte, off int, t *huffTable, total int) ([]int32, int, error) {
	out := make([]int32, 0, min(total, 1<<16)) // grown only as data arrives
	r := &bitReader{b: b, off: off}
	for len(out) < total {
		s, ok := r.symbol(t)
		if !ok {
			return nil, 0, errf("entropy-coded data ends after %d of %d coefficients", len(out), total)
		}
		run := 0
		switch {
		case s >= 1 && s <= 100:
			run = s
		case s == 101 || s == 102:
			v, ok := r.bits(8)
			if !ok {
				return nil, 0, errf("entropy-coded data ends inside an 8-bit value")
			}
			if s == 102 {
				v = -v
			}
			out = append(out, v)
		case s == 103 || s == 104:
			v, ok := r.bits(16)
			if !ok {
				return nil, 0, errf("entropy-coded data ends inside a 16-bit value")
			}
			if s == 104 {
				v = -v
			}
			out = append(out, v)
		case s == 105:
			v, ok := r.bits(8)
			if !ok {
				return nil, 0, errf("entropy-coded data ends inside a run length")
			}
			run = int(v)
		case s == 106:
			v, ok := r.bits(16)
			if !ok {
				return nil, 0, errf("entropy-coded data ends inside a run length")
			}
			run = int(v)
		case s >= 107 && s <= 255:
			out = append(out, int32(s-180))
		default:
			return nil, 0, errf("Huffman symbol %d is not a WSQ category", s)
		}
		if run > total-len(out) {
			return nil, 0, errf("a run of %d zeros passes the %d coefficients of the block", run, total)
		}
		for ; run > 0; run-- {
			out = append(out, 0)
		}
	}
	// The rest of the last byte is padding; the data ends at the next marker.
	off = r.off
	for off+1 < len(b) && !(b[off] == 0xff && b[off+1] != 0x00 && (b[off+1] < 0xb0 || b[off+1] > 0xb7)) {
		off++
	}
	return out, off, nil
}
