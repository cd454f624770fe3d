// Package storetest is the conformance suite of nsor.Store: every
// implementation (sqlstore on SQLite, and on PostgreSQL when reachable) runs
// it, so that the service can rely on the contract written in store.go and
// nothing more.
package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"nsor"
)

// Opener returns a fresh, empty, migrated store and arranges, with t.Cleanup,
// for it to be closed.
type Opener func(t *testing.T) nsor.Store

// Run runs the whole suite, each subtest on a store of its own. Inside Update
// functions, which a store may run on a goroutine of its own, the suite
// reports with t.Errorf and returns an error, never t.Fatal; inside View
// functions, which run on the caller's goroutine, it may stop the test.
func Run(t *testing.T, open func(t *testing.T) nsor.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, Opener)
	}{
		{"Jurisdictions", testJurisdictions},
		{"Users", testUsers},
		{"UserFilters", testUserFilters},
		{"Tokens", testTokens},
		{"SignInSources", testSignInSources},
		{"Blobs", testBlobs},
		{"FIRs", testFIRs},
		{"FIRFilters", testFIRFilters},
		{"Requests", testRequests},
		{"RequestSuspects", testRequestSuspects},
		{"OpenRequestPerAccused", testOpenRequestPerAccused},
		{"RequestFilters", testRequestFilters},
		{"RequestPaging", testRequestPaging},
		{"InboxAndFIRPaging", testInboxAndFIRPaging},
		{"SubmissionsAndEvents", testSubmissionsAndEvents},
		{"Releases", testReleases},
		{"WithoutChildren", testWithoutChildren},
		{"Offenders", testOffenders},
		{"SearchOffenders", testSearchOffenders},
		{"SearchHits", testSearchHits},
		{"AddedIdentifiers", testAddedIdentifiers},
		{"Comparisons", testComparisons},
		{"Samples", testSamples},
		{"Notifications", testNotifications},
		{"Jobs", testJobs},
		{"AddJobs", testAddJobs},
		{"Audit", testAudit},
		{"RecordAudit", testRecordAudit},
		{"Idempotency", testIdempotency},
		{"MisuseCases", testMisuseCases},
		{"Approvals", testApprovals},
		{"UpdateAtomic", testUpdateAtomic},
		{"UpdatePanic", testUpdatePanic},
		{"UpdateCancelled", testUpdateCancelled},
		{"ViewReadOnly", testViewReadOnly},
		{"ViewSnapshot", testViewSnapshot},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"Probe", testProbe},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open) })
	}
}

// update runs fn in an Update and fails the test on an error. Inside fn,
// report with t.Errorf and return an error; never t.Fatal: fn may run on the
// store's writer goroutine.
func update(t *testing.T, s nsor.Store, fn func(nsor.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update = %v, want nil", err)
	}
}

// view runs fn in a View and fails the test on an error.
func view(t *testing.T, s nsor.Store, fn func(nsor.Tx) error) {
	t.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		t.Fatalf("View = %v, want nil", err)
	}
}

// wantErr checks that err is an *nsor.Error of the kind and code, and
// returns it (nil when it is not). It never stops the test, so that it may be
// called inside an Update function, which may run on another goroutine.
func wantErr(t *testing.T, call string, err error, kind nsor.ErrorKind, code string) *nsor.Error {
	t.Helper()
	var e *nsor.Error
	if !errors.As(err, &e) {
		t.Errorf("%s = %v, want *nsor.Error %s", call, err, code)
		return nil
	}
	if e.Kind != kind || e.Code != code {
		t.Errorf("%s = kind %d code %q (%v), want kind %d code %q", call, e.Kind, e.Code, err, kind, code)
	}
	return e
}

// wantKind checks that err is an *nsor.Error of the kind, whatever its code.
func wantKind(t *testing.T, call string, err error, kind nsor.ErrorKind) {
	t.Helper()
	if err == nil || nsor.KindOf(err) != kind {
		t.Errorf("%s = %v (kind %d), want kind %d", call, err, nsor.KindOf(err), kind)
	}
}

// wantNotFound checks for nsor.NotFound(noun).
func wantNotFound(t *testing.T, call string, err error, noun string) {
	t.Helper()
	wantErr(t, call, err, nsor.KindNotFound, noun+".not_found")
}

// base is an instant with sub-millisecond digits in a zone other than UTC:
// the store keeps milliseconds and returns UTC.
var base = time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.FixedZone("PKT", 5*3600))

// at is base plus m minutes.
func at(m int) time.Time { return base.Add(time.Duration(m) * time.Minute) }

// stored is what the store gives back for an instant.
func stored(t time.Time) time.Time { return t.Truncate(time.Millisecond).UTC() }

// same compares what the store returned with what was stored, after turning
// every instant into what the store keeps (UTC milliseconds) and every empty
// slice into nil. It changes both in place.
func same(t *testing.T, call string, got, want any) {
	t.Helper()
	normalize(reflect.ValueOf(got))
	normalize(reflect.ValueOf(want))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %+v, want %+v", call, deref(got), deref(want))
	}
}

func deref(v any) any {
	r := reflect.ValueOf(v)
	for r.Kind() == reflect.Pointer && !r.IsNil() {
		r = r.Elem()
	}
	return r.Interface()
}

var timeType = reflect.TypeOf(time.Time{})

func normalize(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			normalize(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == timeType {
			if v.CanSet() {
				v.Set(reflect.ValueOf(stored(v.Interface().(time.Time))))
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				normalize(f)
			}
		}
	case reflect.Slice:
		if v.Len() == 0 && v.CanSet() {
			v.Set(reflect.Zero(v.Type()))
		}
		for i := 0; i < v.Len(); i++ {
			normalize(v.Index(i))
		}
	}
}

// wantAllSet fails for each field that is zero in every one of vs (structs
// or pointers to them, of one type). A round trip proves that a field
// survives only when the fixture sets it, so a field added to the domain
// fails here until the fixture sets it too.
func wantAllSet[T any](t *testing.T, what string, vs ...*T) {
	t.Helper()
	typ := reflect.TypeFor[T]()
	for i := 0; i < typ.NumField(); i++ {
		set := false
		for _, v := range vs {
			set = set || !reflect.ValueOf(v).Elem().Field(i).IsZero()
		}
		if !set {
			t.Errorf("fixture %s.%s is zero; set it, so that the round trip covers it", what, typ.Field(i).Name)
		}
	}
}

// wantUTC checks that a returned instant is in UTC.
func wantUTC(t *testing.T, call string, got time.Time) {
	t.Helper()
	if got.Location() != time.UTC {
		t.Errorf("%s location = %v, want UTC", call, got.Location())
	}
}
