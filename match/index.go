package match

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"sync"
)

// Index is the in-memory register the engine searches: each identity's name,
// aliases and parentage parsed and keyed, and posting lists from blocking
// keys to identities. It is safe for concurrent use: any number of Searches
// run together, and Put and Delete wait for the Searches under way and hold
// new ones for the short time they take to change the lists (a read-write
// lock). A Search sees each Put or Delete entirely or not at all.
type Index struct {
	mu       sync.RWMutex
	recs     []rec             // by slot; a deleted identity's slot is dead
	byID     map[string]uint32 // live identities' slots
	live     int
	toks     []token  // interned name parts
	arena    []uint32 // the records' parts, each record's in one run (rec.off)
	dists    []string // interned districts; 0 is none
	distID   map[string]uint16
	tokID    map[string]uint32
	tokCount []uint32 // identities whose name or alias has the part
	post     map[uint64]uint32
	lists    [][]uint32
	acc      sync.Pool
}

// rec is one identity in the index, in 40 bytes and its run of the arena:
// the name's part count and parts, the aliases' count and each alias's
// count and parts, the parents' likewise (interned token ids).
type rec struct {
	id       string
	cnic     uint64
	off      uint32 // its run in the arena
	dob      dob
	district uint16
	gender   uint8
	dead     bool
}

// groupsOf reads a record's run: the name, the aliases, the parents.
func (x *Index) groupsOf(r *rec) (name []uint32, aliases, parents [][]uint32) {
	a := x.arena[r.off:]
	take := func() []uint32 {
		n := a[0]
		g := a[1 : 1+n]
		a = a[1+n:]
		return g
	}
	name = take()
	for range 2 {
		n := a[0]
		a = a[1:]
		gs := make([][]uint32, n)
		for i := range gs {
			gs[i] = take()
		}
		if aliases == nil {
			aliases = gs
		} else {
			parents = gs
		}
	}
	return
}

// listBit marks a posting value that indexes lists; without it the value is
// the one slot of a key with a single identity (most CNIC keys).
const listBit = 1 << 31

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{byID: map[string]uint32{}, tokID: map[string]uint32{}, post: map[uint64]uint32{}, distID: map[string]uint16{}}
}

// Len is the number of identities in the index.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.live
}

// Put adds an identity, or replaces the one with its ID. It refuses an empty
// ID, a name that does not parse and a malformed CNIC or date of birth
// (InputError), and changes nothing then. An alias or a parent's name that
// does not parse is left out.
func (x *Index) Put(p Person) error {
	if p.ID == "" {
		return &InputError{Code: "match.id_required", Msg: "an identity in the index has an ID"}
	}
	s, _, err := prepare(p)
	if err != nil {
		return err
	}
	keys := recordKeys(&s)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.put(p.ID, &s, keys)
	return nil
}

