package web_test

import (
	"testing"

	"nsor"
)

// tourAuditor is the auditor's part beyond the trail: who sought a person,
// and a misuse case on the tour's disclosure from opening to referral.
func tourAuditor(t *testing.T, e *env, c *cast, reqID int64) {
	aud := e.login(c.auditor)
	tourDo(t, e, aud, "POST", "/api/v1/audit/who", map[string]any{"cnic": cnicOffender}, nil)
	var rel *nsor.Release
	if err := e.db.View(e.ctx, func(tx nsor.Tx) error {
		var err error
		rel, err = tx.ReleaseOf(reqID)
		return err
	}); err != nil {
		t.Fatalf("ReleaseOf(%d): %v", reqID, err)
	}
	var made nsor.MisuseCase
	tourDo(t, e, aud, "POST", "/api/v1/audit/cases", map[string]any{"disclosure_number": rel.Number,
		"reason": "A copy was found outside the station (synthetic)."}, &made)
	path := "/api/v1/audit/cases/" + itoa(made.ID)
	tourDo(t, e, aud, "GET", "/api/v1/audit/cases?state=open", nil, nil)
	tourDo(t, e, aud, "GET", path, nil, nil)
	tourDo(t, e, aud, "GET", path+"/disclosure", nil, nil)
	read := firstRecord(t, e, nsor.AuditFilter{Action: "release.read"})
	tourDo(t, e, aud, "POST", path+"/evidence", map[string]any{"version": 1, "audit_record_id": read, "reason": "The officer's read."}, nil)
	tourDo(t, e, aud, "POST", path+"/decision", map[string]any{"version": 2, "outcome": "referred",
		"reason": "The copy carries this disclosure's number (synthetic)."}, nil)
}
