package biosample

import (
	"bytes"
	"reflect"
	"testing"

	"nsor"
)

var core8 = map[string][]string{"D3S1358": {"15", "16"}, "vWA": {"14", "17"}, "FGA": {"21", "24"}, "D8S1179": {"13", "14"},
	"D21S11": {"29", "30"}, "D18S51": {"12", "15"}, "D5S818": {"11", "12"}, "D13S317": {"11", "11"}}

func TestReadsEachFormat(t *testing.T) {
	var r Reader
	for _, f := range []string{nsor.FormatISO2005, nsor.FormatISO2011, nsor.FormatANSI2004, nsor.FormatANSI2009} {
		b, err := SyntheticTemplate(f, 1, 2, 7)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		s, err := r.ReadSample(nsor.BiometricFingerprint, f, b, nsor.SampleMeta{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(s.Fingers) != 2 || s.Fingers[0].Position != 2 || s.Fingers[1].Position != 7 || s.Fingers[0].PPI != 500 || s.Size != int64(len(b)) {
			t.Errorf("%s: %+v", f, s)
		}
	}
	tr := SyntheticTransaction(1, 500, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	s, err := r.ReadSample(nsor.BiometricFingerprint, nsor.FormatANSINIST, tr, nsor.SampleMeta{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Fingers) != 10 || s.Fingers[9] != (nsor.SampleFinger{Position: 10, Quality: nsor.QualityUnknown, PPI: 500}) {
		t.Errorf("transaction fingers %+v", s.Fingers)
	}
	s, err = r.ReadSample(nsor.BiometricFingerprint, nsor.FormatPNG, SyntheticPNG(1, 40, 50), nsor.SampleMeta{Position: 3, PPI: 500})
	if err != nil {
		t.Fatal(err)
	}
	if want := []nsor.SampleFinger{{Position: 3, Quality: nsor.QualityUnknown, PPI: 500}}; !reflect.DeepEqual(s.Fingers, want) {
		t.Errorf("png fingers %+v", s.Fingers)
	}
	s, err = r.ReadSample(nsor.BiometricDNA, nsor.FormatDNAProfile, SyntheticProfile("", core8), nsor.SampleMeta{SampleType: nsor.DNACrimeScene})
	if err != nil {
		t.Fatal(err)
	}
	if s.SampleType != nsor.DNACrimeScene || s.Loci != 8 || !s.Partial || s.Mixture {
		t.Errorf("profile %+v", s)
	}
}

// TestRefusals: every sample the register would not keep is refused with
// its code.
func TestRefusals(t *testing.T) {
	iso11, _ := SyntheticTemplate(nsor.FormatISO2011, 1, 1)
	ansi04, _ := SyntheticTemplate(nsor.FormatANSI2004, 1, 1)
	iso05, _ := SyntheticTemplate(nsor.FormatISO2005, 1, 1)
	pngb := SyntheticPNG(1, 40, 50)
	mixed := map[string][]string{"vWA": {"14", "15", "16"}}
	fp, dnak := nsor.BiometricFingerprint, nsor.BiometricDNA
	for _, tc := range []struct {
		name, kind, format string
		data               []byte
		meta               nsor.SampleMeta
		code               string
	}{
		{"unknown kind", "iris", nsor.FormatPNG, pngb, nsor.SampleMeta{PPI: 500}, "sample.kind"},
		{"format of the other kind", dnak, nsor.FormatISO2011, iso11, nsor.SampleMeta{}, "sample.format"},
		{"unknown format", fp, "jpeg", pngb, nsor.SampleMeta{}, "sample.format"},
		{"empty", fp, nsor.FormatISO2011, nil, nsor.SampleMeta{}, "sample.empty"},
		{"oversize template", fp, nsor.FormatISO2011, make([]byte, nsor.MaxTemplateSize+1), nsor.SampleMeta{}, "sample.too_large"},
		{"oversize transaction", fp, nsor.FormatANSINIST, make([]byte, nsor.MaxTransactionSize+1), nsor.SampleMeta{}, "sample.too_large"},
		{"ANSI 2004 named ISO 2005", fp, nsor.FormatISO2005, ansi04, nsor.SampleMeta{}, "sample.format"},
		{"ISO 2005 named ANSI 2004", fp, nsor.FormatANSI2004, iso05, nsor.SampleMeta{}, "sample.format"},
		{"ISO 2011 named ANSI 2009", fp, nsor.FormatANSI2009, iso11, nsor.SampleMeta{}, "sample.format"},
		{"truncated template", fp, nsor.FormatISO2011, iso11[:len(iso11)-3], nsor.SampleMeta{}, "sample.truncated"},
		{"garbage template", fp, nsor.FormatISO2011, []byte("not a template at all"), nsor.SampleMeta{}, "sample.invalid"},
		{"template with a stated position", fp, nsor.FormatISO2011, iso11, nsor.SampleMeta{Position: 2}, "sample.meta"},
		{"PNG named TIFF", fp, nsor.FormatTIFF, pngb, nsor.SampleMeta{PPI: 500}, "sample.format"},
		{"PNG without resolution", fp, nsor.FormatPNG, pngb, nsor.SampleMeta{}, "sample.resolution"},
		{"PNG at 200 ppi", fp, nsor.FormatPNG, pngb, nsor.SampleMeta{PPI: 200}, "sample.resolution"},
		{"PNG at 1200 ppi", fp, nsor.FormatPNG, pngb, nsor.SampleMeta{PPI: 1200}, "sample.resolution"},
		{"PNG position 11", fp, nsor.FormatPNG, pngb, nsor.SampleMeta{PPI: 500, Position: 11}, "sample.position"},
		{"truncated PNG", fp, nsor.FormatPNG, pngb[:len(pngb)/2], nsor.SampleMeta{PPI: 500}, "sample.invalid"},
		{"transaction at 200 ppi", fp, nsor.FormatANSINIST, SyntheticTransaction(1, 200, 1), nsor.SampleMeta{}, "sample.resolution"},
		{"transaction of no finger", fp, nsor.FormatANSINIST, SyntheticTransaction(1, 500, 21), nsor.SampleMeta{}, "sample.no_fingers"},
		{"truncated transaction", fp, nsor.FormatANSINIST, SyntheticTransaction(1, 500, 1)[:100], nsor.SampleMeta{}, "sample.invalid"},
		{"profile not JSON", dnak, nsor.FormatDNAProfile, []byte("vWA 14,16"), nsor.SampleMeta{}, "sample.invalid"},
		{"profile unknown field", dnak, nsor.FormatDNAProfile, []byte(`{"type":"reference","loci":{"vWA":["14"]},"name":"x"}`), nsor.SampleMeta{}, "sample.invalid"},
		{"profile no type", dnak, nsor.FormatDNAProfile, SyntheticProfile("", core8), nsor.SampleMeta{}, "dna.sample_type"},
		{"profile types disagree", dnak, nsor.FormatDNAProfile, SyntheticProfile("reference", core8), nsor.SampleMeta{SampleType: "crime_scene"}, "sample.sample_type"},
		{"profile unknown locus", dnak, nsor.FormatDNAProfile, SyntheticProfile("reference", map[string][]string{"NOTALOCUS": {"1"}}), nsor.SampleMeta{}, "dna.locus_unknown"},
		{"profile no loci", dnak, nsor.FormatDNAProfile, SyntheticProfile("reference", nil), nsor.SampleMeta{}, "sample.no_loci"},
		{"reference mixture", dnak, nsor.FormatDNAProfile, SyntheticProfile("reference", mixed), nsor.SampleMeta{}, ""},
	} {
		_, err := Reader{}.ReadSample(tc.kind, tc.format, tc.data, tc.meta)
		if err == nil || nsor.KindOf(err) != nsor.KindInvalid || (tc.code != "" && nsor.ErrorCode(err) != tc.code) {
			t.Errorf("%s: %v (%s), want %s", tc.name, err, nsor.ErrorCode(err), tc.code)
		}
	}
}

// TestSyntheticTemplatesDiffer: the seeds give different templates, so a
// test that stores two is not storing one twice.
func TestSyntheticTemplatesDiffer(t *testing.T) {
	a, _ := SyntheticTemplate(nsor.FormatISO2011, 1, 1)
	b, _ := SyntheticTemplate(nsor.FormatISO2011, 2, 1)
	if bytes.Equal(a, b) {
		t.Error("seeds 1 and 2 give the same template")
	}
}
