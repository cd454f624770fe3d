package match

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkPut(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	ps := make([]Person, 20000)
	for i := range ps {
		ps[i] = randPerson(r, i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x := NewIndex()
		x.PutMany(ps, 1)
	}
}

func BenchmarkSearch(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	ps := make([]Person, 50000)
	for i := range ps {
		ps[i] = randPerson(r, i)
	}
	x := NewIndex()
	x.PutMany(ps, 2)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := ps[i%len(ps)]
		x.Search(Person{Name: p.Name, Parentage: p.Parentage, DOB: p.DOB}, 10)
	}
}
