package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"nsor/match"
)

// matchCommands are the subcommands of "nsor match": the matching engine
// run on files, so that anyone can measure it on their own data
// (docs/matching.md).
var matchCommands = map[string]func(ctx context.Context, args []string, stdout io.Writer) error{
	"eval":  matchEval,
	"pairs": matchPairs,
}

// matchCmd dispatches "nsor match <command>".
func matchCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if err := subcommand("match", args, stdout); err != nil {
		return err
	}
	return matchCommands[args[0]](ctx, args[1:], stdout)
}

// evalLine is a register or query line of nsor match eval.
type evalLine struct {
	match.Person
	QID  string `json:"qid"`
	Kind string `json:"kind,omitempty"`
}

// evalLabel is a label line: the query's true identity, or null.
type evalLabel struct {
	QID  string  `json:"qid"`
	ID   *string `json:"id"`
	Kind string  `json:"kind,omitempty"`
}

// evalOut is an output line.
type evalOut struct {
	QID        string            `json:"qid"`
	Candidates []match.Candidate `json:"candidates"`
	Error      *evalErr          `json:"error,omitempty"`
}

type evalErr struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func matchEval(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("match eval", flag.ContinueOnError)
	register := fs.String("register", "", "the register, JSON lines {id,name,aliases,parentage,cnic,dob,gender,district}")
	queries := fs.String("queries", "", "the queries, JSON lines as the register's with qid for id")
	labels := fs.String("labels", "", "the true identities, JSON lines {qid,id} (id null: no true match); prints the measures")
	k := fs.Int("k", 10, "candidates per query")
	summary := fs.String("summary", "", "also write the measures as JSON to this file")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	switch {
	case *register == "" || *queries == "":
		return usagef("match eval", "--register and --queries are required")
	case *k < 1 || *k > 1000:
		return usagef("match eval", "--k is between 1 and 1000")
	case fs.NArg() > 0:
		return usagef("match eval", "unexpected argument %q", fs.Arg(0))
	}
	stderr := stderrOf(ctx)
	var people []match.Person
	var lines []int
	if err := readJSONL(*register, func(n int, l evalLine) {
		people = append(people, l.Person)
		lines = append(lines, n)
	}, stderr); err != nil {
		return err
	}
	x := match.NewIndex()
	errs := x.PutMany(people, runtime.GOMAXPROCS(0))
	for i, err := range errs {
		fmt.Fprintf(stderr, "%s:%d: left out: %v\n", *register, lines[i], err)
	}
	fmt.Fprintf(stderr, "register: %d identities indexed, %d left out\n", x.Len(), len(errs))

	truth := map[string]evalLabel{}
	if *labels != "" {
		if err := readJSONL(*labels, func(_ int, l evalLabel) { truth[l.QID] = l }, stderr); err != nil {
			return err
		}
	}
	m := newEvalMeasures()
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	err := readJSONL(*queries, func(n int, q evalLine) {
		out := evalOut{QID: q.QID, Candidates: []match.Candidate{}}
		q.Person.ID = q.QID
		cs, err := x.Find(q.Person, *k)
		var ie *match.InputError
		if errors.As(err, &ie) {
			out.Error = &evalErr{ie.Code, ie.Msg}
		}
		if cs != nil {
			out.Candidates = cs
		}
		if err := enc.Encode(out); err != nil {
			return
		}
		if l, ok := truth[q.QID]; ok {
			m.add(cmp.Or(l.Kind, q.Kind, "all"), l.ID, out.Candidates)
		}
	}, stderr)
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if *labels == "" {
		return nil
	}
	m.print(stderr)
	if *summary != "" {
		b, _ := json.MarshalIndent(m, "", "  ")
		return os.WriteFile(*summary, append(b, '\n'), 0o644)
	}
	return nil
}

// readJSONL reads a file of JSON lines (- is stdin), calling f with each
// line's number and value; a line that is not JSON is reported on stderr
// and skipped. Lines may be up to 1 MiB.
func readJSONL[T any](path string, f func(int, T), stderr io.Writer) error {
	var r io.Reader = os.Stdin
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return err
		}
		defer fh.Close()
		r = fh
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			fmt.Fprintf(stderr, "%s:%d: not a JSON line: %v\n", path, n, err)
			continue
		}
		f(n, v)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", path, n+1, err)
	}
	return nil
}

// evalMeasures are the measures of nsor match eval with labels.
type evalMeasures struct {
	Kinds map[string]*kindMeasures `json:"kinds"`
	// Bands: of the candidates in each band, how many were the query's true
	// identity (precision per band).
	Bands map[match.Band]*bandMeasures `json:"bands"`
	// Queries, the possible candidates returned over all queries (their mean
	// is the mean length of the "possible" list), the queries with no true
	// match and how many of those had a "likely" candidate.
	Queries            int     `json:"queries"`
	PossibleListMean   float64 `json:"possible_list_mean"`
	NoMatchQueries     int     `json:"no_match_queries"`
	LikelyOnNoMatch    int     `json:"likely_on_no_match"`
	LikelyOnNoMatchPct float64 `json:"likely_on_no_match_rate"`
	possible           int
}

