package authtest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// SignicatConfig configures a fake Signicat token endpoint.
type SignicatConfig struct {
	// ClientID and ClientSecret are the accepted credentials. An empty
	// ClientID accepts any client.
	ClientID     string
	ClientSecret string
	// Scope is the required scope; empty means "signicat-api".
	Scope string
	// Lifetime is the token lifetime, sent as expires_in; zero means 600 s.
	Lifetime time.Duration
	// Clock decides token expiry; nil means the system clock.
	Clock auth.Clock
	// TLS starts an https server; use Client for its certificate pool.
	TLS bool
}

// Signicat is a fake Signicat OAuth2 token endpoint at
// URL + "/auth/open/connect/token". It accepts client_secret_basic (Basic
// over form-encoded id and secret) and client_secret_post, requires
// grant_type=client_credentials and the scope, and answers
// {access_token, expires_in, token_type, scope}, or an OAuth2 error body.
// Tokens are "tok-1", "tok-2", ...
type Signicat struct {
	// URL is the server's base URL.
	URL string

	cfg    SignicatConfig
	srv    *httptest.Server
	core   *core
	mu     sync.Mutex
	rawExp string // expires_in override, JSON; "-" omits it
	typ    string
}

// NewSignicat starts a fake Signicat token endpoint. Close it when done.
func NewSignicat(cfg SignicatConfig) *Signicat {
	if cfg.Scope == "" {
		cfg.Scope = "signicat-api"
	}
	if cfg.Lifetime == 0 {
		cfg.Lifetime = 600 * time.Second
	}
	s := &Signicat{cfg: cfg, core: newCore(cfg.Clock, cfg.Lifetime), typ: "Bearer"}
	mux := http.NewServeMux()
	mux.HandleFunc("/auth/open/connect/token", s.token)
	s.srv = newServer(mux, cfg.TLS)
	s.URL = s.srv.URL
	return s
}

// TokenURL returns the token endpoint's URL.
func (s *Signicat) TokenURL() string { return s.URL + "/auth/open/connect/token" }

// Client returns an http.Client that trusts the server (for TLS servers).
func (s *Signicat) Client() *http.Client { return s.srv.Client() }

// Close shuts the server down, releasing hanging requests.
func (s *Signicat) Close() {
	s.core.close()
	s.srv.Close()
}

// TokenRequests returns the number of requests the token endpoint received.
func (s *Signicat) TokenRequests() int { return int(s.core.requests.Load()) }

// APIRequests returns the number of requests that reached Authorize.
func (s *Signicat) APIRequests() int { return int(s.core.api.Load()) }

// Requests returns the token requests received so far.
func (s *Signicat) Requests() []Request { return s.core.requestLog() }

// Revoke makes token invalid for Authorize.
func (s *Signicat) Revoke(token string) { s.core.revoke(token) }

// SetLifetime sets the lifetime of tokens issued from now on.
func (s *Signicat) SetLifetime(d time.Duration) { s.core.setLifetime(d) }

// SetLatency delays every token answer by d (real time).
func (s *Signicat) SetLatency(d time.Duration) { s.core.setLatency(d) }

// SetExpiresIn makes the server send raw, a JSON value, as expires_in
// instead of the lifetime; "" restores the default and "-" omits the field.
// The token's real expiry stays the configured lifetime.
func (s *Signicat) SetExpiresIn(raw string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rawExp = raw
}

// SetTokenType sets the token_type sent (default "Bearer").
func (s *Signicat) SetTokenType(t string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.typ = t
}

// FailNext makes the next n token requests fail with status, sending
// Retry-After if retryAfter is positive.
func (s *Signicat) FailNext(n, status int, retryAfter time.Duration) {
	s.core.failNext(n, status, retryAfter)
}

// HangNext makes the next n token requests hang until cancelled.
func (s *Signicat) HangNext(n int) { s.core.hangNext(n) }

// ClearScript drops the answers queued by FailNext, HangNext and Script.
func (s *Signicat) ClearScript() { s.core.clearScript() }

// Script queues answers for the next token requests, one per request.
func (s *Signicat) Script(f ...Failure) { s.core.fail(f...) }

// Valid reports whether token was issued, is not revoked and has not
// expired.
func (s *Signicat) Valid(token string) bool { return s.core.valid(token) }

// Authorize returns middleware for a fake Signicat API: requests without a
// valid bearer token get 401 with Signicat's error body
// {"type","title","detail","code":"invalid_token"}.
func (s *Signicat) Authorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.core.api.Add(1)
		tok, ok := bearer(r)
		if !ok || !s.Valid(tok) {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeJSON(w, http.StatusUnauthorized, map[string]string{
				"type":   "https://developer.signicat.com/docs/errors/invalid_token",
				"title":  "Invalid authentication token.",
				"detail": "The access token is missing, expired or revoked.",
				"code":   "invalid_token",
			})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func oauthError(code, desc string) map[string]string {
	return map[string]string{"error": code, "error_description": desc}
}

func (s *Signicat) token(w http.ResponseWriter, r *http.Request) {
	body, ok := s.core.begin(w, r, func(status int) string {
		b, _ := json.Marshal(oauthError("temporarily_unavailable", http.StatusText(status)))
		return string(b)
	})
	if !ok {
		return
	}
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, oauthError("invalid_request", "POST required"))
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		writeJSON(w, http.StatusBadRequest, oauthError("invalid_request", "form body required"))
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, oauthError("invalid_request", "malformed form"))
		return
	}
	if form.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, oauthError("unsupported_grant_type", "client_credentials only"))
		return
	}
	id, secret, basic := basicAuth(r)
	_, inForm := form["client_secret"]
	switch {
	case basic && inForm:
		writeJSON(w, http.StatusBadRequest, oauthError("invalid_request", "more than one client authentication method"))
		return
	case !basic:
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	if id == "" || s.cfg.ClientID != "" && (id != s.cfg.ClientID || secret != s.cfg.ClientSecret) {
		w.Header().Set("WWW-Authenticate", `Basic realm="token"`)
		writeJSON(w, http.StatusUnauthorized, oauthError("invalid_client", "client authentication failed"))
		return
	}
	if form.Get("scope") != s.cfg.Scope {
		writeJSON(w, http.StatusBadRequest, oauthError("invalid_scope", "scope must be "+s.cfg.Scope))
		return
	}
	tok, _, l, _ := s.core.issue()
	s.mu.Lock()
	raw, typ := s.rawExp, s.typ
	s.mu.Unlock()
	resp := map[string]any{"access_token": tok, "token_type": typ, "scope": s.cfg.Scope}
	switch raw {
	case "":
		resp["expires_in"] = int(l / time.Second)
	case "-":
	default:
		resp["expires_in"] = json.RawMessage(raw)
	}
	writeJSON(w, http.StatusOK, resp)
}

// basicAuth decodes an RFC 6749 §2.3.1 Basic header: base64 of the
// form-encoded id and secret joined by a colon.
func basicAuth(r *http.Request) (id, secret string, ok bool) {
	const prefix = "Basic "
	h := r.Header.Get("Authorization")
	if !strings.HasPrefix(h, prefix) {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(h[len(prefix):])
	if err != nil {
		return "", "", false
	}
	eid, esec, ok := strings.Cut(string(raw), ":")
	if !ok {
		return "", "", false
	}
	id, err1 := url.QueryUnescape(eid)
	secret, err2 := url.QueryUnescape(esec)
	if err1 != nil || err2 != nil {
		return "", "", false
	}
	return id, secret, true
}
