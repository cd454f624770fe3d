package capture

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"nsor/fingerprint"
	"nsor/fingerprint/internal/shareddata"
)

func TestNewFromFVC(t *testing.T) {
	dir := shareddata.Fingerprints(t)
	img, err := os.ReadFile(filepath.Join(dir, "fvc-b", "2002-DB1", "101_1.png"))
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := os.ReadFile(filepath.Join(dir, "fvc-b-iso", "2002-DB1", "101_1.iso"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Input{Position: 2, Impression: fingerprint.LiveScanPlain, Quality: 60, Image: img, PPI: 500, Template: tpl})
	if err != nil {
		t.Fatal(err)
	}
	if c.Image.Width != 388 || c.Image.Height != 374 || c.Image.PPI != 500 || c.Template.Format != fingerprint.TemplateISO2005 || len(c.Template.Parsed.Minutiae) == 0 {
		t.Fatalf("%+v", c)
	}
	bad, err := os.ReadFile(filepath.Join(dir, "invalid", "2004-DB1", "101_1_truncate_1_byte.iso"))
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]Input{
		"no resolution":      {Position: 2, Image: img},
		"truncated template": {Position: 2, Image: img, PPI: 500, Template: bad},
		"position 0":         {Position: 0, Image: img, PPI: 500},
		"position 11":        {Position: 11, Image: img, PPI: 500},
		"impression 9":       {Position: 2, Impression: 9, Image: img, PPI: 500},
		"quality 101":        {Position: 2, Quality: 101, Image: img, PPI: 500},
		"no image":           {Position: 2, PPI: 500},
	} {
		if _, err := New(in); !errors.Is(err, fingerprint.ErrCapture) {
			t.Errorf("%s: %v, want ErrCapture", name, err)
		}
	}
}

func TestValidateRefusesInconsistentRecords(t *testing.T) {
	ok := fingerprint.Capture{Position: 1, Image: fingerprint.ImageData{Format: fingerprint.ImageRaw, Bytes: make([]byte, 6), Width: 3, Height: 2, PPI: 500}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(c *fingerprint.Capture){
		"raw size":        func(c *fingerprint.Capture) { c.Image.Width = 4 },
		"format":          func(c *fingerprint.Capture) { c.Image.Format = "gif" },
		"resolution":      func(c *fingerprint.Capture) { c.Image.PPI = 20 },
		"template format": func(c *fingerprint.Capture) { c.Template = &fingerprint.TemplateData{Format: "x", Bytes: []byte{1}} },
		"template position": func(c *fingerprint.Capture) {
			c.Template = &fingerprint.TemplateData{Format: fingerprint.TemplateISO2005, Bytes: []byte{1}, Parsed: fingerprint.Template{Position: 3}}
		},
	} {
		c := ok
		edit(&c)
		if err := c.Validate(); !errors.Is(err, fingerprint.ErrCapture) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