type kindMeasures struct {
	Queries  int     `json:"queries"` // with a true match
	At1      int     `json:"at1"`
	At5      int     `json:"at5"`
	At10     int     `json:"at10"`
	Recall1  float64 `json:"recall_at_1"`
	Recall5  float64 `json:"recall_at_5"`
	Recall10 float64 `json:"recall_at_10"`
	NoMatch  int     `json:"no_match_queries"`
	Likely   int     `json:"likely_on_no_match"`
}

type bandMeasures struct {
	Candidates int     `json:"candidates"`
	True       int     `json:"true"`
	Precision  float64 `json:"precision"`
}

func newEvalMeasures() *evalMeasures {
	return &evalMeasures{Kinds: map[string]*kindMeasures{}, Bands: map[match.Band]*bandMeasures{}}
}

func (m *evalMeasures) add(kind string, id *string, cs []match.Candidate) {
	km := m.Kinds[kind]
	if km == nil {
		km = &kindMeasures{}
		m.Kinds[kind] = km
	}
	m.Queries++
	likely := false
	for i, c := range cs {
		bm := m.Bands[c.Band]
		if bm == nil {
			bm = &bandMeasures{}
			m.Bands[c.Band] = bm
		}
		bm.Candidates++
		if id != nil && c.ID == *id {
			bm.True++
			if i < 1 {
				km.At1++
			}
			if i < 5 {
				km.At5++
			}
			if i < 10 {
				km.At10++
			}
		}
		if c.Band == match.Possible {
			m.possible++
		}
		if c.Band == match.Likely {
			likely = true
		}
	}
	if id == nil {
		km.NoMatch++
		m.NoMatchQueries++
		if likely {
			km.Likely++
			m.LikelyOnNoMatch++
		}
		return
	}
	km.Queries++
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

func (m *evalMeasures) finish() {
	for _, k := range m.Kinds {
		k.Recall1, k.Recall5, k.Recall10 = ratio(k.At1, k.Queries), ratio(k.At5, k.Queries), ratio(k.At10, k.Queries)
	}
	for _, b := range m.Bands {
		b.Precision = ratio(b.True, b.Candidates)
	}
	m.PossibleListMean = ratio(m.possible, m.Queries)
	m.LikelyOnNoMatchPct = ratio(m.LikelyOnNoMatch, m.NoMatchQueries)
}

func (m *evalMeasures) print(w io.Writer) {
	m.finish()
	fmt.Fprintf(w, "%-32s %8s %8s %8s %8s %9s %14s\n", "kind", "queries", "r@1", "r@5", "r@10", "no-match", "likely-on-none")
	kinds := make([]string, 0, len(m.Kinds))
	for k := range m.Kinds {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, name := range kinds {
		k := m.Kinds[name]
		fmt.Fprintf(w, "%-32s %8d %8.4f %8.4f %8.4f %9d %14d\n", name, k.Queries, k.Recall1, k.Recall5, k.Recall10, k.NoMatch, k.Likely)
	}
	for _, b := range []match.Band{match.Likely, match.Possible, match.NoMatch} {
		if bm := m.Bands[b]; bm != nil {
			fmt.Fprintf(w, "precision of %-9s %.4f (%d of %d candidates)\n", b, bm.Precision, bm.True, bm.Candidates)
		}
	}
	fmt.Fprintf(w, "mean length of the possible list: %.2f\n", m.PossibleListMean)
	fmt.Fprintf(w, "likely on queries with no true match: %.4f (%d of %d)\n", m.LikelyOnNoMatchPct, m.LikelyOnNoMatch, m.NoMatchQueries)
}

// matchPairs scores name pairs from a CSV with name1 and name2 columns.
func matchPairs(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("match pairs", flag.ContinueOnError)
	in := fs.String("in", "-", "the CSV of pairs, with a header naming the name1 and name2 columns (- is stdin)")
	schema := fs.String("schema", "", "only the rows whose schema column is this (e.g. Person)")
	threshold := fs.Float64("threshold", pairsThreshold, "a pair matches at this similarity (0 to 1) or more")
	only := fs.String("only", "", "only the pairs (name1, name2) that this other CSV lists, e.g. those a reference matcher scored")
	cv := fs.Bool("cv", false, "with an is_match column: also choose the threshold by 5-fold cross-validation and report it")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("match pairs", "unexpected argument %q", fs.Arg(0))
	}
	var r io.Reader = os.Stdin
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	var keep map[[2]string]int
	if *only != "" {
		var err error
		if keep, err = pairsListed(*only); err != nil {
			return err
		}
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: the header: %w", *in, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	n1, ok1 := col["name1"]
	n2, ok2 := col["name2"]
	if !ok1 || !ok2 {
		return usagef("match pairs", "%s has no name1 and name2 columns", *in)
	}
	sc, hasSchema := col["schema"]
	im, hasLabel := col["is_match"]
	w := csv.NewWriter(stdout)
	w.Write(append(slices.Clone(head), "score", "similarity", "band", "predicted_match"))
	var scored []pairScore
	line := 1
	for {
		rec, err := cr.Read()
		line++
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", *in, line, err)
		}
		if len(rec) <= max(n1, n2) {
			fmt.Fprintf(stderrOf(ctx), "%s:%d: short row, skipped\n", *in, line)
			continue
		}
		if *schema != "" && (!hasSchema || len(rec) <= sc || rec[sc] != *schema) {
			continue
		}
		if keep != nil {
			if keep[[2]string{rec[n1], rec[n2]}] == 0 {
				continue
			}
			keep[[2]string{rec[n1], rec[n2]}]--
		}
		sim, c, err := match.NameSimilarity(rec[n1], rec[n2])
		score, simText, band := "", "", ""
		if err != nil {
			band = "error: " + err.Error()
		} else {
			score, simText, band = strconv.FormatFloat(c.Score, 'f', 3, 64), strconv.FormatFloat(sim, 'f', 4, 64), string(c.Band)
		}
		pred := err == nil && sim >= *threshold
		w.Write(append(rec, score, simText, band, strconv.FormatBool(pred)))
		if hasLabel && len(rec) > im {
			scored = append(scored, pairScore{sim, strings.EqualFold(rec[im], "true")})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if hasLabel && len(scored) > 0 {
		p, rc, f1 := prf(scored, *threshold)
		fmt.Fprintf(stderrOf(ctx), "%d pairs; at threshold %.2f: precision %.3f recall %.3f F1 %.3f\n", len(scored), *threshold, p, rc, f1)
		if *cv {
			f1cv, ts := crossValidate(scored, 5)
			fmt.Fprintf(stderrOf(ctx), "5-fold cross-validation: F1 %.3f on the held-out folds, thresholds chosen %v\n", f1cv, ts)
		}
	}
	return nil
}

// pairsThreshold is the similarity at which nsor match pairs calls a pair a
// match unless told otherwise, fixed before the similarity was first run on
// the labelled pairs (docs/matching.md).
const pairsThreshold = 0.7

type pairScore struct {
	score float64
	match bool
}

// prf is the precision, recall and F1 of calling score >= t a match.
func prf(ps []pairScore, t float64) (float64, float64, float64) {
	tp, fp, fn := 0, 0, 0
	for _, p := range ps {
		switch pred := p.score >= t; {
		case pred && p.match:
			tp++
		case pred:
			fp++
		case p.match:
			fn++
		}
	}
	prec, rec := ratio(tp, tp+fp), ratio(tp, tp+fn)
	if tp == 0 {
		return prec, rec, 0
	}
	return prec, rec, 2 * prec * rec / (prec + rec)
}

// crossValidate chooses a threshold on four folds (the best F1 there) and
// applies it to the fifth, in turn; it returns the F1 of the pooled
// held-out predictions and the thresholds chosen. Folds are by position
// modulo k, so the split is fixed.
func crossValidate(ps []pairScore, k int) (float64, []float64) {
	var held []pairScore
	var ts []float64
	for f := range k {
		var train, test []pairScore
		for i, p := range ps {
			if i%k == f {
				test = append(test, p)
			} else {
				train = append(train, p)
			}
		}
		best, bestF1 := 0.0, -1.0
		for _, c := range train {
			if math.IsInf(c.score, 0) {
				continue
			}
			if _, _, f1 := prf(train, c.score); f1 > bestF1 {
				best, bestF1 = c.score, f1
			}
		}
		ts = append(ts, math.Round(best*100)/100)
		for _, p := range test {
			pred := p.score >= best
			// Held-out predictions pooled: encode the prediction as the score.
			s := -1.0
			if pred {
				s = 1
			}
			held = append(held, pairScore{s, p.match})
		}
	}
	_, _, f1 := prf(held, 0)
	return f1, ts
}

// pairsListed reads the (name1, name2) pairs of a CSV with those columns,
// with how many times each is listed (a pair listed once keeps one row).
func pairsListed(path string) (map[[2]string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: empty", path)
	}
	n1, n2 := slices.Index(rows[0], "name1"), slices.Index(rows[0], "name2")
	if n1 < 0 || n2 < 0 {
		return nil, fmt.Errorf("%s has no name1 and name2 columns", path)
	}
	keep := map[[2]string]int{}
	sc := slices.Index(rows[0], "schema")
	for _, r := range rows[1:] {
		if len(r) > max(n1, n2, sc) {
			keep[[2]string{r[n1], r[n2]}]++
		}
	}
	return keep, nil
}