// PutMany adds identities as Put does, parsing on every CPU, and returns
// each refused one's error by its position (nil when all went in).
func (x *Index) PutMany(ps []Person, workers int) map[int]error {
	type prepared struct {
		s    side
		keys []uint64
		err  error
	}
	out := make([]prepared, len(ps))
	workers = max(workers, 1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(ps); i += workers {
				if ps[i].ID == "" {
					out[i].err = &InputError{Code: "match.id_required", Msg: "an identity in the index has an ID"}
					continue
				}
				out[i].s, _, out[i].err = prepare(ps[i])
				if out[i].err == nil {
					out[i].keys = recordKeys(&out[i].s)
				}
			}
		})
	}
	wg.Wait()
	errs := map[int]error{}
	x.mu.Lock()
	defer x.mu.Unlock()
	for i := range ps {
		if out[i].err != nil {
			errs[i] = out[i].err
			continue
		}
		x.put(ps[i].ID, &out[i].s, out[i].keys)
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Delete removes the identity with the ID, if there is one.
func (x *Index) Delete(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.delete(id)
}

func (x *Index) delete(id string) {
	slot, ok := x.byID[id]
	if !ok {
		return
	}
	r := &x.recs[slot]
	for _, t := range x.distinctTokens(r) {
		x.tokCount[t]--
	}
	r.dead = true
	delete(x.byID, id)
	x.live--
}

func (x *Index) put(id string, s *side, keys []uint64) {
	x.delete(id)
	r := rec{id: id, cnic: s.cnic, dob: s.dob, gender: s.gender, off: uint32(len(x.arena))}
	if s.district != "" {
		d, ok := x.distID[s.district]
		if !ok && len(x.dists) < 65535 {
			if len(x.dists) == 0 {
				x.dists = append(x.dists, "")
			}
			d = uint16(len(x.dists))
			x.distID[s.district] = d
			x.dists = append(x.dists, s.district)
		}
		r.district = d
	}
	x.arena = append(x.arena, uint32(len(s.name)))
	x.arena = append(x.arena, x.intern(s.name)...)
	for _, gs := range [][][]token{s.aliases, s.parents} {
		x.arena = append(x.arena, uint32(len(gs)))
		for _, g := range gs {
			x.arena = append(x.arena, uint32(len(g)))
			x.arena = append(x.arena, x.intern(g)...)
		}
	}
	slot := uint32(len(x.recs))
	x.recs = append(x.recs, r)
	x.byID[id] = slot
	x.live++
	for _, t := range x.distinctTokens(&r) {
		x.tokCount[t]++
	}
	for _, k := range keys {
		x.addPosting(k, slot)
	}
}

// distinctTokens are the parts of a record's name and aliases, once each.
func (x *Index) distinctTokens(r *rec) []uint32 {
	name, aliases, _ := x.groupsOf(r)
	ts := slices.Clone(name)
	for _, a := range aliases {
		ts = append(ts, a...)
	}
	slices.Sort(ts)
	return slices.Compact(ts)
}

func (x *Index) intern(ts []token) []uint32 {
	ids := make([]uint32, len(ts))
	for i, t := range ts {
		id, ok := x.tokID[t.text]
		if !ok {
			id = uint32(len(x.toks))
			x.tokID[t.text] = id
			x.toks = append(x.toks, t)
			x.tokCount = append(x.tokCount, 0)
		}
		ids[i] = id
	}
	return ids
}

func (x *Index) addPosting(k uint64, slot uint32) {
	v, ok := x.post[k]
	switch {
	case !ok:
		x.post[k] = slot
	case v&listBit == 0:
		if v == slot {
			return
		}
		x.post[k] = uint32(len(x.lists)) | listBit
		x.lists = append(x.lists, []uint32{v, slot})
	default:
		l := x.lists[v&^listBit]
		if l[len(l)-1] != slot {
			x.lists[v&^listBit] = append(l, slot)
		}
	}
}

// postings returns a key's slots (dead ones included).
func (x *Index) postings(k uint64, one *[1]uint32) []uint32 {
	v, ok := x.post[k]
	switch {
	case !ok:
		return nil
	case v&listBit == 0:
		one[0] = v
		return one[:]
	}
	return x.lists[v&^listBit]
}

// The kinds of blocking key.
const (
	kCNIC byte = iota + 1
	kCNICMask
	kSkel
	kGroup
	kParent
	kPair
	kYear
	kNameParent
	kDOB
)

// key hashes a blocking key (FNV-1a, 64 bits: a collision only adds a
// candidate, which scoring then weighs).
func key(kind byte, parts ...string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	h = (h ^ uint64(kind)) * prime
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h = (h ^ uint64(p[i])) * prime
		}
		h = (h ^ 0xff) * prime
	}
	// The lowest bit tells a combination key (a part with another part, the
	// birth year or a parent's part) from a key of one thing.
	if kind == kPair || kind == kYear || kind == kNameParent {
		return h | 1
	}
	return h &^ 1
}

func isCombination(k uint64) bool { return k&1 == 1 }

// cnicMasks are the digit ranges masked for the near-CNIC keys: a single
// digit changed falls in one range, and two adjacent digits swapped in one
// range or across the boundary of two (the last two masks), so a CNIC one
// digit off or transposed shares a masked key with the right one.
var cnicMasks = [][2]int{{0, 5}, {5, 9}, {9, 13}, {4, 6}, {8, 10}}

