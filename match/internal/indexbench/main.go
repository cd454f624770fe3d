// Command indexbench measures the matching index on a synthetic register:
// the time to build it from N identities on this machine's CPUs, the heap and
// the resident memory it takes, and the latency and recall of searches for
// corrupted copies of its identities (spellings from the engine's own
// dictionary are NOT used to corrupt: the corruptions are hand-written
// romanisation swaps, so the figures are not flattered by the dictionary).
//
//	go run ./match/internal/indexbench -n 1000000 -queries 2000
//
// Everything is synthetic (CNICs begin with 9) and seeded: a run is
// repeatable. The evaluation proper (match-eval) has its own generator and
// queries; this is the engine's own speed and memory check.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"nsor/internal/benchenv"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"nsor/match"
)

var (
	male = []string{"Muhammad", "Ali", "Ahmed", "Hassan", "Hussain", "Usman", "Bilal", "Imran", "Kamran", "Tariq",
		"Zubair", "Akram", "Asghar", "Shahid", "Rizwan", "Qasim", "Abdul", "Ghulam", "Faisal", "Naveed", "Waqas",
		"Arshad", "Javed", "Khalid", "Nadeem", "Sajid", "Zahid", "Amjad", "Asif", "Adnan", "Irfan", "Shahzad",
		"Yasir", "Umar", "Hamza", "Salman", "Fahad", "Aamir", "Nasir", "Rashid", "Sohail", "Iqbal", "Aslam",
		"Anwar", "Pervaiz", "Mushtaq", "Ishtiaq", "Ijaz", "Riaz", "Fayyaz", "Mumtaz", "Shafiq", "Rafiq", "Tahir",
		"Zafar", "Babar", "Azhar", "Mazhar", "Athar", "Sarfraz", "Nawaz", "Shahbaz", "Iftikhar", "Mukhtar",
		"Sultan", "Saleem", "Naeem", "Waseem", "Kaleem", "Haleem", "Raheem", "Kareem", "Majid", "Wajid", "Hamid",
		"Rehman", "Ullah", "Din", "Yousaf", "Younas", "Idrees", "Ilyas", "Ishaq", "Ismail", "Yaqoob", "Ayub",
		"Nazir", "Bashir", "Basharat", "Sadaqat", "Liaqat", "Shaukat", "Inayat", "Rehmat", "Barkat", "Nusrat"}
	female = []string{"Fatima", "Ayesha", "Nasreen", "Shazia", "Rubina", "Samina", "Nazia", "Sadia", "Saima",
		"Amna", "Hina", "Sana", "Maryam", "Zainab", "Khadija", "Bushra", "Farzana", "Kausar", "Parveen", "Shamim",
		"Razia", "Sughra", "Kulsoom", "Asma", "Uzma", "Naila", "Rabia", "Sobia", "Iqra", "Mehwish"}
	femaleEnd = []string{"Bibi", "Begum", "Khatoon", "Akhtar", "Kanwal", "Noor", "Jabeen", "Naz"}
	surnames  = []string{"Khan", "Ahmed", "Ali", "Hussain", "Shah", "Butt", "Malik", "Chaudhry", "Qureshi",
		"Awan", "Virk", "Bhatti", "Abbasi", "Baloch", "Khattak", "Rajput", "Arain", "Jutt", "Gill", "Cheema",
		"Warraich", "Sheikh", "Mughal", "Rana", "Niazi", "Durrani", "Afridi", "Yousafzai", "Mengal", "Bugti",
		"Leghari", "Mazari", "Jatoi", "Memon", "Soomro", "Siddiqui", "Hashmi", "Gillani", "Bukhari", "Kazmi",
		"Naqvi", "Rizvi", "Zaidi", "Tarar", "Sandhu", "Bajwa", "Ghuman", "Sipra", "Dogar", "Khokhar", "Tiwana"}
	districts = []string{"Lahore", "Faisalabad", "Rawalpindi", "Multan", "Gujranwala", "Sialkot", "Peshawar",
		"Quetta", "Karachi South", "Hyderabad", "Sukkur", "Bahawalpur", "Sargodha", "Mardan", "Abbottabad"}
	swaps = [][2]string{{"u", "o"}, {"ee", "i"}, {"i", "ee"}, {"a", "aa"}, {"q", "k"}, {"z", "j"}, {"w", "v"},
		{"ph", "f"}, {"ou", "u"}, {"ai", "ay"}, {"sh", "sch"}, {"mm", "m"}, {"ss", "s"}, {"e", "a"}, {"a", "e"}}
)

// zipf picks an index of a list with Zipf-like weights: the first names
// are much commoner (Muhammad in about a third of male names).
func zipf(r *rand.Rand, n int) int {
	for {
		i := int(r.ExpFloat64() * float64(n) / 6)
		if i < n {
			return i
		}
	}
}

