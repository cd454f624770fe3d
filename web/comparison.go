package web

import (
	"context"
	"net/http"

	"nsor"
)

// recordComparison: POST /api/v1/requests/{id}/comparisons, an examiner's
// comparison (docs/rules.md#r33).
func (s *Server) recordComparison(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in nsor.ComparisonInput
	if _, err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.svc.RecordComparison(r.Context(), a, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

// recordConfirmationSample: POST /api/v1/comparisons/{id}/confirmation-sample.
func (s *Server) recordConfirmationSample(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Sample string `json:"sample"`
	}
	if _, err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.svc.RecordConfirmationSample(r.Context(), a, id, in.Sample)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// searchDNAForSuspect: POST /api/v1/requests/{id}/suspects/{sid}/dna-search.
func (s *Server) searchDNAForSuspect(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	return biometricSearch(w, r, a, s.svc.SearchDNA)
}

// searchFingerprintsForSuspect: POST
// /api/v1/requests/{id}/suspects/{sid}/fingerprint-search.
func (s *Server) searchFingerprintsForSuspect(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
	return biometricSearch(w, r, a, s.svc.SearchFingerprints)
}

// biometricSearch runs a biometric search of the register for the suspect
// the path names, with the probe (of type P) the body holds.
func biometricSearch[P any](w http.ResponseWriter, r *http.Request, a *nsor.Actor,
	search func(context.Context, *nsor.Actor, int64, int64, P) ([]nsor.BiometricCandidate, error)) error {
	id, sid, err := suspectPath(r)
	if err != nil {
		return err
	}
	var p P
	if _, err := decode(r, &p); err != nil {
		return err
	}
	cs, err := search(r.Context(), a, id, sid, p)
	if err != nil {
		return err
	}
	return writeList(w, cs)
}
