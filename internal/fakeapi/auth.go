package fakeapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// DefaultAccountID is the Signicat account the fakes report when a request
// names none with signicat-accountId.
const DefaultAccountID = "a-sdge-FAKE0000000000000001"

// SignicatAuth is a fake of the Signicat Authentication REST API
// (https://api.signicat.com/auth/rest): POST /auth/rest/sessions,
// GET /auth/rest/sessions/{id} and POST /auth/rest/sessions/{id}/cancel.
// Point a client at URL + "/auth/rest".
//
// Session ids are 5e551000-0000-4000-8000-000000000001, ...; the session
// lifetime defaults to 600 s.
type SignicatAuth struct {
	*Server
	cfg config

	mu       sync.Mutex
	n        int
	sessions map[string]map[string]any
}

// NewSignicatAuth starts a fake Authentication API guarded by tokens.
func NewSignicatAuth(tokens *authtest.Signicat, opts ...Option) *SignicatAuth {
	f := &SignicatAuth{cfg: newConfig(opts), sessions: map[string]map[string]any{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/rest/sessions", f.create)
	mux.HandleFunc("GET /auth/rest/sessions/{id}", f.get)
	mux.HandleFunc("POST /auth/rest/sessions/{id}/cancel", f.cancel)
	mux.HandleFunc("/", signicatFallback)
	f.Server = start(tokens.Authorize(mux))
	return f
}

// BaseURL returns the URL to give the client's WithBaseURL.
func (f *SignicatAuth) BaseURL() string { return f.URL + "/auth/rest" }

// Complete finishes session id as if the end user had authenticated with
// provider: its status becomes SUCCESS and subject is attached. It reports
// whether the session exists.
func (f *SignicatAuth) Complete(id, provider string, subject map[string]any) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sessions[id]
	if !ok {
		return false
	}
	s["status"] = "SUCCESS"
	s["provider"] = provider
	s["subject"] = subject
	return true
}

func accountID(r *http.Request) string {
	if a := r.URL.Query().Get("signicat-accountId"); a != "" {
		return a
	}
	return DefaultAccountID
}

var flows = []string{"redirect", "headless", "embedded"}

func (f *SignicatAuth) create(w http.ResponseWriter, r *http.Request) {
	var req map[string]any
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		signicatInvalid(w, invalidParam{"body", "malformed JSON: " + err.Error()})
		return
	}
	var bad []invalidParam
	flow, _ := req["flow"].(string)
	if !slices.Contains(flows, flow) {
		bad = append(bad, invalidParam{"flow", "must be one of redirect, headless, embedded"})
	}
	cb, _ := req["callbackUrls"].(map[string]any)
	if flow == "redirect" && (cb == nil || cb["success"] == nil) {
		bad = append(bad, invalidParam{"callbackUrls", "is required for the redirect flow"})
	}
	if loa, ok := req["requestedLoa"].(string); ok && !slices.Contains([]string{"low", "substantial", "high"}, loa) {
		bad = append(bad, invalidParam{"requestedLoa", "must be one of low, substantial, high"})
	}
	if len(bad) > 0 {
		signicatInvalid(w, bad...)
		return
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	id := fakeID(0x5e551000, f.n)
	lifetime := 600.0
	if l, ok := req["sessionLifetime"].(float64); ok && l > 0 {
		lifetime = l
	}
	now := f.cfg.clock.Now()
	s := map[string]any{
		"id":                id,
		"accountId":         accountID(r),
		"status":            "CREATED",
		"authenticationUrl": "https://example.signicat.com/broker/sp/external-service/login?messageId=" + id,
		"statusUrl":         "https://example.signicat.com/auth/rest/sessions/" + id,
		"sessionLifetime":   lifetime,
		"expiresAt":         rfc3339(now.Add(time.Duration(lifetime) * time.Second)),
	}
	for _, k := range []string{"flow", "allowedProviders", "requestedAttributes", "tags", "language",
		"themeId", "externalReference", "usageReference", "requestDomain", "requestedLoa"} {
		if v, ok := req[k]; ok {
			s[k] = v
		}
	}
	if cb != nil {
		out := map[string]any{}
		for k, v := range cb {
			if u, ok := v.(string); ok {
				out[k] = withQuery(u, "sessionId", id)
			}
		}
		s["callbackUrls"] = out
	}
	f.sessions[id] = s
	writeJSON(w, http.StatusOK, s)
}

// withQuery appends name=value to the query of raw.
func withQuery(raw, name, value string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set(name, value)
	u.RawQuery = q.Encode()
	return u.String()
}

func (f *SignicatAuth) get(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sessions[r.PathValue("id")]
	if !ok {
		signicatNotFound(w, "Session")
		return
	}
	out := map[string]any{}
	for k, v := range s {
		out[k] = v
	}
	if n := r.URL.Query().Get("sessionNonce"); n != "" {
		out["sessionNonce"] = n
	}
	writeJSON(w, http.StatusOK, out)
}

func (f *SignicatAuth) cancel(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.sessions[r.PathValue("id")]
	if !ok {
		signicatNotFound(w, "Session")
		return
	}
	if st := s["status"]; st != "CREATED" && st != "WAITING_FOR_USER" {
		signicatError(w, http.StatusBadRequest, "bad_request", "Session can not be cancelled.", "The session is "+st.(string)+".")
		return
	}
	s["status"] = "CANCELLED"
	writeJSON(w, http.StatusOK, s)
}
