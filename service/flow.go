package service

import (
	"fmt"
	"nsor"
	"strings"
)

// notifyTakers tells the bureau's analysts who may take a request just
// forwarded that it waits: active analysts in person (a service account never
// works a request), other than whoever filed or forwarded it (Assign refuses
// them: separation of duties). The notice names the request only; what it
// concerns is seen on the request, by whoever may see it.
func (s *Service) notifyTakers(tx nsor.Tx, r *nsor.Request) error {
	us, err := tx.Users(nsor.UserFilter{Role: nsor.RoleAnalyst})
	if err != nil {
		return err
	}
	var to []int64
	for _, u := range us {
		if !u.Disabled && !u.IsService() && u.ID != r.FiledBy && u.ID != r.ForwardedBy {
			to = append(to, u.ID)
		}
	}
	return s.notify(tx, to, nsor.NoteForwarded, r.ID,
		fmt.Sprintf("Request %s was forwarded to the bureau and waits for an analyst to take it.", r.Ref))
}

// acceptAdvisory checks that the advisory the officer accepted (seen, its
// hash, when the client says which) is the release's, and returns the hash
// to record with the acknowledgement.
func acceptAdvisory(rel *nsor.Release, seen string) (string, error) {
	text, err := nsor.ReleaseAdvisory(rel)
	if err != nil {
		return "", err
	}
	h := nsor.AdvisoryHash(text)
	if seen != "" && !strings.EqualFold(seen, h) {
		return "", nsor.Errorf(nsor.KindConflict, "release.advisory_changed",
			"The advisory you accepted is not the one this release carries; read the advisory on the request again and accept it.")
	}
	return h, nil
}
