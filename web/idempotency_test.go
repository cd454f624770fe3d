package web_test

import (
	"bytes"
	"net/http"
	"testing"

	"nsor"
	"nsor/client"
)

// sendKeyed sends a raw JSON body with an Idempotency-Key and returns the
// response, its body and the error.
func sendKeyed(e *env, c *client.Client, path, key, body string) (*http.Response, []byte, error) {
	var raw []byte
	resp, err := c.Do(e.ctx, http.MethodPost, path, []byte(body), &raw,
		client.Header{Key: "Content-Type", Value: "application/json"}, client.Header{Key: "Idempotency-Key", Value: key})
	return resp, raw, err
}

// TestIdempotentReplayIsTheOriginalResponse: a creating call repeated with
// its key and the same body (as JSON: spacing and member order do not count)
// makes nothing more and answers the first response byte for byte, with
// Idempotent-Replayed: true, even after the object changed; another body is
// 422 idempotency.key_reused; another caller's key is their own.
func TestIdempotentReplayIsTheOriginalResponse(t *testing.T) {
	e, c, io, fir := newOfficerWithFIR(t)
	path := "/api/v1/firs/" + itoa(fir.ID) + "/accused"
	body := `{"accused":{"name":"Synthetic Added","gender":"male","age":30},"reason":"Named in a supplementary statement (synthetic)."}`
	same := "  {\"reason\":\"Named in a supplementary statement (synthetic).\", \"accused\":{\"age\":30,\"gender\":\"male\",\"name\":\"Synthetic Added\"}} \n"
	first, firstBody, err := sendKeyed(e, io, path, "acc-1", body)
	if err != nil || first.StatusCode != http.StatusCreated {
		t.Fatalf("add accused = %v, want 201", err)
	}
	if first.Header.Get("Idempotent-Replayed") != "" {
		t.Errorf("first call Idempotent-Replayed = %q, want none", first.Header.Get("Idempotent-Replayed"))
	}
	// The FIR changes in between; the replay is still the first answer.
	if _, err := io.Do(e.ctx, http.MethodPut, "/api/v1/firs/"+itoa(fir.ID)+"/copy", samplePDF, nil,
		client.Header{Key: "Content-Type", Value: "application/pdf"}); err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{body, same} {
		again, againBody, err := sendKeyed(e, io, path, "acc-1", b)
		if err != nil || again.StatusCode != http.StatusCreated || !bytes.Equal(againBody, firstBody) {
			t.Errorf("replay = %v, %v, %s; want 201 and the first body %s", again.StatusCode, err, againBody, firstBody)
		}
		if again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replay Idempotent-Replayed = %q, want true", again.Header.Get("Idempotent-Replayed"))
		}
	}
	var got nsor.FIR
	if _, err := io.Do(e.ctx, http.MethodGet, "/api/v1/firs/"+itoa(fir.ID), nil, &got); err != nil || len(got.Accused) != 3 {
		t.Errorf("after replays the FIR has %d accused, %v; want 3 (one added)", len(got.Accused), err)
	}
	_, _, err = sendKeyed(e, io, path, "acc-1", `{"accused":{"name":"Another Synthetic","gender":"male","age":31},"reason":"Named in a supplementary statement (synthetic)."}`)
	problem(t, "same key, another body", err, http.StatusUnprocessableEntity, "idempotency.key_reused")
	_, _, err = sendKeyed(e, io, "/api/v1/firs/999/accused", "acc-1", body)
	problem(t, "same key, another call", err, http.StatusUnprocessableEntity, "idempotency.key_reused")

	// The FIR's own create replays its first answer too, byte for byte.
	in := firInput(e)
	in.Number = "4418"
	io2 := e.login(c.io2)
	made, madeBody, err := postKeyedJSON(e, io2, "/api/v1/firs", "fir-1", in)
	if err != nil || made.StatusCode != http.StatusCreated {
		t.Fatalf("create FIR = %v, want 201", err)
	}
	again, againBody, err := postKeyedJSON(e, io2, "/api/v1/firs", "fir-1", in)
	if err != nil || again.StatusCode != http.StatusCreated || !bytes.Equal(againBody, madeBody) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("create FIR replay = %v, %v, %s; want 201, replayed, the first body", again.StatusCode, err, againBody)
	}
	// Another caller with the same key makes their own.
	in.Number = "4419"
	other, _, err := postKeyedJSON(e, io, "/api/v1/firs", "fir-1", in)
	if err != nil || other.StatusCode != http.StatusCreated || other.Header.Get("Idempotent-Replayed") != "" {
		t.Errorf("another caller's key = %v, %v; want a new FIR, not a replay", other.StatusCode, err)
	}
}

