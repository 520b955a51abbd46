package auth

import (
	"encoding/json"
	"net/http"
	"time"
)

// Internals exported to the external tests of package auth_test.
var (
	SoftWindow           = softWindow
	HardMargin           = hardMargin
	RefreshRetryInterval = refreshRetryInterval
	ClampLifetime        = clampLifetime
	NewEntry             = newEntry
	CryptoFloat          = cryptoFloat
	ParseExpiresIn       = parseExpiresIn
	ParseSignetDuration  = parseSignetDuration
	Sanitize             = sanitize
)

// SetRand replaces the cache's uniform random source (jitter, back-off,
// retry delays). Call it before the first Token call.
func SetRand(c *Cache, f func() float64) { c.rand = f }

// Current returns the cache's usable entry, or nil.
func Current(c *Cache) *Entry { return c.cur.Load() }

// SignetLifetime exposes the Signet lifetime computation (R4, R6).
func SignetLifetime(expiresIn, expiresAt string, sent, recv time.Time, date string) time.Duration {
	x := signetExpiration{ExpiresAt: expiresAt}
	if expiresIn != "" {
		x.ExpiresIn, _ = json.Marshal(expiresIn)
	}
	return signetLifetime(x, sent, recv, date)
}

// Busy reports whether a fetch is in flight.
func Busy(c *Cache) bool { return c.inflight.Load() }

// SetBaseForTest replaces the transport's base RoundTripper.
func (t *Transport) SetBaseForTest(rt http.RoundTripper) { t.base = rt }

// ParseOAuthToken exposes the OAuth2 token response parser (R18).
func ParseOAuthToken(body []byte) (Token, time.Duration, error) { return parseOAuthToken(body) }

// ParseSignetToken exposes the Signet token response parser (R18).
func ParseSignetToken(body []byte, sent time.Time, date string) (Token, time.Duration, error) {
	return parseSignetToken(&response{status: 200, body: body, sent: sent, recv: sent, header: http.Header{"Date": {date}}})
}
