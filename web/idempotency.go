package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"

	"nsor"
)

// Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header) on every
// creating POST: the first call's response is stored with the key, and a
// retry with the same key and the same body (compared as parsed JSON, so
// that spacing and member order do not matter) on the same call gets that
// response again, byte for byte, marked Idempotent-Replayed: true. A
// response that held a one-time secret (new credentials, a token) is not
// stored: its replay is 409 idempotency.secret_consumed
// (docs/adr/0020-idempotency-replays.md). The key is the caller's own.

// secretRoutes are the calls whose success can hold a one-time secret.
var secretRoutes = map[string]bool{
	"POST /api/v1/users":                        true,
	"POST /api/v1/tokens":                       true,
	"POST /api/v1/service-accounts":             true,
	"POST /api/v1/approvals/{id}/approve":       true,
	"POST /api/v1/users/{id}/reset-credentials": true,
}

// actChecksKey are the calls whose act checks the key itself, in its own
// transaction, and records a refusal in the audit log as it records any
// refused attempt on the register or a case: a bad or reused key is left to it.
var actChecksKey = map[string]bool{
	"POST /api/v1/firs":             true,
	"POST /api/v1/requests":         true,
	"POST /api/v1/register/records": true,
}

// idempotencyHash is what a key is tied to: the call (its route pattern,
// with the path's identifiers) and its body as canonical JSON; a body that
// is not JSON as it came.
func idempotencyHash(r *http.Request, body []byte) string {
	h := sha256.New()
	io.WriteString(h, r.Pattern+"\n"+r.URL.Path+"\n")
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if len(bytes.TrimSpace(body)) > 0 && dec.Decode(&v) == nil {
		body, _ = json.Marshal(v) // maps marshal with sorted keys
	}
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// idempotency reads the Idempotency-Key header of a creating call, for the
// service's acts that record the object made in their own transaction.
func idempotency(r *http.Request, body []byte) nsor.Idempotency {
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		return nsor.Idempotency{}
	}
	return nsor.Idempotency{Key: key, BodyHash: idempotencyHash(r, body)}
}

// idempotent makes h a creating call that honours Idempotency-Key.
func (s *Server) idempotent(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, a *nsor.Actor) error {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			return h(w, r, a)
		}
		body, err := readBody(r, maxJSON)
		if err != nil {
			return err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		hash := idempotencyHash(r, body)
		rec, err := s.svc.IdempotentResponse(r.Context(), a, key)
		switch {
		case nsor.KindOf(err) == nsor.KindNotFound:
		case err != nil && nsor.KindOf(err) == nsor.KindInvalid && actChecksKey[r.Pattern]:
			return h(w, r, a) // the act refuses the key, and records the refusal
		case err != nil:
			return err
		case rec.BodyHash != hash && actChecksKey[r.Pattern]:
			return h(w, r, a)
		case rec.BodyHash != hash:
			return nsor.Invalid("Idempotency-Key", "idempotency.key_reused",
				"This idempotency key was used before with a different request; use a new key for a new request.")
		case rec.Secret:
			return nsor.Errorf(nsor.KindConflict, "idempotency.secret_consumed",
				"This call was made already with this idempotency key, and its answer held credentials or a token shown only once; "+
					"they are not kept. Ask for new credentials (a reset) or a new token.")
		case rec.Status != 0:
			return replayResponse(w, rec)
		default: // made by an act whose response was not stored: the act replays it
			w.Header().Set("Idempotent-Replayed", "true")
		}
		cw := &captureWriter{ResponseWriter: w, status: http.StatusOK}
		if err := h(cw, r, a); err != nil {
			return err
		}
		if cw.status < 200 || cw.status >= 300 {
			return nil
		}
		keep := &nsor.IdempotencyRecord{Key: key, BodyHash: hash, Route: r.Pattern, Status: cw.status}
		if secretRoutes[r.Pattern] && cw.status != http.StatusAccepted {
			keep.Secret = true
		} else if keep.Response, err = json.Marshal(stored{Header: keptHeaders(w.Header()), Body: cw.body.String()}); err != nil {
			return nil
		}
		if err := s.svc.RememberResponse(r.Context(), a, keep); err != nil {
			// The act stands and the client has its answer; a retry then
			// finds the act's own record or makes the object again
			// (docs/adr/0020-idempotency-replays.md).
			s.opts.Log.Error("idempotency response not stored", "route", r.Pattern, "err", err)
		}
		return nil
	}
}

// captureWriter passes a response through and keeps a copy of it.
type captureWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (c *captureWriter) WriteHeader(code int) {
	c.status = code
	c.ResponseWriter.WriteHeader(code)
}

func (c *captureWriter) Write(b []byte) (int, error) {
	c.body.Write(b)
	return c.ResponseWriter.Write(b)
}

// stored is a response as kept for replays: the headers that describe what
// was made, and the body as it was sent.
type stored struct {
	Header map[string]string `json:"header,omitempty"`
	Body   string            `json:"body"`
}

// replayedHeaders are the headers a replay repeats; the others (security,
// caching) every response gets anew.
var replayedHeaders = []string{"Content-Type", "Location", "ETag"}

func keptHeaders(h http.Header) map[string]string {
	out := map[string]string{}
	for _, k := range replayedHeaders {
		if v := h.Get(k); v != "" {
			out[k] = v
		}
	}
	return out
}

// replayResponse answers with the stored response of rec.
func replayResponse(w http.ResponseWriter, rec *nsor.IdempotencyRecord) error {
	var st stored
	if err := json.Unmarshal(rec.Response, &st); err != nil {
		return nsor.Internalf(err, "idempotency response unreadable")
	}
	for k, v := range st.Header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(rec.Status)
	_, err := io.WriteString(w, st.Body)
	return err
}
