package authtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// SignetConfig configures a fake Signet token service.
type SignetConfig struct {
	// APIKey and APISecret are the accepted credentials. An empty APIKey
	// accepts any key and secret.
	APIKey    string
	APISecret string
	// Lifetime is the access token lifetime; zero means 1 h.
	Lifetime time.Duration
	// RefreshLifetime is the refresh token lifetime; zero means 1 d.
	RefreshLifetime time.Duration
	// Clock decides expiry and the Date header; nil means the system clock.
	Clock auth.Clock
	// TLS starts an https server; use Client for its certificate pool.
	TLS bool
}

// Signet is a fake Signet token service: POST /dpop/v1/api/generate-token
// with {apiKey, apiSecret} and POST /dpop/v1/api/refresh-token with
// {apiKey, refreshToken}, both answering Signet's envelope
// {success, message, data:{credentials, expiration, usage}}. Refresh tokens
// rotate: each is accepted once. Access tokens are "tok-<n>", refresh
// tokens "rt-<n>".
type Signet struct {
	// URL is the server's base URL.
	URL string

	cfg      SignetConfig
	srv      *httptest.Server
	core     *core
	generate atomic.Int64
	refresh  atomic.Int64

	mu         sync.Mutex
	refreshExp map[string]time.Time // unused refresh token → expiry
	refreshLT  time.Duration
	expiration func(issued time.Time, lifetime time.Duration) (expiresIn, expiresAt string)
	refusal    int
}

// NewSignet starts a fake Signet token service. Close it when done.
func NewSignet(cfg SignetConfig) *Signet {
	if cfg.Lifetime == 0 {
		cfg.Lifetime = time.Hour
	}
	if cfg.RefreshLifetime == 0 {
		cfg.RefreshLifetime = 24 * time.Hour
	}
	s := &Signet{
		cfg:        cfg,
		core:       newCore(cfg.Clock, cfg.Lifetime),
		refreshExp: make(map[string]time.Time),
		refreshLT:  cfg.RefreshLifetime,
		refusal:    http.StatusUnauthorized,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/dpop/v1/api/generate-token", s.serve(true))
	mux.HandleFunc("/dpop/v1/api/refresh-token", s.serve(false))
	s.srv = newServer(mux, cfg.TLS)
	s.URL = s.srv.URL
	return s
}

// GenerateURL returns the generate-token endpoint's URL.
func (s *Signet) GenerateURL() string { return s.URL + "/dpop/v1/api/generate-token" }

// RefreshURL returns the refresh-token endpoint's URL.
func (s *Signet) RefreshURL() string { return s.URL + "/dpop/v1/api/refresh-token" }

// Client returns an http.Client that trusts the server (for TLS servers).
func (s *Signet) Client() *http.Client { return s.srv.Client() }

// Close shuts the server down, releasing hanging requests.
func (s *Signet) Close() {
	s.core.close()
	s.srv.Close()
}

// TokenRequests returns the number of requests both endpoints received.
func (s *Signet) TokenRequests() int { return int(s.core.requests.Load()) }

// GenerateRequests returns the number of generate-token requests.
func (s *Signet) GenerateRequests() int { return int(s.generate.Load()) }

// RefreshRequests returns the number of refresh-token requests.
func (s *Signet) RefreshRequests() int { return int(s.refresh.Load()) }

// APIRequests returns the number of requests that reached Authorize.
func (s *Signet) APIRequests() int { return int(s.core.api.Load()) }

// Requests returns the token requests received so far.
func (s *Signet) Requests() []Request { return s.core.requestLog() }

// Revoke makes an access token invalid for Authorize.
func (s *Signet) Revoke(token string) { s.core.revoke(token) }

// SetLifetime sets the access token lifetime of tokens issued from now on.
func (s *Signet) SetLifetime(d time.Duration) { s.core.setLifetime(d) }

// SetRefreshLifetime sets the refresh token lifetime of tokens issued from
// now on.
func (s *Signet) SetRefreshLifetime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refreshLT = d
}

// SetLatency delays every token answer by d (real time).
func (s *Signet) SetLatency(d time.Duration) { s.core.setLatency(d) }

