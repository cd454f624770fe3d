package afis

import (
	"testing"

	"nsor/fingerprint/fvc"
	"nsor/fingerprint/internal/shareddata"
)

// BenchmarkCompare times one comparison of two impressions of one finger
// from the FVC ISO templates.
func BenchmarkCompare(b *testing.B) {
	shareddata.Fingerprints(b)
	dir, err := fvc.Dir()
	if err != nil {
		b.Skip(err)
	}
	load := func(s fvc.Sample) *Prepared {
		t, err := s.LoadTemplate(dir)
		if err != nil {
			b.Fatal(err)
		}
		p, err := Prepare(t)
		if err != nil {
			b.Fatal(err)
		}
		return p
	}
	p := load(fvc.Sample{DB: "2002-DB1", Finger: 101, Impression: 1})
	q := load(fvc.Sample{DB: "2002-DB1", Finger: 101, Impression: 2})
	r := load(fvc.Sample{DB: "2002-DB1", Finger: 102, Impression: 1})
	k := NewComparer()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k.Compare(p, q)
		k.Compare(p, r)
	}
}
