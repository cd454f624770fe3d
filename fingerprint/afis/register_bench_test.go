package afis

import (
	"fmt"
	"math/rand/v2"
	"nsor/internal/benchenv"
	"testing"
)

// BenchmarkRegisterSearch times a register search (four fingers of a
// probe, each through the gallery of its position's two stages, then every
// proposed record verified) beside its baseline, the exhaustive
// verification of the probe against every record, on 2,000 synthetic
// records of four fingers; and the search alone on 20,000 records. Beside
// the wall time, the CPU time of a search (both cores), which other work on
// the machine does not change:
//
//	go test -run '^$' -bench RegisterSearch -benchtime 5x ./fingerprint/afis
func BenchmarkRegisterSearch(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		rnd := rand.New(rand.NewPCG(31, 32))
		ps := people(rnd, n)
		r := NewRegisterIndex(1e-4)
		for i, p := range ps {
			if err := r.Put(int64(i+1), "x", p); err != nil {
				b.Fatal(err)
			}
		}
		probe := impressions(rnd, ps[1234])
		b.Run(fmt.Sprintf("index/records=%d", n), func(b *testing.B) {
			cpu := benchenv.CPUTime()
			for b.Loop() {
				cs, err := r.Search(probe)
				if err != nil || len(cs) != 1 || cs[0].RecordID != 1235 {
					b.Fatalf("%+v %v", cs, err)
				}
			}
			b.ReportMetric(float64(benchenv.CPUTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
		if n > 2000 {
			continue
		}
		b.Run(fmt.Sprintf("exhaustive/records=%d", n), func(b *testing.B) {
			pt := templates(probe)
			for b.Loop() {
				found := 0
				for _, p := range ps {
					v, err := Verify(pt, templates(p), CalibrationISO(), 1e-4)
					if err != nil {
						b.Fatal(err)
					}
					if v.MeetsThreshold {
						found++
					}
				}
				if found != 1 {
					b.Fatalf("exhaustive found %d", found)
				}
			}
		})
	}
}
