package service_test

import (
	"context"

	"nsor"
)

// allSubmissions reads the first page of a request's submissions at the
// largest size, which holds every submission the tests make.
func allSubmissions(svc nsor.Procedure, ctx context.Context, a *nsor.Actor, id int64) ([]*nsor.Submission, error) {
	p, err := svc.Submissions(ctx, a, id, nsor.Page{Limit: nsor.MaxPageSize})
	return p.Items, err
}

// allEvents reads the first page of a request's history at the largest
// size, which holds every event the tests make.
func allEvents(svc nsor.Procedure, ctx context.Context, a *nsor.Actor, id int64) ([]*nsor.Event, error) {
	p, err := svc.Events(ctx, a, id, nsor.Page{Limit: nsor.MaxPageSize})
	return p.Items, err
}

// allRecords reads the first page of a registrar's search at the largest
// size, which holds every record the tests' searches match.
func allRecords(svc nsor.Register, ctx context.Context, a *nsor.Actor, terms nsor.SearchTerms, purpose string) ([]*nsor.Offender, error) {
	p, err := svc.SearchRecords(ctx, a, terms, purpose, nsor.Page{Limit: nsor.MaxPageSize})
	return p.Items, err
}
