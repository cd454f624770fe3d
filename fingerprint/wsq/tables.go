package wsq

import "math"

// tables reads SOI and then segments up to the first SOB (which is left
// unread), or, with frameOnly, up to the frame header.
func (d *decoder) tables(frameOnly bool) error {
	if d.off == 0 {
		m, err := d.marker()
		if err != nil {
			return err
		}
		if m != mSOI {
			return errf("stream starts with 0x%04x, not SOI 0xffa0", m)
		}
	}
	for {
		at := d.off
		m, err := d.marker()
		if err != nil {
			return err
		}
		switch m {
		case mSOB:
			d.off = at
			return nil
		case mEOI:
			return errf("EOI at byte %d before any block", at)
		case mSOF:
			if err := d.readSOF(); err != nil {
				return err
			}
			if frameOnly {
				return nil
			}
		case mDTT:
			if err := d.readDTT(); err != nil {
				return err
			}
		case mDQT:
			if err := d.readDQT(); err != nil {
				return err
			}
		case mDHT:
			if err := d.readDHT(); err != nil {
				return err
			}
		case mCOM:
			end, err := d.segment("COM")
			if err != nil {
				return err
			}
			d.frame.Comments = append(d.frame.Comments, string(d.b[d.off:end]))
			d.off = end
		case mDRT:
			end, err := d.segment("DRT")
			if err != nil {
				return err
			}
			d.off = end
		default:
			return errf("byte %d: unexpected marker 0x%04x", at, m)
		}
	}
}

func (d *decoder) readSOF() error {
	if d.sof {
		return errf("second frame header at byte %d", d.off-2)
	}
	end, err := d.segment("SOF")
	if err != nil {
		return err
	}
	if end-d.off != 15 {
		return errf("SOF length %d, want 17", end-d.off+2)
	}
	f := &d.frame
	f.Black, _ = d.u8()
	f.White, _ = d.u8()
	h, _ := d.u16()
	w, _ := d.u16()
	f.Height, f.Width = int(h), int(w)
	if f.Width == 0 || f.Height == 0 || f.Width*f.Height > MaxPixels {
		return errf("image size %dx%d is empty or above %d pixels", f.Width, f.Height, MaxPixels)
	}
	if f.M, err = d.scaled(); err != nil {
		return err
	}
	if f.R, err = d.scaled(); err != nil {
		return err
	}
	if f.R == 0 {
		return errf("SOF scale R is zero")
	}
	f.Encoder, _ = d.u8()
	f.Software, err = d.u16()
	d.sof = true
	return err
}

func (d *decoder) readDTT() error {
	end, err := d.segment("DTT")
	if err != nil {
		return err
	}
	losz, _ := d.u8()
	hisz, err := d.u8()
	if err != nil {
		return err
	}
	if losz%2 == 0 || hisz%2 == 0 || losz > 31 || hisz > 31 {
		return errf("DTT filter lengths %d and %d: only odd lengths up to 31 (symmetric filters) are read", losz, hisz)
	}
	read := func(n int) ([]float64, error) {
		half := (n + 1) / 2
		f := make([]float64, n)
		for i := 0; i < half; i++ {
			sign, _ := d.u8()
			e, _ := d.u8()
			v, err := d.u32()
			if err != nil {
				return nil, err
			}
			c := float64(v) / math.Pow(10, float64(e))
			if sign != 0 {
				c = -c
			}
			f[n/2+i], f[n/2-i] = c, c
		}
		return f, nil
	}
	if d.lo, err = read(int(losz)); err != nil {
		return err
	}
	if d.hi, err = read(int(hisz)); err != nil {
		return err
	}
	if d.off != end {
		return errf("DTT segment length disagrees with its filters")
	}
	return nil
}

func (d *decoder) readDQT() error {
	end, err := d.segment("DQT")
	if err != nil {
		return err
	}
	if d.qt.c, err = d.scaled(); err != nil {
		return err
	}
	for i := 0; i < numSubbands; i++ {
		if d.qt.q[i], err = d.scaled(); err != nil {
			return err
		}
		if d.qt.z[i], err = d.scaled(); err != nil {
			return err
		}
	}
	if d.off != end {
		return errf("DQT segment length %d, want %d", end-d.off+2+3+numSubbands*6, 2+3+numSubbands*6)
	}
	d.qt.set = true
	return nil
}

func (d *decoder) readDHT() error {
	end, err := d.segment("DHT")
	if err != nil {
		return err
	}
	for d.off < end {
		id, _ := d.u8()
		if id >= 8 {
			return errf("DHT table id %d above 7", id)
		}
		var counts [16]int
		total := 0
		for i := range counts {
			c, err := d.u8()
			if err != nil {
				return err
			}
			counts[i] = int(c)
			total += int(c)
		}
		if total == 0 || total > 256 || d.off+total > end {
			return errf("DHT table %d: %d values do not fit the segment", id, total)
		}
		t, err := newHuffTable(counts, d.b[d.off:d.off+total])
		if err != nil {
			return err
		}
		d.huff[id] = t
		d.off += total
	}
	if d.off != end {
		return errf("DHT tables run past the segment")
	}
	return nil
}
