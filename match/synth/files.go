package synth

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// RegisterLine is a register line of `nsor match eval`.
type RegisterLine struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases"`
	Parentage []Parent `json:"parentage"`
	CNIC      string   `json:"cnic,omitempty"`
	DOB       string   `json:"dob,omitempty"`
	Gender    string   `json:"gender,omitempty"`
	District  string   `json:"district,omitempty"`
}

// Parent is a parentage entry of a register line.
type Parent struct {
	Relation string `json:"relation"`
	Name     string `json:"name"`
}

// Line is the record as a register line.
func (r *Record) Line() RegisterLine {
	l := RegisterLine{ID: r.ID, Name: r.Name, Aliases: r.Aliases, CNIC: r.CNIC, DOB: r.DOB, Gender: r.Gender,
		District: r.District, Parentage: []Parent{}}
	if l.Aliases == nil {
		l.Aliases = []string{}
	}
	for _, p := range r.Parentage {
		l.Parentage = append(l.Parentage, Parent{p.Relation, p.Name})
	}
	return l
}

// Manifest names an evaluation set: how to make it again and what it holds.
type Manifest struct {
	Generator string            `json:"generator"`
	Seed      uint64            `json:"seed"`
	N         int               `json:"n"`
	Hard      int               `json:"hard_negatives"`
	Lexicon   string            `json:"lexicon"`
	Files     map[string]string `json:"sha256"`
}

// WriteSet writes the register, the queries, the labels, the hard negatives
// and a manifest with the files' SHA-256 into dir.
func WriteSet(dir string, reg *Register, s *Set, m Manifest) (Manifest, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return m, err
	}
	m.Files = map[string]string{}
	lines := make([]RegisterLine, len(reg.Records))
	for i := range reg.Records {
		lines[i] = reg.Records[i].Line()
	}
	for name, items := range map[string]any{
		"register.jsonl": lines, "queries.jsonl": s.Queries, "labels.jsonl": s.Labels,
		"hard-queries.jsonl": s.HardNegatives, "hard-labels.jsonl": s.HardLabels,
	} {
		sum, err := writeJSONL(filepath.Join(dir, name), items)
		if err != nil {
			return m, err
		}
		m.Files[name] = sum
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	return m, os.WriteFile(filepath.Join(dir, "manifest.json"), append(b, '\n'), 0o644)
}

func writeJSONL(path string, items any) (string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	if err := EncodeJSONL(w, items); err != nil {
		f.Close()
		return "", err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), f.Close()
}

// EncodeJSONL writes a slice of RegisterLine, Query or Label, one JSON
// object a line.
func EncodeJSONL(w io.Writer, items any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var err error
	each := func(v any) {
		if err == nil {
			err = enc.Encode(v)
		}
	}
	switch v := items.(type) {
	case []RegisterLine:
		for i := range v {
			each(&v[i])
		}
	case []Query:
		for i := range v {
			each(&v[i])
		}
	case []Label:
		for i := range v {
			each(&v[i])
		}
	default:
		return fmt.Errorf("EncodeJSONL: %T is not a set's slice", items)
	}
	return err
}
