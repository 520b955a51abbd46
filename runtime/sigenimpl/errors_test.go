package sigenimpl_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
	"github.com/sigen-dev/sigen/runtime/sigenimpl"
)

// The errors a user meets walk through here, each checked for what it must
// name (the option or variable that fixes it, the URL the user set, the
// endpoint that failed) and for prefixes said twice, as in
// "auth: token unavailable: auth: token request failed".

const (
	ccScheme     = "signicatOAuth"
	signetScheme = "signetAuth"
)

func ccSchemes(tokenURL string) []sigenimpl.Scheme {
	return []sigenimpl.Scheme{{Name: ccScheme, Kind: sigenimpl.ClientCredentials, TokenURL: tokenURL, Scopes: []string{"signicat-api"}}}
}

func signetSchemes(gen, refresh string) []sigenimpl.Scheme {
	return []sigenimpl.Scheme{{Name: signetScheme, Kind: sigenimpl.Flow, Flow: "signet", TokenURL: gen, RefreshURL: refresh}}
}

func get(scheme string) *sigenimpl.Request {
	return &sigenimpl.Request{Operation: "getSession", Method: http.MethodGet, Path: "/sessions/1", Security: [][]string{{scheme}}}
}

// checkText fails unless err's text says every want, none of not, and no
// prefix twice.
func checkText(t *testing.T, what string, err error, want, not []string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	msg := err.Error()
	t.Logf("%s: %s", what, msg)
	for _, prefix := range []string{"auth: ", "rest: ", "getSession: ", "bearer token: "} {
		if n := strings.Count(msg, prefix); n > 1 {
			t.Errorf("%s: %q appears %d times in %q", what, prefix, n, msg)
		}
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("%s: %q does not say %q", what, msg, w)
		}
	}
	for _, w := range not {
		if strings.Contains(msg, w) {
			t.Errorf("%s: %q says %q", what, msg, w)
		}
	}
}

