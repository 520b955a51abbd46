package auth_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// TestR16ClientAuth: Basic sends form-encoded id:secret, post sends form
// fields; ids and secrets with ": % + space é" arrive intact; a failing
// fetch is exactly one request in either style (no auto-detection).
func TestR16ClientAuth(t *testing.T) {
	for _, style := range []auth.AuthStyle{auth.ClientSecretBasic, auth.ClientSecretPost} {
		t.Run(style.String(), func(t *testing.T) {
			f := newSignicat(t, 600*time.Second)
			cfg := f.config()
			cfg.AuthStyle = style
			c, err := auth.NewClientCredentials(cfg, f.options())
			if err != nil {
				t.Fatal(err)
			}
			if got := mustToken(t, c); got != "tok-1" {
				t.Errorf("Token() = %q, want tok-1", got)
			}
			req := f.srv.Requests()[0]
			form, _ := url.ParseQuery(string(req.Body))
			if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
				t.Errorf("request %s %s, want form POST", req.Method, req.Header.Get("Content-Type"))
			}
			if form.Get("grant_type") != "client_credentials" || form.Get("scope") != "signicat-api" {
				t.Errorf("form = %v, want grant_type and scope", form)
			}
			switch style {
			case auth.ClientSecretBasic:
				raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(req.Header.Get("Authorization"), "Basic "))
				eid, esec, _ := strings.Cut(string(raw), ":")
				id, _ := url.QueryUnescape(eid)
				sec, _ := url.QueryUnescape(esec)
				if id != testClientID || sec != testClientSecret {
					t.Errorf("Basic credentials decode to %q:%q", id, sec)
				}
				if form.Has("client_secret") || form.Has("client_id") {
					t.Error("Basic style also sent credentials in the form")
				}
			case auth.ClientSecretPost:
				if form.Get("client_id") != testClientID || form.Get("client_secret") != testClientSecret {
					t.Errorf("form credentials = %q:%q", form.Get("client_id"), form.Get("client_secret"))
				}
				if req.Header.Get("Authorization") != "" {
					t.Error("post style also sent an Authorization header")
				}
			}

			// Wrong secret: exactly one request.
			g := newSignicat(t, 600*time.Second)
			bad := g.config()
			bad.AuthStyle = style
			bad.ClientSecret = "wrong"
			d, _ := auth.NewClientCredentials(bad, g.options())
			_, err = d.Token(context.Background())
			var te *auth.TokenError
			if !errors.As(err, &te) || te.Code != "invalid_client" {
				t.Errorf("error = %v, want invalid_client", err)
			}
			if r := g.srv.TokenRequests(); r != 1 {
				t.Errorf("failed fetch made %d requests, want 1", r)
			}
		})
	}
}

