package main

import (
	"fmt"
	"runtime"

	"nsor/match"
)

// buildEngine builds the engine's index of the register, parsing on every
// CPU. It is a variable so that the harness's tests can put a searcher of
// their own in its place.
var buildEngine = func(ps []match.Person) (match.Searcher, error) {
	x := match.NewIndex()
	if errs := x.PutMany(ps, runtime.GOMAXPROCS(0)); len(errs) > 0 {
		for i, err := range errs {
			return nil, fmt.Errorf("%d of %d records refused, e.g. %s: %w", len(errs), len(ps), ps[i].ID, err)
		}
	}
	return x, nil
}