func TestErrorsSayTheFix(t *testing.T) {
	ctx := context.Background()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "{}") }))
	defer api.Close()
	base := api.URL + "/auth/rest"

	t.Run("no credentials/signicat", func(t *testing.T) {
		c, err := sigenimpl.New(sigenimpl.Config{BaseURL: base, Schemes: ccSchemes("https://api.signicat.com/auth/open/connect/token")})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Do(ctx, get(ccScheme), nil)
		if !errors.Is(err, auth.ErrNoCredentials) {
			t.Errorf("err = %v, want ErrNoCredentials", err)
		}
		checkText(t, "no credentials", err, []string{"getSession:", ccScheme, "WithClientCredentials(", "WithTokenSource("}, []string{"SIGNET"})
	})
	t.Run("no credentials/signet", func(t *testing.T) {
		c, err := sigenimpl.New(sigenimpl.Config{BaseURL: base, Schemes: signetSchemes("/dpop/v1/api/generate-token", "/dpop/v1/api/refresh-token")})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Do(ctx, get(signetScheme), nil)
		checkText(t, "no credentials", err, []string{signetScheme, "WithTokenSource("}, []string{"SIGNICAT"})
	})
	t.Run("no credentials/hint", func(t *testing.T) {
		// Generated code names its own options and variables in Hint.
		schemes := ccSchemes("https://api.signicat.com/auth/open/connect/token")
		schemes[0].Hint = "WithClientCredentials(id, secret) or WithCredentialsFromEnv() with X_ID and X_SECRET set, to NewClient"
		c, err := sigenimpl.New(sigenimpl.Config{BaseURL: base, Schemes: schemes})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Do(ctx, get(ccScheme), nil)
		checkText(t, "hint", err, []string{ccScheme, "; pass " + schemes[0].Hint}, []string{"WithTokenSource("})
	})

	for _, tc := range []struct {
		name        string
		cfg         sigenimpl.Config
		want, avoid []string
	}{
		{
			name: "insecure base URL",
			cfg: sigenimpl.Config{BaseURL: "http://api.example.com/auth/rest", Schemes: ccSchemes("https://api.signicat.com/auth/open/connect/token"),
				Credentials: sigenimpl.Credentials{ClientID: "id", ClientSecret: "secret"}},
			want:  []string{`base URL "http://api.example.com/auth/rest"`, "https://", "WithAllowInsecureHTTP()"},
			avoid: []string{"token URL", "API origin"},
		},
		{
			name: "insecure base URL, relative token URL",
			cfg: sigenimpl.Config{BaseURL: "http://api.example.com", Schemes: signetSchemes("/dpop/v1/api/generate-token", "/dpop/v1/api/refresh-token"),
				Credentials: sigenimpl.Credentials{Flows: signetFlows("pk", "sk")}},
			want: []string{`base URL "http://api.example.com"`, `token URL of scheme signetAuth, "http://api.example.com/dpop/v1/api/generate-token", resolves against it`, "https://", "WithAllowInsecureHTTP()"},
		},
		{
			name: "insecure token URL option",
			cfg: sigenimpl.Config{BaseURL: "https://api.example.com", TokenURL: "http://idp.example.com/token", Schemes: ccSchemes("https://api.signicat.com/auth/open/connect/token"),
				Credentials: sigenimpl.Credentials{ClientID: "id", ClientSecret: "secret"}},
			want:  []string{`token URL "http://idp.example.com/token" (set with WithTokenURL)`, "https://", "WithAllowInsecureHTTP()"},
			avoid: []string{"base URL"},
		},
		{
			name: "insecure spec token URL",
			cfg: sigenimpl.Config{BaseURL: "https://api.example.com", Schemes: ccSchemes("http://idp.example.com/token"),
				Credentials: sigenimpl.Credentials{ClientID: "id", ClientSecret: "secret"}},
			want:  []string{`token URL "http://idp.example.com/token" (the spec's, for scheme signicatOAuth; override it with WithTokenURL)`, "WithAllowInsecureHTTP()"},
			avoid: []string{"base URL"},
		},
		{
			name: "insecure refresh URL option",
			cfg: sigenimpl.Config{BaseURL: "https://api.example.com", RefreshURL: "http://idp.example.com/refresh", Schemes: signetSchemes("/g", "/r"),
				Credentials: sigenimpl.Credentials{Flows: signetFlows("pk", "sk")}},
			want: []string{`refresh URL "http://idp.example.com/refresh" (set with WithRefreshURL)`, "WithAllowInsecureHTTP()"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sigenimpl.New(tc.cfg)
			if !errors.Is(err, auth.ErrInsecureEndpoint) {
				t.Errorf("New = %v, want ErrInsecureEndpoint", err)
			}
			checkText(t, tc.name, err, tc.want, tc.avoid)
			tc.cfg.Auth.AllowInsecureHTTP = true
			if _, err := sigenimpl.New(tc.cfg); err != nil {
				t.Errorf("with AllowInsecureHTTP: %v", err)
			}
		})
	}

	t.Run("wrong client secret", func(t *testing.T) {
		clock := authtest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "id", ClientSecret: "right", Clock: clock})
		defer tokens.Close()
		c, err := sigenimpl.New(sigenimpl.Config{BaseURL: base, Schemes: ccSchemes(tokens.TokenURL()),
			Credentials: sigenimpl.Credentials{ClientID: "id", ClientSecret: "wrong"}, Auth: auth.Options{Clock: clock}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Do(ctx, get(ccScheme), nil)
		var te *auth.TokenError
		if !errors.As(err, &te) || te.URL != tokens.TokenURL() {
			t.Errorf("err = %v, want a *TokenError with URL %s", err, tokens.TokenURL())
		}
		checkText(t, "first failure", err, []string{"getSession: ", "token request to " + tokens.TokenURL() + " failed", "status 401", "invalid_client", "check the client ID and secret"},
			[]string{api.URL, "wrong", "right"})
		// While backing off, callers get the same failure at once, once
		// prefixed.
		_, err = c.Do(ctx, get(ccScheme), nil)
		if !errors.Is(err, auth.ErrTokenUnavailable) || !errors.As(err, &te) {
			t.Errorf("err = %v, want ErrTokenUnavailable wrapping a *TokenError", err)
		}
		checkText(t, "backing off", err, []string{"token unavailable", "token request to " + tokens.TokenURL() + " failed", "status 401"}, []string{api.URL})
	})

	t.Run("wrong signet secret", func(t *testing.T) {
		tokens := authtest.NewSignet(authtest.SignetConfig{APIKey: "pk", APISecret: "right"})
		defer tokens.Close()
		c, err := sigenimpl.New(sigenimpl.Config{BaseURL: base, TokenURL: tokens.GenerateURL(), Schemes: signetSchemes("/dpop/v1/api/generate-token", "/dpop/v1/api/refresh-token"),
			Credentials: sigenimpl.Credentials{Flows: signetFlows("pk", "wrong")}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Do(ctx, get(signetScheme), nil)
		checkText(t, "signet", err, []string{"generate-token request to " + tokens.GenerateURL() + " failed", "check the API key and secret"}, []string{api.URL, "wrong"})
	})

	t.Run("token fetch timeout", func(t *testing.T) {
		clock := authtest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "id", ClientSecret: "secret", Clock: clock})
		defer tokens.Close()
		tokens.HangNext(1)
		c, err := sigenimpl.New(sigenimpl.Config{BaseURL: base, Schemes: ccSchemes(tokens.TokenURL()),
			Credentials: sigenimpl.Credentials{ClientID: "id", ClientSecret: "secret"}, Auth: auth.Options{Clock: clock, FetchTimeout: time.Second}})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := c.Do(ctx, get(ccScheme), nil)
			done <- err
		}()
		if !clock.WaitTimers(1) {
			t.Fatal("the fetch never armed its timeout")
		}
		clock.Advance(time.Second)
		err = <-done
		if !errors.Is(err, auth.ErrTokenFetchTimeout) {
			t.Errorf("err = %v, want ErrTokenFetchTimeout", err)
		}
		checkText(t, "timeout", err, []string{"token request to " + tokens.TokenURL() + " failed", "timed out"}, []string{api.URL})
	})
}