// TestR17Retry: 408/429/5xx and network errors are retried up to 3
// attempts; Retry-After is honoured (capped at 10 s); 400/401/403 are not
// retried; retries stop at the fetch timeout.
func TestR17Retry(t *testing.T) {
	t.Run("503,503,200", func(t *testing.T) {
		f := newSignicat(t, 600*time.Second)
		f.srv.FailNext(2, 503, 0)
		c := f.cache(t)
		if got := mustToken(t, c); got != "tok-1" {
			t.Errorf("Token() = %q, want tok-1", got)
		}
		if r := f.srv.TokenRequests(); r != 3 {
			t.Errorf("requests = %d, want 3", r)
		}
	})
	for _, status := range []int{408, 429, 500, 502, 503, 504} {
		t.Run("3x"+http.StatusText(status), func(t *testing.T) {
			f := newSignicat(t, 600*time.Second)
			f.srv.FailNext(3, status, 0)
			c := f.cache(t)
			_, err := c.Token(context.Background())
			var te *auth.TokenError
			if !errors.As(err, &te) || te.StatusCode != status || te.Attempts != 3 {
				t.Errorf("error = %v, want status %d after 3 attempts", err, status)
			}
			if r := f.srv.TokenRequests(); r != 3 {
				t.Errorf("requests = %d, want 3", r)
			}
		})
	}
	for _, status := range []int{400, 401, 403} {
		t.Run("no retry "+http.StatusText(status), func(t *testing.T) {
			f := newSignicat(t, 600*time.Second)
			f.srv.Script(authtest.Failure{Status: status, Body: `{"error":"invalid_scope"}`})
			c := f.cache(t)
			if _, err := c.Token(context.Background()); err == nil {
				t.Fatal("Token() succeeded")
			}
			if r := f.srv.TokenRequests(); r != 1 {
				t.Errorf("requests = %d, want 1", r)
			}
		})
	}
	t.Run("network error", func(t *testing.T) {
		ln := httptest.NewServer(http.NotFoundHandler())
		u := ln.URL
		ln.Close() // connection refused
		ct := &countingTransport{}
		c, _ := auth.NewClientCredentials(auth.ClientCredentialsConfig{TokenURL: u + "/token", ClientID: "id"},
			auth.Options{HTTPClient: &http.Client{Transport: ct}, Logger: testLogger(), Clock: authtest.NewClock(time.Time{})})
		auth.SetRand(c, noJitter)
		if _, err := c.Token(context.Background()); err == nil {
			t.Fatal("Token() succeeded")
		}
		if n := ct.n.Load(); n != 3 {
			t.Errorf("attempts = %d, want 3", n)
		}
	})
	t.Run("Retry-After", func(t *testing.T) {
		f := newSignicat(t, 600*time.Second)
		f.srv.FailNext(1, 429, time.Second)
		c := f.cache(t)
		done := make(chan string)
		go func() { done <- mustToken(t, c) }()
		// The fetch timeout timer plus the Retry-After sleep.
		if !f.clock.WaitTimers(2) {
			t.Fatal("no retry timer")
		}
		f.clock.Advance(999 * time.Millisecond)
		// Both timers still pending: the retry has not been released.
		if n := f.clock.Timers(); n != 2 {
			t.Fatalf("after 999ms of a 1s Retry-After: %d timers pending, want 2 (fetch timeout and retry sleep)", n)
		}
		if r := f.srv.TokenRequests(); r != 1 {
			t.Fatalf("retried after 999ms of a 1s Retry-After: requests = %d", r)
		}
		f.clock.Advance(time.Millisecond)
		if got := <-done; got != "tok-1" {
			t.Errorf("Token() = %q, want tok-1", got)
		}
	})
	t.Run("Retry-After capped at 10s", func(t *testing.T) {
		f := newSignicat(t, 600*time.Second)
		f.srv.FailNext(1, 503, time.Hour)
		opts := f.options()
		opts.FetchTimeout = time.Minute
		c, _ := auth.NewClientCredentials(f.config(), opts)
		done := make(chan string)
		go func() { done <- mustToken(t, c) }()
		if !f.clock.WaitTimers(2) {
			t.Fatal("no retry timer")
		}
		f.clock.Advance(10 * time.Second)
		if got := <-done; got != "tok-1" {
			t.Errorf("Token() = %q, want tok-1", got)
		}
	})
	t.Run("stops at fetch timeout", func(t *testing.T) {
		f := newSignicat(t, 600*time.Second)
		f.srv.FailNext(3, 503, 5*time.Second)
		opts := f.options()
		opts.FetchTimeout = 2 * time.Second
		c, _ := auth.NewClientCredentials(f.config(), opts)
		errc := make(chan error)
		go func() { _, err := c.Token(context.Background()); errc <- err }()
		if !f.clock.WaitTimers(2) {
			t.Fatal("no retry timer")
		}
		f.clock.Advance(2 * time.Second)
		if err := <-errc; !errors.Is(err, auth.ErrTokenFetchTimeout) {
			t.Errorf("error = %v, want ErrTokenFetchTimeout", err)
		}
		if r := f.srv.TokenRequests(); r != 1 {
			t.Errorf("requests = %d, want 1", r)
		}
	})
}

// TestR18Validation: error fields in 2xx answers, success:false, empty
// tokens, oversize bodies and non-bearer types are failures; bearer in any
// case is normalised.
func TestR18Validation(t *testing.T) {
	big := strings.Repeat("x", 2<<20)
	for _, tt := range []struct {
		name, body, wantType string
	}{
		{"oauth error in 200", `{"error":"invalid_client","access_token":"tok-9"}`, ""},
		{"signet success false", `{"success":false,"message":"no","data":{"credentials":{"accessToken":"tok-9"}}}`, ""},
		{"empty token", `{"access_token":"","token_type":"Bearer"}`, ""},
		{"2 MiB body", `{"access_token":"tok-9","pad":"` + big + `"}`, ""},
		{"malformed", `{`, ""},
		{"DPoP", `{"access_token":"tok-9","token_type":"DPoP"}`, ""},
		{"MAC", `{"access_token":"tok-9","token_type":"mac"}`, ""},
		{"bearer", `{"access_token":"tok-9","token_type":"bearer"}`, "Bearer"},
		{"BEARER", `{"access_token":"tok-9","token_type":"BEARER"}`, "Bearer"},
		{"no type", `{"access_token":"tok-9"}`, "Bearer"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			newCache := func(signet bool) *auth.Cache {
				opts := auth.Options{Logger: testLogger()}
				var c *auth.Cache
				var err error
				if signet {
					c, err = auth.NewSignet(auth.SignetConfig{GenerateURL: srv.URL, RefreshURL: srv.URL, APIKey: "k"}, opts)
				} else {
					c, err = auth.NewClientCredentials(auth.ClientCredentialsConfig{TokenURL: srv.URL, ClientID: "id"}, opts)
				}
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
			c := newCache(strings.HasPrefix(tt.name, "signet"))
			tok, err := c.Token(context.Background())
			if tt.wantType == "" {
				if err == nil {
					t.Fatalf("Token() = %+v, want error", tok)
				}
				assertClean(t, "error", err.Error(), allForbidden())
				return
			}
			if err != nil {
				t.Fatalf("Token() error = %v", err)
			}
			if tok.TokenType != tt.wantType {
				t.Errorf("TokenType = %q, want %q", tok.TokenType, tt.wantType)
			}
		})
	}
}