func person(r *rand.Rand, id int) match.Person {
	p := match.Person{ID: fmt.Sprintf("R%07d", id)}
	father := male[zipf(r, len(male))] + " " + male[zipf(r, len(male))]
	sur := surnames[zipf(r, len(surnames))]
	if r.IntN(3) > 0 {
		father += " " + sur
	}
	if r.IntN(6) == 0 {
		p.Gender = "female"
		p.Name = female[r.IntN(len(female))] + " " + femaleEnd[r.IntN(len(femaleEnd))]
		p.Parentage = []match.Parent{{Relation: "d/o", Name: father}}
	} else {
		p.Gender = "male"
		parts := []string{}
		if r.IntN(3) > 0 {
			parts = append(parts, "Muhammad")
		}
		parts = append(parts, male[zipf(r, len(male))])
		if r.IntN(2) == 0 {
			parts = append(parts, male[zipf(r, len(male))])
		}
		parts = append(parts, sur)
		p.Name = strings.Join(parts, " ")
		p.Parentage = []match.Parent{{Relation: "s/o", Name: father}}
	}
	if r.IntN(10) < 8 {
		p.CNIC = fmt.Sprintf("9%04d%07d%d", r.IntN(10000), r.IntN(10000000), r.IntN(10))
	}
	y := 1950 + r.IntN(55)
	switch r.IntN(10) {
	case 0:
		p.DOB = fmt.Sprint(y)
	case 1, 2:
		p.DOB = fmt.Sprintf("%d-01-01", y)
	default:
		p.DOB = fmt.Sprintf("%d-%02d-%02d", y, 1+r.IntN(12), 1+r.IntN(28))
	}
	p.District = districts[r.IntN(len(districts))]
	return p
}

// respell changes one part's spelling by a romanisation swap.
func respell(r *rand.Rand, name string) string {
	words := strings.Fields(name)
	i := r.IntN(len(words))
	for range 5 {
		s := swaps[r.IntN(len(swaps))]
		if strings.Contains(strings.ToLower(words[i]), s[0]) {
			words[i] = strings.Replace(strings.ToLower(words[i]), s[0], s[1], 1)
			break
		}
	}
	return strings.Join(words, " ")
}

type kind struct {
	name  string
	query func(r *rand.Rand, p match.Person) match.Person
}

var kinds = []kind{
	{"cnic+respelt name", func(r *rand.Rand, p match.Person) match.Person {
		return match.Person{Name: respell(r, p.Name), CNIC: p.CNIC}
	}},
	{"cnic one digit off+name", func(r *rand.Rand, p match.Person) match.Person {
		c := []byte(p.CNIC)
		if len(c) == 13 {
			i := 1 + r.IntN(12)
			c[i] = '0' + (c[i]-'0'+1)%10
		}
		return match.Person{Name: p.Name, CNIC: string(c)}
	}},
	{"parentage+dob+respelt", func(r *rand.Rand, p match.Person) match.Person {
		return match.Person{Name: respell(r, p.Name), Parentage: p.Parentage, DOB: p.DOB}
	}},
	{"parentage+year, part dropped", func(r *rand.Rand, p match.Person) match.Person {
		w := strings.Fields(p.Name)
		if len(w) > 2 {
			w = slices.Delete(w, 0, 1)
		}
		q := match.Person{Name: strings.Join(w, " "), Parentage: []match.Parent{{Relation: p.Parentage[0].Relation, Name: respell(r, p.Parentage[0].Name)}}}
		if len(p.DOB) >= 4 {
			q.DOB = p.DOB[:4]
		}
		return q
	}},
	{"name only, respelt", func(r *rand.Rand, p match.Person) match.Person {
		return match.Person{Name: respell(r, p.Name)}
	}},
}

func procStatus(field string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			var kb int
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb
		}
	}
	return -1
}

// threadCPU is the CPU time of the calling OS thread: with the goroutine
// locked to its thread, the CPU a search took however loaded the machine.
func threadCPU() time.Duration {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts)
	return time.Duration(ts.Nano())
}

// personAt is the register's identity i, the same on every call.
func personAt(seed uint64, i int) match.Person {
	return person(rand.New(rand.NewPCG(seed, uint64(i))), i)
}

