package afis

import (
	"math/rand/v2"
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

// BenchmarkVoteStages times the two vote stages on one core over a gallery
// of 50,000 synthetic templates: the rotation vote over the whole gallery,
// and the pose vote over 20,000 of its hits (what a search with a short list
// of 5,000 asks of it). Reported per entry, so that it scales to a gallery.
func BenchmarkVoteStages(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	ix := NewIndex()
	for ix.Len() < 50000 {
		p, _ := Prepare(randomTemplate(rng, 25+rng.IntN(30)))
		ix.AddPrepared(p)
	}
	p, _ := Prepare(randomTemplate(rng, 35))
	hs := ix.firstStage(p, 20000, 1)
	b.Run("rotation", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ix.firstStage(p, 20000, 1)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(ix.Len()), "ns/entry")
	})
	b.Run("pose", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ix.poseStage(p, hs, 5000, 1)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(hs)), "ns/entry")
	})
}
