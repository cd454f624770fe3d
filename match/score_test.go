package match

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

var (
	givenNames = []string{"Muhammad", "Ali", "Zubair", "Akram", "Asghar", "Usman", "Bilal", "Imran", "Kamran", "Tariq", "Nasreen", "Ayesha", "Fatima", "Shahid", "Rizwan", "Qasim"}
	surnames   = []string{"Khan", "Virk", "Bhatti", "Butt", "Chaudhry", "Qureshi", "Awan", "Malik", "Abbasi", "Baloch", "Khattak", "Rajput"}
	spellings  = map[string]string{"Muhammad": "Mohd", "Zubair": "Zuber", "Usman": "Osman", "Qasim": "Kasim", "Rizwan": "Rizvan", "Fatima": "Fatimah", "Ayesha": "Aisha", "Shahid": "Shaheed"}
)

func randPerson(r *rand.Rand, id int) Person {
	name := givenNames[r.IntN(len(givenNames))] + " " + givenNames[r.IntN(len(givenNames))] + " " + surnames[r.IntN(len(surnames))]
	p := Person{ID: fmt.Sprint(id), Name: name}
	if r.IntN(4) > 0 {
		p.Parentage = []Parent{{Relation: "s/o", Name: givenNames[r.IntN(len(givenNames))] + " " + surnames[r.IntN(len(surnames))]}}
	}
	if r.IntN(3) > 0 {
		p.CNIC = fmt.Sprintf("9%012d", r.Int64N(1e12))
	}
	switch r.IntN(4) {
	case 0:
		p.DOB = fmt.Sprintf("%d", 1960+r.IntN(40))
	case 1:
		p.DOB = fmt.Sprintf("%d-01-01", 1960+r.IntN(40))
	case 2:
		p.DOB = fmt.Sprintf("%d-%02d-%02d", 1960+r.IntN(40), 1+r.IntN(12), 1+r.IntN(28))
	}
	if r.IntN(3) > 0 {
		p.Gender = []string{"male", "female"}[r.IntN(2)]
	}
	if r.IntN(2) > 0 {
		p.District = []string{"Lahore", "Multan", "Quetta"}[r.IntN(3)]
	}
	return p
}

func scorePair(t *testing.T, q, r Person) (float64, []Reason, Band) {
	t.Helper()
	qs, _, err := prepare(q)
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err := prepare(r)
	if err != nil {
		t.Fatal(err)
	}
	return compare(&qs, &rs, priorFreq)
}

// TestReasonsAddUp: on many random pairs, and on every candidate an index
// returns, the reasons' weights add up to the score.
func TestReasonsAddUp(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x := NewIndex()
	for i := range 3000 {
		if err := x.Put(randPerson(r, i)); err != nil {
			t.Fatal(err)
		}
	}
	check := func(score float64, reasons []Reason) {
		sum := 0.0
		for _, rs := range reasons {
			sum += rs.Weight
		}
		if math.Abs(sum-score) > 1e-9 || len(reasons) == 0 {
			t.Fatalf("reasons %v add up to %v, score %v", reasons, sum, score)
		}
	}
	for range 5000 {
		score, reasons, _ := scorePair(t, randPerson(r, 0), randPerson(r, 1))
		check(score, reasons)
	}
	for range 300 {
		for _, c := range x.Search(randPerson(r, 0), 10) {
			check(c.Score, c.Reasons)
		}
	}
}

