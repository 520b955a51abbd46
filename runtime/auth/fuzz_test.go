package auth_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// FuzzTokenResponse: the OAuth2 and Signet parsers never panic, never
// accept an empty token or a non-bearer type, and every accepted lifetime
// becomes a usable entry (R5, R18).
func FuzzTokenResponse(f *testing.F) {
	f.Add([]byte(`{"access_token":"a","expires_in":600,"token_type":"Bearer"}`))
	f.Add([]byte(`{"access_token":"a","expires_in":"1e400"}`))
	f.Add([]byte(`{"success":true,"data":{"credentials":{"accessToken":"a","refreshToken":"r","tokenType":"bearer"},"expiration":{"expiresIn":"1d2h","expiresAt":"2026-01-01T01:00:00.000Z","refreshExpiresIn":"99999999999d"}}}`))
	sent := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		check := func(tok auth.Token, l time.Duration, err error) {
			if err != nil {
				return
			}
			if tok.AccessToken == "" || tok.TokenType != "Bearer" {
				t.Fatalf("accepted token %q of type %q", tok.AccessToken.Reveal(), tok.TokenType)
			}
			e := auth.NewEntry(tok, sent, l, 0.5)
			if !e.SoftAt.After(sent) || !e.HardAt.After(e.SoftAt) || !e.Expiry.After(e.HardAt) || e.Expiry.Sub(sent) > 24*time.Hour {
				t.Fatalf("lifetime %v gives entry sent %v soft %v hard %v expiry %v", l, sent, e.SoftAt, e.HardAt, e.Expiry)
			}
		}
		check(auth.ParseOAuthToken(body))
		check(auth.ParseSignetToken(body, sent, "Thu, 01 Jan 2026 00:00:00 GMT"))
		auth.ParseExpiresIn(json.RawMessage(body))
		auth.ParseSignetDuration(string(body))
	})
}