// TestAuthErrorsSayTheFix walks the errors of runtime/auth used on its own.
func TestAuthErrorsSayTheFix(t *testing.T) {
	_, err := auth.NewClientCredentials(auth.ClientCredentialsConfig{TokenURL: "http://idp.example.com/token", ClientID: "id", ClientSecret: "s"}, auth.Options{})
	checkText(t, "insecure token URL", err, []string{`token URL "http://idp.example.com/token"`, "https://", "AllowInsecureHTTP"}, nil)
	_, err = auth.NewSignet(auth.SignetConfig{GenerateURL: "http://signet.example.com/g", APIKey: "k", APISecret: "s"}, auth.Options{})
	checkText(t, "insecure generate URL", err, []string{`generate-token URL "http://signet.example.com/g"`, "https://", "AllowInsecureHTTP"}, nil)
	_, err = auth.NewTransport(auth.TransportConfig{Origins: []string{"http://api.example.com"}})
	checkText(t, "insecure origin", err, []string{`API origin "http://api.example.com"`, "https://", "AllowInsecureHTTP"}, nil)

	// A refused token with a body that cannot be sent again.
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "id", ClientSecret: "secret"})
	defer tokens.Close()
	api := httptest.NewServer(tokens.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
	defer api.Close()
	src, err := auth.NewClientCredentials(auth.ClientCredentialsConfig{TokenURL: tokens.TokenURL(), ClientID: "id", ClientSecret: "secret", Scopes: []string{"signicat-api"}}, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := auth.NewTransport(auth.TransportConfig{Origins: []string{api.URL}, Schemes: []auth.Scheme{auth.Bearer(src)}})
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Transport: tr}
	resp, err := hc.Get(api.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	tokens.Revoke("tok-1")
	req, _ := http.NewRequest(http.MethodPost, api.URL, io.NopCloser(bytes.NewReader([]byte("x"))))
	_, err = hc.Do(req)
	if !errors.Is(err, auth.ErrBodyNotReplayable) {
		t.Errorf("err = %v, want ErrBodyNotReplayable", err)
	}
	checkText(t, "not replayable", err, []string{"token refused with status 401", "cannot be sent again", "GetBody"}, nil)
}

// signetFlows is the Flows map generated Signet options set.
func signetFlows(key, secret string) map[string]sigenimpl.TokenFlow {
	return map[string]sigenimpl.TokenFlow{"signet": func(env sigenimpl.FlowEnv) (auth.TokenSource, error) {
		return auth.NewSignet(auth.SignetConfig{GenerateURL: env.TokenURL, RefreshURL: env.RefreshURL, APIKey: key, APISecret: auth.Secret(secret)}, env.Auth)
	}}
}

func TestEnvError(t *testing.T) {
	err := sigenimpl.EnvError([]string{"A_ID", "A_SECRET"})
	if !errors.Is(err, auth.ErrNoCredentials) {
		t.Errorf("EnvError does not wrap ErrNoCredentials: %v", err)
	}
	checkText(t, "two", err, []string{"WithCredentialsFromEnv", "variables A_ID and A_SECRET are not set"}, nil)
	checkText(t, "one", sigenimpl.EnvError([]string{"A_SECRET"}), []string{"variable A_SECRET is not set"}, []string{"A_ID"})
}