func postKeyedJSON(e *env, c *client.Client, path, key string, in any) (*http.Response, []byte, error) {
	var raw []byte
	resp, err := c.Do(e.ctx, http.MethodPost, path, in, &raw, client.Header{Key: "Idempotency-Key", Value: key})
	return resp, raw, err
}

// TestIdempotentSecretsAreNotReplayed: a retried account creation or token
// issue makes nothing more; since the first answer held credentials or a
// token shown once, and they are not kept, the retry is 409
// idempotency.secret_consumed, not a duplicate or user.username_taken.
func TestIdempotentSecretsAreNotReplayed(t *testing.T) {
	e := newEnv(t)
	c := newCast(e)
	admin := e.login(e.users["admin"])
	user := map[string]any{"username": "clerk.idem", "name": "Clerk (synthetic)", "rank": "ASI", "belt_number": "B-77",
		"role": "io", "jurisdiction_id": e.jurisdiction("PB-LHR-LHR").ID}
	resp, _, err := postKeyedJSON(e, admin, "/api/v1/users", "user-1", user)
	if err != nil {
		t.Fatalf("create user = %v", err)
	}
	status := resp.StatusCode
	_, _, err = postKeyedJSON(e, admin, "/api/v1/users", "user-1", user)
	if status == http.StatusCreated {
		problem(t, "retried createUser", err, http.StatusConflict, "idempotency.secret_consumed")
	} else if err != nil {
		t.Errorf("retried proposal (%d) = %v, want the first answer", status, err)
	}
	svc := map[string]any{"username": "case.idem", "name": "Case system (synthetic)", "role": "io",
		"jurisdiction_id": e.jurisdiction("PB-LHR-LHR").ID, "scopes": []string{"requests:read"}}
	var made struct{ User nsor.User }
	if _, err := admin.Do(e.ctx, http.MethodPost, "/api/v1/service-accounts", svc, &made); err != nil {
		t.Fatal(err)
	}
	tok := map[string]any{"user_id": made.User.ID, "name": "nightly", "scopes": []string{"requests:read"}, "expires_in_hours": 24}
	first, _, err := postKeyedJSON(e, admin, "/api/v1/tokens", "tok-1", tok)
	if err != nil {
		t.Fatalf("issue token = %v", err)
	}
	_, _, err = postKeyedJSON(e, admin, "/api/v1/tokens", "tok-1", tok)
	if first.StatusCode == http.StatusCreated {
		problem(t, "retried issueToken", err, http.StatusConflict, "idempotency.secret_consumed")
	}
	// The account's tokens can be listed, without secrets: one was issued.
	var toks struct{ Items []map[string]any }
	if _, err := admin.Do(e.ctx, http.MethodGet, "/api/v1/service-accounts/"+itoa(made.User.ID)+"/tokens", nil, &toks); err != nil {
		t.Fatalf("list tokens = %v", err)
	}
	if first.StatusCode == http.StatusCreated && len(toks.Items) != 1 {
		t.Errorf("tokens after a retried issue = %d, want 1", len(toks.Items))
	}
	for _, tk := range toks.Items {
		for _, secretKey := range []string{"token", "secret", "hash"} {
			if _, ok := tk[secretKey]; ok {
				t.Errorf("listed token has %q, want no secret", secretKey)
			}
		}
	}
	_, err = admin.Do(e.ctx, http.MethodGet, "/api/v1/service-accounts/"+itoa(c.io1.ID)+"/tokens", nil, nil)
	problem(t, "tokens of a person", err, http.StatusNotFound, "user.not_found")
}