// SetExpiration overrides the expiresIn and expiresAt strings sent; an
// empty string omits the field. f receives the issue time and the lifetime.
// Nil restores the default.
func (s *Signet) SetExpiration(f func(issued time.Time, lifetime time.Duration) (expiresIn, expiresAt string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expiration = f
}

// SetRefusalStatus sets the HTTP status Authorize refuses with (default
// 401); the body is Signet's success:false envelope either way.
func (s *Signet) SetRefusalStatus(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refusal = status
}

// FailNext makes the next n token requests (either endpoint) fail with
// status, sending Retry-After if retryAfter is positive.
func (s *Signet) FailNext(n, status int, retryAfter time.Duration) {
	s.core.failNext(n, status, retryAfter)
}

// HangNext makes the next n token requests hang until cancelled.
func (s *Signet) HangNext(n int) { s.core.hangNext(n) }

// ClearScript drops the answers queued by FailNext, HangNext and Script.
func (s *Signet) ClearScript() { s.core.clearScript() }

// Script queues answers for the next token requests, one per request.
func (s *Signet) Script(f ...Failure) { s.core.fail(f...) }

// Valid reports whether an access token was issued, is not revoked and has
// not expired.
func (s *Signet) Valid(token string) bool { return s.core.valid(token) }

// Authorize returns middleware for a fake Signet API: requests without a
// valid bearer token get Signet's refusal:
// {"success":false,"message":"Authorization header missing or malformed",
// "errors":{"authorization":{"code":"missing_header","reason":...}}}.
func (s *Signet) Authorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.core.api.Add(1)
		tok, ok := bearer(r)
		if !ok || !s.Valid(tok) {
			s.mu.Lock()
			status := s.refusal
			s.mu.Unlock()
			writeJSON(w, status, signetFailure("Authorization header missing or malformed",
				"authorization", "missing_header", "Authorization header is required and must use Bearer scheme"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func signetFailure(msg, field, code, reason string) map[string]any {
	return map[string]any{
		"success": false,
		"message": msg,
		"errors":  map[string]any{field: map[string]string{"code": code, "reason": reason}},
	}
}

func (s *Signet) serve(generate bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if generate {
			s.generate.Add(1)
		} else {
			s.refresh.Add(1)
		}
		body, ok := s.core.begin(w, r, func(status int) string {
			b, _ := json.Marshal(signetFailure(http.StatusText(status), "server", "service_unavailable", "try again later"))
			return string(b)
		})
		if !ok {
			return
		}
		if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			writeJSON(w, http.StatusBadRequest, signetFailure("JSON POST required", "request", "invalid_request", "POST a JSON body"))
			return
		}
		var in struct {
			APIKey       string `json:"apiKey"`
			APISecret    string `json:"apiSecret"`
			RefreshToken string `json:"refreshToken"`
		}
		if err := json.Unmarshal(body, &in); err != nil || in.APIKey == "" {
			writeJSON(w, http.StatusBadRequest, signetFailure("Invalid request body", "request", "invalid_request", "apiKey is required"))
			return
		}
		if s.cfg.APIKey != "" && in.APIKey != s.cfg.APIKey {
			writeJSON(w, http.StatusUnauthorized, signetFailure("Invalid API credentials", "credentials", "invalid_credentials", "unknown API key or secret"))
			return
		}
		if generate {
			if s.cfg.APIKey != "" && in.APISecret != s.cfg.APISecret {
				writeJSON(w, http.StatusUnauthorized, signetFailure("Invalid API credentials", "credentials", "invalid_credentials", "unknown API key or secret"))
				return
			}
		} else if !s.useRefresh(in.RefreshToken) {
			writeJSON(w, http.StatusUnauthorized, signetFailure("Invalid or expired refresh token", "refreshToken", "invalid_refresh_token", "refresh token is unknown, used or expired"))
			return
		}
		s.grant(w)
	}
}

// useRefresh consumes a refresh token: each is valid once (rotation).
func (s *Signet) useRefresh(rt string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.refreshExp[rt]
	delete(s.refreshExp, rt)
	return ok && s.core.clock.Now().Before(exp)
}

func (s *Signet) grant(w http.ResponseWriter) {
	tok, n, l, now := s.core.issue()
	rt := fmt.Sprintf("rt-%d", n)
	s.mu.Lock()
	s.refreshExp[rt] = now.Add(s.refreshLT)
	rlt, expf := s.refreshLT, s.expiration
	s.mu.Unlock()
	expiresIn, expiresAt := FormatSignetDuration(l), now.Add(l).UTC().Format("2006-01-02T15:04:05.000Z")
	if expf != nil {
		expiresIn, expiresAt = expf(now, l)
	}
	exp := map[string]any{"refreshExpiresIn": FormatSignetDuration(rlt)}
	if expiresIn != "" {
		exp["expiresIn"] = expiresIn
	}
	if expiresAt != "" {
		exp["expiresAt"] = expiresAt
	}
	w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
	writeJSON(w, http.StatusOK, map[string]any{
		"success": true,
		"message": "Access token generated successfully.",
		"data": map[string]any{
			"credentials": map[string]string{"accessToken": tok, "refreshToken": rt, "tokenType": "Bearer"},
			"expiration":  exp,
			"usage":       map[string]string{"format": "Bearer {accessToken}", "scope": "development"},
		},
	})
}

// FormatSignetDuration formats d as Signet does: "1h", "1d", "90m", or
// seconds ("45s") when d is not a whole number of minutes.
func FormatSignetDuration(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return fmt.Sprintf("%ds", d/time.Second)
}