func main() {
	n := flag.Int("n", 100000, "identities in the register")
	nq := flag.Int("queries", 1000, "queries per kind")
	seed := flag.Uint64("seed", 12, "the generator's seed")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the build and the searches to this file")
	misses := flag.Int("misses", 0, "print up to this many missed queries per kind")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	fmt.Printf("load average at start: %s (2 cores shared with other work: wall times are inflated, CPU times are not)\n", benchenv.LoadAverage())
	runtime.GC()
	var m0 runtime.MemStats
	runtime.ReadMemStats(&m0)
	rss0 := procStatus("VmRSS")
	var genCPU time.Duration
	start, cpu0 := time.Now(), benchenv.CPUTime()
	x := match.NewIndex()
	const batch = 20000
	for i := 0; i < *n; i += batch {
		g0 := benchenv.CPUTime()
		ps := make([]match.Person, 0, batch)
		for j := i; j < min(i+batch, *n); j++ {
			ps = append(ps, personAt(*seed, j))
		}
		genCPU += benchenv.CPUTime() - g0
		if errs := x.PutMany(ps, runtime.GOMAXPROCS(0)); errs != nil {
			fmt.Fprintln(os.Stderr, "refused:", len(errs))
		}
	}
	build, buildCPU := time.Since(start), benchenv.CPUTime()-cpu0-genCPU

	hwm := procStatus("VmHWM")
	runtime.GC()
	var m1 runtime.MemStats
	runtime.ReadMemStats(&m1)
	fmt.Printf("register: %d identities, %d CPUs (GOMAXPROCS), GOGC %s\n", x.Len(), runtime.GOMAXPROCS(0), cmpOr(os.Getenv("GOGC"), "100"))
	fmt.Printf("build: %.1f s wall, %.1f s CPU (generating the identities excluded: %.1f s CPU)\n", build.Seconds(), buildCPU.Seconds(), genCPU.Seconds())
	fmt.Printf("index heap after GC: %.0f MiB (%.0f bytes/identity); peak RSS during the build %.0f MiB (%.0f MiB before it)\n",
		float64(m1.HeapAlloc-m0.HeapAlloc)/(1<<20), float64(m1.HeapAlloc-m0.HeapAlloc)/float64(*n), float64(hwm)/1024, float64(rss0)/1024)

	// The baseline, built in the same run (after the index is measured): the register's exact lookup
	// before this engine, a CNIC or the name key (match.NameKey: the small
	// table of variants, titles and compounds).
	byKey, byCNIC := map[string][]int32{}, map[string][]int32{}
	for i := range *n {
		p := personAt(*seed, i)
		k := match.NameKey(p.Name)
		byKey[k] = append(byKey[k], int32(i))
		if p.CNIC != "" {
			byCNIC[p.CNIC] = append(byCNIC[p.CNIC], int32(i))
		}
	}
	runtime.LockOSThread()
	r := rand.New(rand.NewPCG(*seed, 1<<40))
	fmt.Printf("%-30s %7s %7s %7s %7s %8s %8s %9s %9s | %s\n", "query kind", "queries", "r@1", "r@10", "likely", "p50 ms", "p99 ms", "cpu p50", "cpu p99", "exact lookup r@1 r@10")
	var all, allCPU []time.Duration
	for _, k := range kinds {
		var lat, cpu []time.Duration
		hit1, hit10, likely, total, shown := 0, 0, 0, 0, 0
		base1, base10 := 0, 0
		for range *nq {
			i := r.IntN(*n)
			p := personAt(*seed, i)
			if strings.Contains(k.name, "cnic") && p.CNIC == "" {
				continue
			}
			q := k.query(r, p)
			var base []int32
			if q.CNIC != "" {
				base = append(base, byCNIC[q.CNIC]...)
			}
			for _, i := range byKey[match.NameKey(q.Name)] {
				if !slices.Contains(base, i) {
					base = append(base, i)
				}
			}
			if bi := slices.Index(base, int32(i)); bi >= 0 {
				if bi == 0 {
					base1++
				}
				if bi < 10 {
					base10++
				}
			}
			t0, c0 := time.Now(), threadCPU()
			cs := x.Search(q, 10)
			cpu = append(cpu, threadCPU()-c0)
			lat = append(lat, time.Since(t0))
			total++
			found := false
			for i, c := range cs {
				if c.ID == p.ID {
					found = true
					if i == 0 {
						hit1++
					}
					hit10++
					if c.Band == match.Likely {
						likely++
					}
				}
			}
			if !found && shown < *misses {
				shown++
				fmt.Printf("  missed %+v\n    for %+v\n", q, p)
				if len(cs) > 0 {
					fmt.Printf("    first %s %.1f %s\n", cs[0].ID, cs[0].Score, cs[0].Band)
				}
			}
		}
		slices.Sort(lat)
		slices.Sort(cpu)
		all = append(all, lat...)
		allCPU = append(allCPU, cpu...)
		fmt.Printf("%-30s %7d %7.3f %7.3f %7.3f %8.3f %8.3f %9.3f %9.3f | %.3f %.3f\n", k.name, total, float64(hit1)/float64(total), float64(hit10)/float64(total),
			float64(likely)/float64(total), ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100]), ms(cpu[len(cpu)/2]), ms(cpu[len(cpu)*99/100]),
			float64(base1)/float64(total), float64(base10)/float64(total))
	}
	slices.Sort(all)
	slices.Sort(allCPU)
	fmt.Printf("all queries: wall p50 %.3f ms, p99 %.3f ms, max %.3f ms; CPU p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
		ms(all[len(all)/2]), ms(all[len(all)*99/100]), ms(all[len(all)-1]), ms(allCPU[len(allCPU)/2]), ms(allCPU[len(allCPU)*99/100]), ms(allCPU[len(allCPU)-1]))
	fmt.Printf("load average at the end: %s\n", benchenv.LoadAverage())
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