// maxKeyParts bounds the parts of a name used for pair keys.
const maxKeyParts = 5

// recordKeys are a person's blocking keys: CNIC exact and masked; each
// name or alias part's skeletons and variant groups; each parent's parts;
// pairs of name parts; name parts with the birth year; name parts with a
// parent's parts; the full date of birth.
func recordKeys(s *side) []uint64 {
	var ks []uint64
	if s.cnic != 0 {
		c := cnicString(s.cnic)
		ks = append(ks, key(kCNIC, c))
		for i, m := range cnicMasks {
			ks = append(ks, key(kCNICMask, strconv.Itoa(i), c[:m[0]], c[m[1]:]))
		}
	}
	names := append([][]token{s.name}, s.aliases...)
	var skels []string
	for _, n := range names {
		for _, t := range n {
			ks = append(ks, key(kSkel, t.skel))
			if t.skel2 != "" {
				ks = append(ks, key(kSkel, t.skel2))
			}
			for _, g := range t.groups {
				ks = append(ks, key(kGroup, strconv.FormatUint(uint64(g), 36)))
			}
		}
	}
	for _, t := range s.name[:min(len(s.name), maxKeyParts)] {
		skels = append(skels, t.skel)
	}
	slices.Sort(skels)
	skels = slices.Compact(skels)
	for i := range skels {
		for j := i + 1; j < len(skels); j++ {
			ks = append(ks, key(kPair, skels[i], skels[j]))
		}
	}
	if s.dob.known() {
		y := strconv.Itoa(int(s.dob.y))
		for _, sk := range skels {
			ks = append(ks, key(kYear, sk, y))
		}
		if !s.dob.placeholder() {
			ks = append(ks, key(kDOB, y, strconv.Itoa(int(s.dob.m)), strconv.Itoa(int(s.dob.d))))
		}
	}
	var pskels []string
	for _, p := range s.parents {
		for _, t := range p[:min(len(p), maxKeyParts)] {
			ks = append(ks, key(kParent, t.skel))
			pskels = append(pskels, t.skel)
		}
	}
	slices.Sort(pskels)
	pskels = slices.Compact(pskels)
	for _, sk := range skels {
		for _, pk := range pskels {
			ks = append(ks, key(kNameParent, sk, pk))
		}
	}
	slices.Sort(ks)
	return slices.Compact(ks)
}

// Retrieval limits. A key of one thing whose list holds more than maxList
// identities (a common part alone: Muhammad, Ali, Khan) is not read: such a
// part finds people only in combination (a pair of parts, a part with the
// birth year or with a parent's part), whose lists may hold up to
// maxCombination. At most maxScan slots are read per search, shortest lists
// first, and the maxScore best-retrieved are scored.
const (
	maxListMin     = 2000
	maxListDiv     = 200 // maxList is the larger of maxListMin and the index's size over this
	maxCombination = 40000
	maxScan        = 150000
	maxScore       = 64
)

// Search finds the k best candidates for a query, best first. A query that
// cannot be read (Parse, a malformed CNIC or date) finds nothing; Find says
// why.
func (x *Index) Search(q Person, k int) []Candidate {
	cs, _ := x.Find(q, k)
	return cs
}

type accum struct {
	w       []float32
	touched []uint32
}

