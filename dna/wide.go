package dna

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Sample is one row of a wide profile file: the profile and the population
// the file says its person belongs to (empty when it has no pop column).
type Sample struct {
	Profile    *Profile
	Population string
}

// ReadProfiles reads profiles in the wide format: a header "sample,pop,
// LOCUS.1,LOCUS.2,..." (pop and a type column, reference or crime_scene,
// optional; more allele columns than two, LOCUS.3 and on, for mixtures), one
// profile a row, an empty cell for an allele not typed. Every bad row is
// refused with its line; nothing is half-read.
func ReadProfiles(r io.Reader) ([]Sample, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("profiles: reading the header: %w", err)
	}
	sample, pop, typ := -1, -1, -1
	loci := map[int]string{}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		switch strings.ToLower(h) {
		case "sample", "sample_id", "id":
			sample = i
		case "pop", "population":
			pop = i
		case "type", "sample_type":
			typ = i
		default:
			name, n, ok := strings.Cut(h, ".")
			if k, err := strconv.Atoi(n); !ok || err != nil || k < 1 {
				return nil, fmt.Errorf("profiles: header column %q is not LOCUS.N (D3S1358.1)", h)
			}
			if _, err := ParseLocus(name); err != nil {
				return nil, fmt.Errorf("profiles: header column %q: %w", h, err)
			}
			loci[i] = name
		}
	}
	if sample < 0 || len(loci) == 0 {
		return nil, errors.New("profiles: the header needs a sample column and LOCUS.1, LOCUS.2 columns")
	}
	var out []Sample
	var errs []string
	seen := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("profiles: %w", err)
		}
		s, err := wideRow(rec, sample, pop, typ, loci)
		switch {
		case err != nil:
			errs = append(errs, fmt.Sprintf("line %d: %v", line, err))
		case seen[s.Profile.ID] != 0:
			errs = append(errs, fmt.Sprintf("line %d: sample %q is also on line %d", line, s.Profile.ID, seen[s.Profile.ID]))
		default:
			seen[s.Profile.ID] = line
			out = append(out, s)
		}
		if len(errs) == 20 {
			break
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("profiles: %s", strings.Join(errs, "; "))
	}
	return out, nil
}

func wideRow(rec []string, sample, pop, typ int, loci map[int]string) (Sample, error) {
	id := strings.TrimSpace(rec[sample])
	if id == "" {
		return Sample{}, errors.New("no sample name")
	}
	raw := map[string][]string{}
	for i, name := range loci {
		raw[name] = append(raw[name], rec[i])
	}
	t := Reference
	if typ >= 0 {
		t = SampleType(strings.TrimSpace(rec[typ]))
	}
	p, err := NewProfile(id, t, raw)
	if err != nil {
		return Sample{}, err
	}
	s := Sample{Profile: p}
	if pop >= 0 {
		s.Population = strings.TrimSpace(rec[pop])
	}
	return s, nil
}