// TestNeverLikely: a name-only agreement, a CNIC one digit off and a
// placeholder date of birth never reach "likely", however much else agrees.
func TestNeverLikely(t *testing.T) {
	rec := Person{ID: "r", Name: "Muhammad Zubair Virk", Parentage: []Parent{{"s/o", "Abdul Rehman Virk"}},
		CNIC: "91101-1234567-1", DOB: "1990-05-12", Gender: "male", District: "Lahore"}
	placeholder := rec
	placeholder.DOB = "1990-01-01"
	yearOnly := rec
	yearOnly.DOB = "1990"
	for _, tt := range []struct {
		what string
		q, r Person
	}{
		{"name only", Person{Name: "Muhammad Zubair Virk"}, rec},
		{"name only, with gender and district", Person{Name: "Mohd Zuber Virk", Gender: "male", District: "Lahore"}, rec},
		{"CNIC one digit off", Person{Name: "Muhammad Zubair Virk", CNIC: "91101-1234567-3"}, rec},
		{"CNIC transposed", Person{Name: "Muhammad Zubair Virk", CNIC: "91101-1234576-1"}, rec},
		{"CNIC one digit off with name and parentage", Person{Name: "Muhammad Zubair Virk", Parentage: rec.Parentage, CNIC: "91101-1234567-3"}, rec},
		{"1 January date with parentage", Person{Name: "Muhammad Zubair Virk", Parentage: rec.Parentage, DOB: "1990-01-01"}, placeholder},
		{"1 January date, CNIC one digit off", Person{Name: "Muhammad Zubair Virk", Parentage: rec.Parentage, DOB: "1990-01-01", CNIC: "91101-1234567-3"}, placeholder},
		{"year of birth with parentage", Person{Name: "Muhammad Zubair Virk", Parentage: rec.Parentage, DOB: "1990"}, rec},
		{"year of birth on the record", Person{Name: "Muhammad Zubair Virk", Parentage: rec.Parentage, DOB: "1990-05-12"}, yearOnly},
		{"exact CNIC, another name", Person{Name: "Asghar Ali", CNIC: rec.CNIC}, rec},
		{"exact CNIC, common parts only", Person{Name: "Muhammad", CNIC: rec.CNIC}, rec},
		{"particulars, CNIC one digit off", Person{Name: "Muhammad Zubair Virk", Parentage: rec.Parentage, DOB: rec.DOB, CNIC: "91101-1234567-3"}, rec},
		{"particulars, another CNIC", Person{Name: "Muhammad Zubair Virk", Parentage: rec.Parentage, DOB: rec.DOB, CNIC: "91101-7654321-1"}, rec},
		{"particulars, another gender", Person{Name: "Muhammad Zubair Virk", Parentage: rec.Parentage, DOB: rec.DOB, Gender: "female"}, rec},
	} {
		_, reasons, b := scorePair(t, tt.q, tt.r)
		if b == Likely {
			t.Errorf("%s: likely (%v)", tt.what, reasons)
		}
	}
	// Random pairs: name agreement alone never makes "likely".
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		p := randPerson(r, 0)
		q := Person{Name: p.Name, Gender: p.Gender, District: p.District}
		if _, reasons, b := scorePair(t, q, p); b == Likely {
			t.Fatalf("name only %v vs %v: likely %v", q, p, reasons)
		}
	}
}

// TestLikely: the two strong identifiers of docs/rules.md#r7 do reach
// "likely", so that TestNeverLikely cannot pass by never saying it.
func TestLikely(t *testing.T) {
	rec := Person{ID: "r", Name: "Muhammad Zubair Virk", Parentage: []Parent{{"s/o", "Abdul Rehman"}},
		CNIC: "91101-1234567-1", DOB: "1990-05-12", Gender: "male"}
	for _, tt := range []struct {
		what string
		q    Person
	}{
		{"exact CNIC, compatible name", Person{Name: "Zuber Virk", CNIC: "9110112345671"}},
		{"exact CNIC, name in Urdu script", Person{Name: "محمد زبیر", CNIC: "9110112345671"}},
		{"name, parentage, full date", Person{Name: "Mohd Zubair Virk", Parentage: []Parent{{"s/o", "Abdurrahman"}}, DOB: "1990-05-12"}},
		{"name with parentage written in", Person{Name: "M. Zubair Virk s/o Abd-ur-Rehman", DOB: "1990-05-12"}},
	} {
		_, reasons, b := scorePair(t, tt.q, rec)
		if b != Likely {
			t.Errorf("%s: %s (%v)", tt.what, b, reasons)
		}
	}
}

// TestBandTable reads the banding rule beside docs/rules.md#r7.
func TestBandTable(t *testing.T) {
	compatible := nameCmp{level: "variant", rare: true}
	common := nameCmp{level: "exact", rare: false}
	none := nameCmp{level: "none"}
	missing := nameCmp{level: "missing"}
	for _, tt := range []struct {
		e     evidence
		score float64
		want  Band
	}{
		{evidence{name: compatible, parent: missing, cnic: "exact", dob: "missing", gender: "missing"}, 30, Likely},
		{evidence{name: common, parent: missing, cnic: "exact", dob: "missing", gender: "missing"}, 30, Possible},
		{evidence{name: none, parent: missing, cnic: "exact", dob: "missing", gender: "missing"}, 10, Possible},
		{evidence{name: compatible, parent: compatible, cnic: "missing", dob: "exact", gender: "missing"}, 30, Likely},
		{evidence{name: compatible, parent: compatible, cnic: "missing", dob: "placeholder", gender: "missing"}, 30, Possible},
		{evidence{name: compatible, parent: compatible, cnic: "missing", dob: "year", gender: "missing"}, 30, Possible},
		{evidence{name: compatible, parent: compatible, cnic: "one_digit_off", dob: "year", gender: "missing"}, 30, Possible},
		{evidence{name: compatible, parent: compatible, cnic: "different", dob: "exact", gender: "missing"}, 30, Possible},
		{evidence{name: compatible, parent: compatible, cnic: "one_digit_off", dob: "exact", gender: "missing"}, 30, Possible},
		{evidence{name: compatible, parent: compatible, cnic: "transposed", dob: "exact", gender: "missing"}, 30, Possible},
		{evidence{name: compatible, parent: compatible, cnic: "missing", dob: "exact", gender: "different"}, 30, Possible},
		{evidence{name: compatible, parent: missing, cnic: "missing", dob: "exact", gender: "missing"}, 30, Possible},
		{evidence{name: compatible, parent: missing, cnic: "missing", dob: "missing", gender: "missing"}, 2, NoMatch},
		{evidence{name: none, parent: missing, cnic: "missing", dob: "exact", gender: "missing"}, 5, NoMatch},
	} {
		if got := band(tt.e, tt.score); got != tt.want {
			t.Errorf("band(%+v, %v) = %s, want %s", tt.e, tt.score, got, tt.want)
		}
	}
}

