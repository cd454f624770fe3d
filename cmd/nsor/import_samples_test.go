package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nsor"
	"nsor/biosample"
)

// TestUploadImportSamples: the files an import's rows name are uploaded and
// replaced by their samples' references; a missing or refused file is
// reported with its line and left for the import to refuse that line.
func TestUploadImportSamples(t *testing.T) {
	dir := t.TempDir()
	tpl, err := biosample.SyntheticTemplate(nsor.FormatISO2005, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	profile := biosample.SyntheticProfile("reference", map[string][]string{"vWA": {"14", "16"}, "TH01": {"6", "9.3"}})
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "prints"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "prints", "a.fmr"), tpl, 0o600))
	must(os.WriteFile(filepath.Join(dir, "a.json"), profile, 0o600))
	must(os.WriteFile(filepath.Join(dir, "bad.fmr"), tpl[:len(tpl)-5], 0o600))
	jsonl := strings.Join([]string{
		`{"name":"Synthetic One","biometrics":[{"kind":"fingerprint","reference":"file:iso-19794-2-2005:prints/a.fmr","provenance":"PFSA"},{"kind":"dna","reference":"file:dna-profile:a.json","provenance":"PFSA"}]}`,
		`{"name":"Synthetic Two","biometrics":[{"kind":"fingerprint","reference":"file:iso-19794-2-2005:missing.fmr","provenance":"PFSA"}]}`,
		`{"name":"Synthetic Three","biometrics":[{"kind":"fingerprint","reference":"file:iso-19794-2-2005:bad.fmr","provenance":"PFSA"}]}`,
		`{"name":"Synthetic Four","biometrics":[{"kind":"fingerprint","reference":"LAB-REF-9","provenance":"PFSA"}]}`,
	}, "\n") + "\n"
	var uploaded []string
	upload := func(kind, format string, data []byte) (*nsor.Sample, error) {
		sm, err := biosample.Reader{}.ReadSample(kind, format, data, nsor.SampleMeta{})
		if err != nil {
			return nil, err
		}
		sm.SHA256 = nsor.SHA256Hex(data)
		uploaded = append(uploaded, sm.SHA256)
		return sm, nil
	}
	var report bytes.Buffer
	out, err := uploadImportSamples([]byte(jsonl), nsor.ImportJSONL, dir, upload, &report)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(out), "\n")
	if !strings.Contains(lines[0], `"`+nsor.SampleRef(nsor.SHA256Hex(tpl))+`"`) || !strings.Contains(lines[0], `"`+nsor.SampleRef(nsor.SHA256Hex(profile))+`"`) {
		t.Errorf("line 1 = %s, want both files' references", lines[0])
	}
	for i, want := range []string{"file:iso-19794-2-2005:missing.fmr", "file:iso-19794-2-2005:bad.fmr", "LAB-REF-9"} {
		if !strings.Contains(lines[i+1], want) {
			t.Errorf("line %d = %s, want %s kept", i+2, lines[i+1], want)
		}
	}
	if len(uploaded) != 2 {
		t.Errorf("uploaded %d files, want 2", len(uploaded))
	}
	rep := report.String()
	if !strings.Contains(rep, "missing.fmr (line 2)") || !strings.Contains(rep, "bad.fmr (line 3)") || !strings.Contains(rep, "sample.truncated") {
		t.Errorf("report:\n%s", rep)
	}
	again, err := uploadImportSamples([]byte(jsonl), nsor.ImportJSONL, dir, upload, &bytes.Buffer{})
	if err != nil || !bytes.Equal(again, out) {
		t.Error("the same files gave other content: a re-run would not resume the batch")
	}

	csv := "name,biometrics\n\"Synthetic Five\",\"[{\"\"kind\"\":\"\"fingerprint\"\",\"\"reference\"\":\"\"file:iso-19794-2-2005:prints/a.fmr\"\",\"\"provenance\"\":\"\"PFSA\"\"}]\"\n"
	cout, err := uploadImportSamples([]byte(csv), nsor.ImportCSV, dir, upload, &report)
	if err != nil {
		t.Fatal(err)
	}
	var got []nsor.ImportLine
	if err := nsor.ReadImport(nsor.ImportCSV, cout, func(l nsor.ImportLine) bool { got = append(got, l); return true }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Err != nil || got[0].Record.Biometrics[0].Reference != nsor.SampleRef(nsor.SHA256Hex(tpl)) {
		t.Errorf("CSV after upload: %+v", got)
	}
}
