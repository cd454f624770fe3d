//go:build nsor_planted_authz_bug

package nsor

// This file plants one wrong cell in the procedure table: the DPO may
// read released records, which the roles table of docs/threat-model.md
// forbids (a DPO sees requests, never what is released on them). It is built only with the
// tag nsor_planted_authz_bug, by the control test that proves the matrix test
// catches such a bug (web/authz_control_test.go). Never build it otherwise.
func init() {
	for i := range Steps {
		if Steps[i].Act == ActReadRelease {
			Steps[i].Roles = append(Steps[i].Roles, RoleDPO)
		}
	}
}