// Find is Search with the query's input error.
func (x *Index) Find(q Person, k int) ([]Candidate, error) {
	qs, _, err := prepare(q)
	if err != nil {
		return nil, err
	}
	if k <= 0 {
		return nil, nil
	}
	keys := recordKeys(&qs)
	x.mu.RLock()
	defer x.mu.RUnlock()
	n := len(x.recs)
	if x.live == 0 {
		return nil, nil
	}
	maxList := max(maxListMin, x.live/maxListDiv)
	type kl struct {
		k uint64
		n int
	}
	var one [1]uint32
	var kls []kl
	for _, k := range keys {
		limit := maxList
		if isCombination(k) {
			limit = max(maxList, maxCombination)
		}
		if l := len(x.postings(k, &one)); l > 0 && l <= limit {
			kls = append(kls, kl{k, l})
		}
	}
	slices.SortFunc(kls, func(a, b kl) int { return cmp.Compare(a.n, b.n) })
	a, _ := x.acc.Get().(*accum)
	if a == nil || len(a.w) < n {
		a = &accum{w: make([]float32, n+n/4+1024)}
	}
	defer func() {
		for _, s := range a.touched {
			a.w[s] = 0
		}
		a.touched = a.touched[:0]
		x.acc.Put(a)
	}()
	scanned := 0
	exact := uint64(0)
	if qs.cnic != 0 {
		exact = key(kCNIC, cnicString(qs.cnic))
	}
	live := float64(x.live)
	for _, e := range kls {
		if scanned+e.n > maxScan {
			continue
		}
		scanned += e.n
		w := float32(math.Log2(live/float64(e.n)) + 1)
		if e.k == exact {
			w += 30
		}
		for _, s := range x.postings(e.k, &one) {
			if a.w[s] == 0 {
				a.touched = append(a.touched, s)
			}
			a.w[s] += w
		}
	}
	cands := a.touched
	if len(cands) > maxScore {
		cands = topSlots(cands, a.w, maxScore)
	}
	freq := x.freq()
	var out []Candidate
	var slots []uint32
	for _, s := range cands {
		r := &x.recs[s]
		if r.dead {
			continue
		}
		rs := x.side(r)
		score, _, b := compare(&qs, &rs, freq, false)
		out = append(out, Candidate{ID: r.id, Score: score, Band: b})
		slots = append(slots, s)
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		return cmp.Or(cmp.Compare(out[j].Score, out[i].Score), cmp.Compare(out[i].ID, out[j].ID))
	})
	order = order[:min(len(order), k)]
	res := make([]Candidate, len(order))
	for n, i := range order {
		rs := x.side(&x.recs[slots[i]])
		score, reasons, b := compare(&qs, &rs, freq, true)
		res[n] = Candidate{ID: out[i].ID, Score: score, Band: b, Reasons: reasons}
	}
	return res, nil
}

// side rebuilds a record's parts for comparison.
func (x *Index) side(r *rec) side {
	s := side{cnic: r.cnic, dob: r.dob, gender: r.gender}
	if r.district != 0 {
		s.district = x.dists[r.district]
	}
	name, aliases, parents := x.groupsOf(r)
	toks := func(ids []uint32) []token {
		ts := make([]token, len(ids))
		for i, id := range ids {
			ts[i] = x.toks[id]
		}
		return ts
	}
	s.name = toks(name)
	for _, a := range aliases {
		s.aliases = append(s.aliases, toks(a))
	}
	for _, p := range parents {
		s.parents = append(s.parents, toks(p))
	}
	return s
}

// priorShare is a part's assumed share when the index is too small to
// count (under minCounted identities): common parts 10%, others 0.1%.
const minCounted = 1000

func priorFreq(t *token) float64 {
	if commonParts[t.text] {
		return 0.1
	}
	return 0.001
}

// freq is the share of identities whose name has a part, counted in the
// index (with the prior below minCounted identities).
func (x *Index) freq() freqFunc {
	if x.live < minCounted {
		return priorFreq
	}
	n := float64(x.live)
	return func(t *token) float64 {
		c := 0.0
		if id, ok := x.tokID[t.text]; ok {
			c = float64(x.tokCount[id])
		}
		return max(c, 1) / n
	}
}

// topSlots returns the n slots of the greatest weight (in no order),
// keeping a min-heap of n: linear in the slots touched.
func topSlots(slots []uint32, w []float32, n int) []uint32 {
	h := make([]uint32, 0, n)
	less := func(i, j int) bool { return w[h[i]] < w[h[j]] }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			m := l
			if r := l + 1; r < len(h) && less(r, l) {
				m = r
			}
			if !less(m, i) {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for _, s := range slots {
		switch {
		case len(h) < n:
			h = append(h, s)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !less(i, p) {
					break
				}
				h[i], h[p] = h[p], h[i]
				i = p
			}
		case w[s] > w[h[0]]:
			h[0] = s
			down(0)
		}
	}
	return h
}