// TestIndexConcurrent: Searches run while Puts and Deletes change the
// index (run with -race).
func TestIndexConcurrent(t *testing.T) {
	x := NewIndex()
	r := rand.New(rand.NewPCG(5, 6))
	var ps []Person
	for i := range 2000 {
		ps = append(ps, randPerson(r, i))
	}
	if errs := x.PutMany(ps[:1000], 2); errs != nil {
		t.Fatal(errs)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 1000; i < 2000; i++ {
			x.Put(ps[i])
			x.Delete(ps[i-1000].ID)
		}
	})
	for w := range 2 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for range 500 {
				x.Search(ps[r.IntN(len(ps))], 10)
			}
		})
	}
	wg.Wait()
	if x.Len() != 1000 {
		t.Errorf("Len = %d, want 1000", x.Len())
	}
	for _, p := range ps[:1000] {
		for _, c := range x.Search(p, 50) {
			if c.ID == p.ID {
				t.Fatalf("deleted %s found", p.ID)
			}
		}
	}
	for _, p := range ps[1000:1100] {
		if cs := x.Search(p, 10); len(cs) == 0 || cs[0].Score < x.Search(p, 10)[0].Score {
			t.Fatalf("%s not found", p.ID)
		}
	}
}

// TestIndexFinds: a record is found by its variants, its Urdu-script name,
// a CNIC one digit off or transposed, and replaced by Put with its ID.
func TestIndexFinds(t *testing.T) {
	x := NewIndex()
	r := rand.New(rand.NewPCG(8, 9))
	for i := range 2000 {
		x.Put(randPerson(r, i))
	}
	rec := Person{ID: "target", Name: "Muhammad Zubair Tarqeel", Parentage: []Parent{{"s/o", "Ghulam Rasool"}}, CNIC: "91101-1234567-1", DOB: "1990-05-12"}
	x.Put(rec)
	for _, q := range []Person{
		{Name: "Mohd Zuber Tarkeel"},
		{Name: "محمد زبیر ترقیل"},
		{Name: "Zubair", CNIC: "91101-1234567-9"},
		{Name: "Zubair", CNIC: "91101-1234576-1"},
		{Name: "Zubair", CNIC: "19101-1234567-1"},
		{Name: "Zubair", Parentage: []Parent{{"s/o", "Gh. Rasul"}}, DOB: "1990"},
	} {
		cs := x.Search(q, 5)
		if len(cs) == 0 || cs[0].ID != "target" {
			t.Errorf("Search(%+v) = %v, want target first", q, cs)
		}
	}
	rec.Name = "Asghar Tarqeel"
	x.Put(rec)
	if cs := x.Search(Person{Name: "Muhammad Zubair Tarqeel"}, 5); len(cs) > 0 && cs[0].ID == "target" && cs[0].Score > 10 {
		t.Errorf("the replaced name still found: %v", cs[0])
	}
	if x.Len() != 2001 {
		t.Errorf("Len = %d after a replacing Put, want 2001", x.Len())
	}
}

// TestTopSlots: the heap selection returns the n heaviest slots.
func TestTopSlots(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 11))
	for range 200 {
		n := 1 + r.IntN(3000)
		w := make([]float32, n)
		slots := make([]uint32, n)
		for i := range w {
			w[i] = float32(r.IntN(50))
			slots[i] = uint32(i)
		}
		k := 1 + r.IntN(80)
		got := topSlots(slots, w, k)
		want := slices.Clone(slots)
		slices.SortFunc(want, func(a, b uint32) int { return cmp.Compare(w[b], w[a]) })
		want = want[:min(k, n)]
		if len(got) != len(want) {
			t.Fatalf("got %d slots, want %d", len(got), len(want))
		}
		gw, ww := make([]float32, len(got)), make([]float32, len(want))
		for i := range got {
			gw[i], ww[i] = w[got[i]], w[want[i]]
		}
		slices.Sort(gw)
		slices.Sort(ww)
		if !slices.Equal(gw, ww) {
			t.Fatalf("weights %v, want %v", gw, ww)
		}
	}
}