// TestR19SignetChain: refresh while the refresh token lasts, fall back to
// one generate on refresh failure, go straight to generate with an expired
// refresh token, and use the rotated refresh token.
func TestR19SignetChain(t *testing.T) {
	f := newSignet(t)
	c := f.cache(t)
	if got := mustToken(t, c); got != "tok-1" {
		t.Fatalf("Token() = %q, want tok-1", got)
	}
	if g, r := f.srv.GenerateRequests(), f.srv.RefreshRequests(); g != 1 || r != 0 {
		t.Fatalf("generate %d refresh %d, want 1 0", g, r)
	}

	// Refresh OK: 1 refresh, 0 generate.
	f.clock.Advance(time.Hour)
	if got := mustToken(t, c); got != "tok-2" {
		t.Errorf("Token() = %q, want tok-2", got)
	}
	if g, r := f.srv.GenerateRequests(), f.srv.RefreshRequests(); g != 1 || r != 1 {
		t.Errorf("refresh OK: generate %d refresh %d, want 1 1", g, r)
	}

	// Rotation: the second refresh must use rt-2 (the server rejects rt-1).
	f.clock.Advance(time.Hour)
	if got := mustToken(t, c); got != "tok-3" {
		t.Errorf("Token() = %q, want tok-3", got)
	}
	reqs := f.srv.Requests()
	if last := string(reqs[len(reqs)-1].Body); !strings.Contains(last, `"refreshToken":"rt-2"`) {
		t.Errorf("second refresh body = %s, want rt-2", last)
	}
	if g, r := f.srv.GenerateRequests(), f.srv.RefreshRequests(); g != 1 || r != 2 {
		t.Errorf("rotation: generate %d refresh %d, want 1 2", g, r)
	}

	// Refresh refused: 1 refresh + 1 generate.
	f.srv.Script(authtest.Failure{Status: 401, Body: `{"success":false,"message":"Invalid or expired refresh token","errors":{"refreshToken":{"code":"invalid_refresh_token"}}}`})
	f.clock.Advance(time.Hour)
	if got := mustToken(t, c); got != "tok-4" {
		t.Errorf("Token() = %q, want tok-4", got)
	}
	if g, r := f.srv.GenerateRequests(), f.srv.RefreshRequests(); g != 2 || r != 3 {
		t.Errorf("refresh refused: generate %d refresh %d, want 2 3", g, r)
	}

	// Refresh token expired: 0 refresh + 1 generate.
	f.clock.Advance(25 * time.Hour)
	if got := mustToken(t, c); got != "tok-5" {
		t.Errorf("Token() = %q, want tok-5", got)
	}
	if g, r := f.srv.GenerateRequests(), f.srv.RefreshRequests(); g != 3 || r != 3 {
		t.Errorf("refresh expired: generate %d refresh %d, want 3 3", g, r)
	}

	// A wave of 1000 at hard expiry coalesces into one refresh.
	f.clock.Advance(time.Hour)
	herd(1000, func(int) { mustToken(t, c) })
	if g, r := f.srv.GenerateRequests(), f.srv.RefreshRequests(); g != 3 || r != 4 {
		t.Errorf("wave: generate %d refresh %d, want 3 4", g, r)
	}
	e := auth.Current(c)
	if e.AccessToken != "tok-6" || e.RefreshToken != "rt-6" {
		t.Errorf("entry has access %q refresh %q, want tok-6 rt-6 together", e.AccessToken.Reveal(), e.RefreshToken.Reveal())
	}
}

// TestR19SharedStore: two Signet caches sharing a Store (as two processes
// sharing Redis would) refresh concurrently at hard expiry with one refresh
// call in total and no reuse of a rotated refresh token.
func TestR19SharedStore(t *testing.T) {
	f := newSignet(t)
	st := newMemStore()
	st.clock = f.clock
	newCache := func() *auth.Cache {
		c, err := auth.NewSignet(auth.SignetConfig{
			GenerateURL: f.srv.GenerateURL(), RefreshURL: f.srv.RefreshURL(), APIKey: testAPIKey, APISecret: testAPISecret,
		}, auth.Options{Clock: f.clock, Logger: testLogger(), Store: st})
		if err != nil {
			t.Fatal(err)
		}
		auth.SetRand(c, noJitter)
		return c
	}
	a, b := newCache(), newCache()
	if ta, tb := mustToken(t, a), mustToken(t, b); ta != "tok-1" || tb != "tok-1" {
		t.Fatalf("tokens %q %q, want tok-1 from one generate", ta, tb)
	}
	f.clock.Advance(time.Hour)
	herd(100, func(i int) {
		c := a
		if i%2 == 1 {
			c = b
		}
		if got := mustToken(t, c); got != "tok-2" {
			t.Errorf("Token() = %q, want tok-2", got)
		}
	})
	if g, r := f.srv.GenerateRequests(), f.srv.RefreshRequests(); g != 1 || r != 1 {
		t.Errorf("generate %d refresh %d, want 1 1", g, r)
	}
}
