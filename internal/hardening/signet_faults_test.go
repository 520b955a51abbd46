package hardening

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signet/fraud"
	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// signetOK is a Signet generate-token success body with a chosen token
// type.
func signetOK(tok, typ string) string {
	return `{"success":true,"message":"Access token generated successfully.","data":{"credentials":{"accessToken":"` + tok +
		`","refreshToken":"rt-900","tokenType":"` + typ + `"},"expiration":{"expiresIn":"1h","refreshExpiresIn":"1d"}}}`
}

// TestFaultsSignet injects every token endpoint fault into the generated
// Signet fraud client, including refresh-token failures (R17, R18, R19,
// R27).
func TestFaultsSignet(t *testing.T) {
	gen := func(status, attempts int, code, msg string) auth.TokenError {
		return auth.TokenError{Endpoint: "generate-token", StatusCode: status, Attempts: attempts, Code: code, Message: msg}
	}
	// expired makes one successful call, then moves past the access
	// token's hour so that the next call must refresh.
	expired := func(t *testing.T, e *sgEnv) {
		if err := e.call(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(61 * time.Minute)
	}
	down := func() fault[*sgEnv] {
		var addr string
		return fault[*sgEnv]{
			name: "token endpoint down",
			inject: func(t *testing.T, e *sgEnv) {
				addr = deadAddr(t)
				e.rebuild(t, fraud.WithTokenURL("http://"+addr+"/dpop/v1/api/generate-token"))
			},
			reqs: 3, te: gen(0, 3, "", ""), is: []error{syscall.ECONNREFUSED},
			errText: `connection refused`, maxSlept: 600 * time.Millisecond,
			heal: func(t *testing.T, e *sgEnv) { revive(t, addr, e.tokens.URL) },
		}
	}
	redirect := func(status int) fault[*sgEnv] {
		var f *foreign
		return fault[*sgEnv]{
			name: fmt.Sprintf("redirect %d", status),
			inject: func(t *testing.T, e *sgEnv) {
				f = newForeign(t)
				e.tokens.Script(authtest.Failure{Status: status, Location: "http://" + f.host() + "/dpop/v1/api/generate-token", Body: `{}`})
			},
			reqs: 1,
			teFn: func() auth.TokenError {
				return auth.TokenError{Endpoint: "generate-token", StatusCode: status, Attempts: 1, Location: f.host()}
			},
			heal: func(t *testing.T, e *sgEnv) {
				if n := f.hits.Load(); n != 0 {
					t.Errorf("redirect target received %d requests, want 0", n)
				}
			},
		}
	}
	script := func(n int, f authtest.Failure) func(*testing.T, *sgEnv) {
		return func(t *testing.T, e *sgEnv) {
			for range n {
				e.tokens.Script(f)
			}
		}
	}
	failNext := func(n, status int, ra time.Duration) func(*testing.T, *sgEnv) {
		return func(t *testing.T, e *sgEnv) { e.tokens.FailNext(n, status, ra) }
	}
	cases := []fault[*sgEnv]{
		down(),
		{name: "503 x3", inject: failNext(3, 503, 0), reqs: 3, te: gen(503, 3, "service_unavailable", "Service Unavailable"), maxSlept: 600 * time.Millisecond},
		{name: "500 x3", inject: failNext(3, 500, 0), reqs: 3, te: gen(500, 3, "service_unavailable", "Internal Server Error"), maxSlept: 600 * time.Millisecond},
		{name: "502 x3", inject: failNext(3, 502, 0), reqs: 3, te: gen(502, 3, "service_unavailable", "Bad Gateway"), maxSlept: 600 * time.Millisecond},
		{name: "429 x3 Retry-After 1s", inject: failNext(3, 429, time.Second), reqs: 3, te: gen(429, 3, "service_unavailable", "Too Many Requests"),
			minSlept: 2 * time.Second, maxSlept: 2100 * time.Millisecond},
		{name: "503 x3 Retry-After 1s", inject: failNext(3, 503, time.Second), reqs: 3, te: gen(503, 3, "service_unavailable", "Service Unavailable"),
			minSlept: 2 * time.Second, maxSlept: 2100 * time.Millisecond},
		{name: "503 then OK", inject: failNext(1, 503, 0), reqs: 2, ok: true, maxSlept: 200 * time.Millisecond},
		{name: "502 HTML page x3", inject: script(3, authtest.Failure{Status: 502, Body: htmlPage}), reqs: 3, te: gen(502, 3, "", ""),
			maxSlept: 600 * time.Millisecond},
		{name: "200 HTML page", inject: script(1, authtest.Failure{Status: 200, Body: htmlPage}), reqs: 1, te: gen(200, 1, "", ""),
			errText: `malformed token response`},
		{name: "200 truncated JSON", inject: script(1, authtest.Failure{Status: 200, Body: signetOK("tok-77", "Bearer")[:90]}), reqs: 1,
			te: gen(200, 1, "", ""), errText: `malformed token response`},
		{name: "200 2 MiB body", inject: script(1, authtest.Failure{Status: 200, Body: signetOK("tok-"+strings.Repeat("7", 2<<20), "Bearer")}),
			reqs: 1, te: gen(200, 1, "", ""), errText: `exceeds 1 MiB`},
		{name: "200 success:false", inject: script(1, authtest.Failure{Status: 200,
			Body: `{"success":false,"message":"Rate limit exceeded","errors":{"credentials":{"code":"rate_limited","reason":"slow down"}}}`}),
			reqs: 1, te: gen(200, 1, "rate_limited", "Rate limit exceeded"), errText: `"success": false`},
		{name: "200 without accessToken", inject: script(1, authtest.Failure{Status: 200, Body: signetOK("", "Bearer")}),
			reqs: 1, te: gen(200, 1, "", "Access token generated successfully."), errText: `no accessToken`},
		{name: "tokenType DPoP", inject: script(1, authtest.Failure{Status: 200, Body: signetOK("tok-77", "DPoP")}),
			reqs: 1, te: gen(200, 1, "", "Access token generated successfully."), errText: `unsupported token type "DPoP"`},
		{name: "401 invalid credentials not retried", inject: script(1, authtest.Failure{Status: 401,
			Body: `{"success":false,"message":"Invalid API credentials","errors":{"credentials":{"code":"invalid_credentials","reason":"unknown API key or secret"}}}`}),
			reqs: 1, te: gen(401, 1, "invalid_credentials", "Invalid API credentials")},
		redirect(302), redirect(307), redirect(308),

		// The refresh chain (R19): a failing refresh falls back to exactly
		// one generate-token call, and the caller sees nothing.
		{name: "refresh 503 x3, generate OK", inject: func(t *testing.T, e *sgEnv) {
			expired(t, e)
			e.tokens.FailNext(3, 503, 0)
		}, reqs: 4, ok: true, maxSlept: 600 * time.Millisecond},
		{name: "refresh token refused, generate OK", inject: func(t *testing.T, e *sgEnv) {
			expired(t, e)
			e.tokens.Script(authtest.Failure{Status: 401, Body: `{"success":false,"message":"Invalid or expired refresh token","errors":{"refreshToken":{"code":"invalid_refresh_token","reason":"used"}}}`})
		}, reqs: 2, ok: true},
		{name: "refresh success:false, generate OK", inject: func(t *testing.T, e *sgEnv) {
			expired(t, e)
			e.tokens.Script(authtest.Failure{Status: 200, Body: `{"success":false,"message":"Refresh failed","errors":{"refreshToken":{"code":"invalid_refresh_token","reason":"used"}}}`})
		}, reqs: 2, ok: true},
		{name: "refresh and generate 503 x3", inject: func(t *testing.T, e *sgEnv) {
			expired(t, e)
			e.tokens.FailNext(6, 503, 0)
		}, reqs: 6, te: gen(503, 3, "service_unavailable", "Service Unavailable"), maxSlept: 1200 * time.Millisecond},
	}
	for _, f := range cases {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			runFault(t, newSG(t), f)
		})
	}
}
