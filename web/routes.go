package web

// routes lists every endpoint; docs/api.md and openapi.yaml describe them.
func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", s.health)
	m.HandleFunc("GET /api/v1/openapi.json", s.openapi)

	m.HandleFunc("POST /api/v1/auth/token", s.public(s.signIn))
	m.HandleFunc("DELETE /api/v1/auth/token", s.authed(s.signOut))
	m.HandleFunc("GET /api/v1/me", s.authed(s.me))
	m.HandleFunc("POST /api/v1/me/password", s.authed(s.changePassword))

	m.HandleFunc("GET /api/v1/jurisdictions", s.authed(s.listJurisdictions))
	m.HandleFunc("POST /api/v1/jurisdictions", s.authed(s.idempotent(s.createJurisdiction)))
	m.HandleFunc("PATCH /api/v1/jurisdictions/{id}", s.authed(s.updateJurisdiction))
	m.HandleFunc("GET /api/v1/users", s.authed(s.listUsers))
	m.HandleFunc("POST /api/v1/users", s.authed(s.idempotent(s.createUser)))
	m.HandleFunc("PATCH /api/v1/users/{id}", s.authed(s.updateUser))
	m.HandleFunc("POST /api/v1/users/{id}/reset-credentials", s.authed(s.idempotent(s.resetCredentials)))
	m.HandleFunc("POST /api/v1/tokens", s.authed(s.idempotent(s.issueToken)))
	m.HandleFunc("DELETE /api/v1/tokens/{id}", s.authed(s.revokeToken))
	m.HandleFunc("POST /api/v1/service-accounts", s.authed(s.idempotent(s.createServiceAccount)))
	m.HandleFunc("GET /api/v1/service-accounts/{id}/tokens", s.authed(s.serviceAccountTokens))
	m.HandleFunc("GET /api/v1/approvals", s.authed(s.listApprovals))
	m.HandleFunc("POST /api/v1/approvals/{id}/approve", s.authed(s.idempotent(s.approve)))
	m.HandleFunc("POST /api/v1/approvals/{id}/decline", s.authed(s.decline))

	m.HandleFunc("GET /api/v1/firs", s.authed(s.listFIRs))
	m.HandleFunc("POST /api/v1/firs", s.authed(s.idempotent(s.createFIR)))
	m.HandleFunc("GET /api/v1/firs/{id}", s.authed(s.getFIR))
	m.HandleFunc("PUT /api/v1/firs/{id}/copy", s.authed(s.putFIRCopy))
	m.HandleFunc("POST /api/v1/firs/{id}/accused", s.authed(s.idempotent(s.addAccused)))
	m.HandleFunc("PUT /api/v1/firs/{id}/accused/{aid}", s.authed(s.amendAccused))
	m.HandleFunc("POST /api/v1/firs/{id}/transfer", s.authed(s.transfer))

	m.HandleFunc("GET /api/v1/requests", s.authed(s.listRequests))
	m.HandleFunc("POST /api/v1/requests", s.authed(s.idempotent(s.createRequest)))
	m.HandleFunc("GET /api/v1/requests/{id}", s.authed(s.getRequest))
	m.HandleFunc("PATCH /api/v1/requests/{id}", s.authed(s.editRequest))
	m.HandleFunc("POST /api/v1/requests/{id}/{action}", s.authed(s.act))
	m.HandleFunc("GET /api/v1/requests/{id}/events", s.authed(s.events))
	m.HandleFunc("GET /api/v1/requests/{id}/submissions", s.authed(s.submissions))
	m.HandleFunc("GET /api/v1/requests/{id}/fir-copy", s.authed(s.firCopy))
	m.HandleFunc("GET /api/v1/requests/{id}/release", s.authed(s.readRelease))
	m.HandleFunc("GET /api/v1/requests/{id}/release/print", s.authed(s.printRelease))
	m.HandleFunc("POST /api/v1/requests/{id}/suspects/{sid}/search", s.authed(s.searchForSuspect))
	m.HandleFunc("GET /api/v1/requests/{id}/records/{rid}", s.authed(s.recordForRequest))
	m.HandleFunc("POST /api/v1/requests/{id}/suspects/{sid}/dna-search", s.authed(s.searchDNAForSuspect))
	m.HandleFunc("POST /api/v1/requests/{id}/comparisons", s.authed(s.recordComparison))
	m.HandleFunc("POST /api/v1/comparisons/{id}/confirmation-sample", s.authed(s.recordConfirmationSample))

	m.HandleFunc("POST /api/v1/register/records", s.authed(s.idempotent(s.proposeRecord)))
	m.HandleFunc("GET /api/v1/register/records/{id}", s.authed(s.getRecord))
	m.HandleFunc("POST /api/v1/register/records/{id}/changes", s.authed(s.idempotent(s.proposeChange)))
	m.HandleFunc("POST /api/v1/register/records/{id}/versions/{n}/check", s.authed(s.checkChange))
	m.HandleFunc("GET /api/v1/register/changes", s.authed(s.pendingChanges))
	m.HandleFunc("POST /api/v1/register/search", s.authed(s.searchRegister))
	m.HandleFunc("POST /api/v1/register/imports", s.authed(s.importRecords))
	m.HandleFunc("GET /api/v1/register/imports/{id}", s.authed(s.importReport))
	m.HandleFunc("POST /api/v1/register/imports/{id}/approve", s.authed(s.approveImport))

	m.HandleFunc("GET /api/v1/notifications", s.authed(s.notifications))
	m.HandleFunc("POST /api/v1/notifications/{id}/read", s.authed(s.markRead))
	m.HandleFunc("GET /api/v1/dashboard", s.authed(s.dashboard))
	m.HandleFunc("GET /api/v1/audit/records", s.authed(s.auditRecords))
	m.HandleFunc("POST /api/v1/audit/who", s.authed(s.auditWho))
	m.HandleFunc("GET /api/v1/audit/cases", s.authed(s.listCases))
	m.HandleFunc("POST /api/v1/audit/cases", s.authed(s.idempotent(s.openCase)))
	m.HandleFunc("GET /api/v1/audit/cases/{id}", s.authed(s.getCase))
	m.HandleFunc("POST /api/v1/audit/cases/{id}/evidence", s.authed(s.addEvidence))
	m.HandleFunc("POST /api/v1/audit/cases/{id}/decision", s.authed(s.decideCase))
	m.HandleFunc("GET /api/v1/audit/cases/{id}/disclosure", s.authed(s.caseDisclosure))
	m.HandleFunc("POST /api/v1/audit/trace", s.authed(s.traceDisclosure))
	m.HandleFunc("GET /api/v1/audit/records/{id}/proof", s.authed(s.auditProof))
	m.HandleFunc("GET /api/v1/audit/checkpoint", s.public(s.checkpoint))
	m.HandleFunc("GET /api/v1/audit/consistency", s.public(s.consistency))

	m.HandleFunc("/api/", s.public(s.unrouted))
	if s.opts.UI != nil {
		// The pages: every path that is not the API's nor /healthz.
		m.Handle("/", s.opts.UI)
	}
}
