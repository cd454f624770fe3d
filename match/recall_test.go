package match

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// respellPart changes one part of a name as romanisations differ.
func respellPart(r *rand.Rand, name string) string {
	swaps := [][2]string{{"u", "o"}, {"i", "ee"}, {"a", "e"}, {"q", "k"}, {"w", "v"}, {"mm", "m"}, {"ss", "s"}, {"ai", "ay"}}
	words := strings.Fields(name)
	i := r.IntN(len(words))
	for _, s := range swaps {
		if strings.Contains(strings.ToLower(words[i]), s[0]) {
			words[i] = strings.Replace(strings.ToLower(words[i]), s[0], s[1], 1)
			break
		}
	}
	return strings.Join(words, " ")
}

// TestRecallOnStrongQueries: on a register of 20,000 synthetic identities
// full of namesakes, a query keeping the CNIC (exact or one digit off) or
// the parentage with the full date of birth, its name respelt, finds its
// identity in the top 10, and first nearly always; a name-only query is
// never "likely". (Accuracy, not speed: no time is measured.)
func TestRecallOnStrongQueries(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	var ps []Person
	for i := range 20000 {
		p := randPerson(r, i)
		p.CNIC = fmt.Sprintf("9%012d", r.Int64N(1e12))
		p.Parentage = []Parent{{Relation: "s/o", Name: givenNames[r.IntN(len(givenNames))] + " " + surnames[r.IntN(len(surnames))]}}
		ps = append(ps, p)
	}
	x := NewIndex()
	if errs := x.PutMany(ps, 2); errs != nil {
		t.Fatal(errs)
	}
	kinds := map[string]func(p Person) Person{
		"cnic": func(p Person) Person { return Person{Name: respellPart(r, p.Name), CNIC: p.CNIC} },
		"cnic one digit off": func(p Person) Person {
			c := []byte(p.CNIC)
			c[5] = '0' + (c[5]-'0'+1)%10
			return Person{Name: respellPart(r, p.Name), CNIC: string(c)}
		},
		"parentage and date": func(p Person) Person {
			return Person{Name: respellPart(r, p.Name), Parentage: p.Parentage, DOB: p.DOB}
		},
	}
	for kind, mk := range kinds {
		at1, at10, n := 0, 0, 0
		for range 300 {
			p := ps[r.IntN(len(ps))]
			if kind == "parentage and date" && len(p.DOB) != 10 {
				continue
			}
			n++
			for i, c := range x.Search(mk(p), 10) {
				if c.ID == p.ID {
					at10++
					if i == 0 {
						at1++
					}
				}
			}
		}
		if float64(at10) < 0.99*float64(n) || float64(at1) < 0.95*float64(n) {
			t.Errorf("%s: recall@1 %d/%d, recall@10 %d/%d", kind, at1, n, at10, n)
		}
	}
	for range 300 {
		p := ps[r.IntN(len(ps))]
		for _, c := range x.Search(Person{Name: p.Name, Gender: p.Gender, District: p.District}, 10) {
			if c.Band == Likely {
				t.Fatalf("name only %q: %s likely", p.Name, c.ID)
			}
		}
	}
}
