package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%T %v", "%10.3s", "%-v"}

// printAll renders v under every verb, as JSON, as text and through slog.
func printAll(v any) string {
	var b strings.Builder
	for _, verb := range verbs {
		fmt.Fprintf(&b, verb+"\n", v)
	}
	if js, err := json.Marshal(v); err == nil {
		b.Write(js)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "v", v)
	b.Write(buf.Bytes())
	return b.String()
}

// TestR25Redaction: secret-bearing types and config structs print no
// secret under any verb, JSON, text or slog.
func TestR25Redaction(t *testing.T) {
	bad := forbidden(testClientID, testClientSecret, "tok-77", "rt-77")
	sec := auth.Secret(testClientSecret)
	if got := sec.String(); got != "[REDACTED]" {
		t.Errorf("String() = %q", got)
	}
	if txt, _ := sec.MarshalText(); string(txt) != "[REDACTED]" {
		t.Errorf("MarshalText() = %q", txt)
	}
	tok := auth.Token{AccessToken: "tok-77", TokenType: "Bearer", RefreshToken: "rt-77", Expiry: time.Unix(0, 0)}
	for name, v := range map[string]any{
		"Secret":   sec,
		"*Secret":  &sec,
		"Token":    tok,
		"*Token":   &tok,
		"Entry":    auth.Entry{Token: tok},
		"CCConfig": auth.ClientCredentialsConfig{TokenURL: "https://x", ClientID: testClientID, ClientSecret: testClientSecret},
		"SignetConfig": &auth.SignetConfig{GenerateURL: "https://x", RefreshURL: "https://y",
			APIKey: testAPIKey, APISecret: testAPISecret},
		"slice": []auth.Secret{sec},
		"map":   map[string]auth.Secret{"k": sec},
	} {
		out := printAll(v)
		assertClean(t, name, out, append(bad, forbidden(testAPIKey, testAPISecret)...))
		if !strings.Contains(out, "[REDACTED]") {
			t.Errorf("%s: no [REDACTED] in %s", name, out)
		}
	}
	var nilp *auth.Secret
	_ = fmt.Sprintf("%v", nilp) // no panic
}

// TestR25ErrorsCarryNoSecrets drives every failure path and checks the
// errors: no secret, token or response body, but the safe fields.
func TestR25ErrorsCarryNoSecrets(t *testing.T) {
	bad := forbidden(testClientID, testClientSecret)
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			w.Header().Set("X-Request-Id", "req-123")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			// Echo the request into every text field and the body.
			desc := string(body) + " " + r.Header.Get("Authorization") + "\x00\x1b[31m"
			json.NewEncoder(w).Encode(map[string]string{
				"error": "invalid_client", "error_description": desc, "echo": string(body), "access_token": "tok-55",
			})
		}
	}
	for _, tt := range []struct {
		name    string
		handler http.HandlerFunc
		style   auth.AuthStyle
		status  int
	}{
		{"echo 400 basic", echo(400), auth.ClientSecretBasic, 400},
		{"echo 400 post", echo(400), auth.ClientSecretPost, 400},
		{"echo 200 with error post", echo(200), auth.ClientSecretPost, 200},
		{"echo 503 post", echo(503), auth.ClientSecretPost, 503},
		{"redirect", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://elsewhere.example/"+url.QueryEscape(testClientSecret), http.StatusTemporaryRedirect)
		}, auth.ClientSecretBasic, 307},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c, _ := auth.NewClientCredentials(auth.ClientCredentialsConfig{
				TokenURL: srv.URL, ClientID: testClientID, ClientSecret: testClientSecret, AuthStyle: tt.style,
			}, auth.Options{Logger: testLogger()})
			auth.SetRand(c, noJitter)
			_, err := c.Token(context.Background())
			if err == nil {
				t.Fatal("Token() succeeded")
			}
			for _, verb := range verbs {
				assertClean(t, "error "+verb, fmt.Sprintf(verb, err), bad)
			}
			var te *auth.TokenError
			if !errors.As(err, &te) {
				t.Fatalf("error %v is not a *TokenError", err)
			}
			if te.StatusCode != tt.status {
				t.Errorf("StatusCode = %d, want %d", te.StatusCode, tt.status)
			}
			if tt.status != 307 {
				if te.Code != "invalid_client" || te.RequestID != "req-123" {
					t.Errorf("Code %q RequestID %q, want invalid_client req-123", te.Code, te.RequestID)
				}
				if strings.ContainsAny(te.Description, "\x00\x1b") || len(te.Description) > 256 {
					t.Errorf("Description not sanitised: %q", te.Description)
				}
				if strings.Contains(err.Error(), "echo") {
					t.Errorf("error contains the response body: %v", err)
				}
			}
		})
	}

	// Timeout path and Signet paths.
	f := newSignicat(t, time.Minute)
	f.srv.HangNext(1)
	opts := f.options()
	opts.FetchTimeout = time.Second
	c, _ := auth.NewClientCredentials(f.config(), opts)
	errc := make(chan error)
	go func() { _, err := c.Token(context.Background()); errc <- err }()
	waitFor(t, "hanging fetch", func() bool { return f.clock.Timers() == 1 && f.srv.TokenRequests() == 1 })
	f.clock.Advance(time.Second)
	err := <-errc
	assertClean(t, "timeout error", fmt.Sprintf("%+v %#v", err, err), bad)

	s := newSignet(t)
	msg, _ := json.Marshal("bad secret " + testAPISecret)
	s.srv.Script(authtest.Failure{Status: 401, Body: `{"success":false,"message":` + string(msg) +
		`,"errors":{"credentials":{"code":"invalid_credentials"},"authorization":{"code":"x"}}}`})
	sc := s.cache(t)
	_, err = sc.Token(context.Background())
	assertClean(t, "signet error", fmt.Sprintf("%v %+v %#v", err, err, err), forbidden(testAPIKey, testAPISecret))
	var te *auth.TokenError
	if !errors.As(err, &te) || te.Code != "x" || len(te.Codes) != 2 || te.Codes[1] != "invalid_credentials" {
		t.Errorf("signet TokenError = %+v, want codes [x invalid_credentials]", te)
	}
}

// TestR26TLSOnly: plain http to a non-loopback host fails at construction
// and sends nothing; loopback and the opt-in work; TLS servers work.
func TestR26TLSOnly(t *testing.T) {
	ct := &countingTransport{}
	hc := &http.Client{Transport: ct}
	insecure := "http://api.example.com/token"
	if _, err := auth.NewClientCredentials(auth.ClientCredentialsConfig{TokenURL: insecure, ClientID: "id"}, auth.Options{HTTPClient: hc}); !errors.Is(err, auth.ErrInsecureEndpoint) {
		t.Errorf("NewClientCredentials(%s) error = %v, want ErrInsecureEndpoint", insecure, err)
	}
	if _, err := auth.NewSignet(auth.SignetConfig{GenerateURL: insecure, RefreshURL: "https://x", APIKey: "k"}, auth.Options{HTTPClient: hc}); !errors.Is(err, auth.ErrInsecureEndpoint) {
		t.Errorf("NewSignet error = %v, want ErrInsecureEndpoint", err)
	}
	if _, err := auth.NewTransport(auth.TransportConfig{Base: ct, Origins: []string{"http://api.example.com"}}); !errors.Is(err, auth.ErrInsecureEndpoint) {
		t.Errorf("NewTransport error = %v, want ErrInsecureEndpoint", err)
	}
	if _, err := auth.NewClientCredentials(auth.ClientCredentialsConfig{TokenURL: "ftp://x/token", ClientID: "id"}, auth.Options{}); !errors.Is(err, auth.ErrInsecureEndpoint) {
		t.Errorf("ftp: error = %v, want ErrInsecureEndpoint", err)
	}
	if n := ct.n.Load(); n != 0 {
		t.Errorf("requests sent = %d, want 0", n)
	}
	for _, u := range []string{"http://127.0.0.1:1/t", "http://127.9.9.9/t", "http://[::1]:8080/t", "http://localhost/t", "http://LOCALHOST:9/t"} {
		if _, err := auth.NewClientCredentials(auth.ClientCredentialsConfig{TokenURL: u, ClientID: "id"}, auth.Options{}); err != nil {
			t.Errorf("loopback %s: error = %v", u, err)
		}
	}
	// Opt-in: the canned transport answers without a network.
	canned := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(`{"access_token":"tok-1","expires_in":60}`)), Request: r}, nil
	})
	c, err := auth.NewClientCredentials(auth.ClientCredentialsConfig{TokenURL: insecure, ClientID: "id"},
		auth.Options{AllowInsecureHTTP: true, HTTPClient: &http.Client{Transport: canned}})
	if err != nil {
		t.Fatalf("AllowInsecureHTTP: error = %v", err)
	}
	if got := mustToken(t, c); got != "tok-1" {
		t.Errorf("Token() = %q, want tok-1", got)
	}
	if _, err := auth.NewTransport(auth.TransportConfig{Origins: []string{"http://api.example.com"}, AllowInsecureHTTP: true}); err != nil {
		t.Errorf("NewTransport with AllowInsecureHTTP: %v", err)
	}

	// TLS: works with the server's certificate pool, fails without.
	srv := authtest.NewSignicat(authtest.SignicatConfig{TLS: true})
	defer srv.Close()
	cfg := auth.ClientCredentialsConfig{TokenURL: srv.TokenURL(), ClientID: "id", Scopes: []string{"signicat-api"}}
	ok, _ := auth.NewClientCredentials(cfg, auth.Options{HTTPClient: srv.Client(), Logger: testLogger()})
	if got := mustToken(t, ok); got != "tok-1" {
		t.Errorf("TLS Token() = %q, want tok-1", got)
	}
	untrusted, _ := auth.NewClientCredentials(cfg, auth.Options{Logger: testLogger()})
	auth.SetRand(untrusted, noJitter)
	if _, err := untrusted.Token(context.Background()); err == nil {
		t.Error("untrusted TLS certificate accepted")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestR27NoRedirects: a token endpoint answering 302/307/308 fails the
// fetch with the status and the Location host; the target receives
// nothing, whatever the client's own CheckRedirect says.
func TestR27NoRedirects(t *testing.T) {
	var foreignHits atomic.Int64
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { foreignHits.Add(1) }))
	defer foreign.Close()
	target := strings.Replace(foreign.URL, "127.0.0.1", "localhost", 1) + "/steal"
	follow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, style := range []auth.AuthStyle{auth.ClientSecretBasic, auth.ClientSecretPost} {
			f := newSignicat(t, time.Minute)
			f.srv.Script(authtest.Failure{Status: status, Location: target, Body: "{}"})
			cfg := f.config()
			cfg.AuthStyle = style
			opts := f.options()
			opts.HTTPClient = follow
			c, _ := auth.NewClientCredentials(cfg, opts)
			_, err := c.Token(context.Background())
			var te *auth.TokenError
			if !errors.As(err, &te) || te.StatusCode != status || !strings.HasPrefix(te.Location, "localhost:") {
				t.Errorf("%d %v: error = %v, want status and Location host", status, style, err)
			}
			if !strings.Contains(err.Error(), fmt.Sprint(status)) {
				t.Errorf("error %q does not name the status", err)
			}
			if f.srv.TokenRequests() != 1 {
				t.Errorf("token requests = %d, want 1", f.srv.TokenRequests())
			}
		}
	}
	if n := foreignHits.Load(); n != 0 {
		t.Errorf("redirect target received %d requests, want 0", n)
	}
}

// TestSchemes covers the static schemes and SecretFromEnv.
func TestSchemes(t *testing.T) {
	var got http.Header
	var gotURL *url.URL
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, gotURL = r.Header.Clone(), r.URL
	}))
	defer srv.Close()
	t.Setenv("SIGEN_TEST_SECRET", "from-env")
	envSecret, ok := auth.SecretFromEnv("SIGEN_TEST_SECRET")
	if !ok || envSecret.Reveal() != "from-env" {
		t.Fatalf("SecretFromEnv = %v, %v", envSecret, ok)
	}
	if _, ok := auth.SecretFromEnv("SIGEN_TEST_UNSET_VARIABLE"); ok {
		t.Error("SecretFromEnv of an unset variable reported ok")
	}
	tr, err := auth.NewTransport(auth.TransportConfig{
		Origins: []string{srv.URL},
		Schemes: []auth.Scheme{
			auth.APIKey(auth.InHeader, "X-Api-Key", "hk"),
			auth.APIKey(auth.InQuery, "api_key", envSecret),
			auth.APIKey(auth.InCookie, "session", "ck"),
			auth.Basic("user", "pa:ss"),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/p?x=1", nil)
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got.Get("X-Api-Key") != "hk" || gotURL.Query().Get("api_key") != "from-env" || gotURL.Query().Get("x") != "1" ||
		!strings.Contains(got.Get("Cookie"), "session=ck") || !strings.HasPrefix(got.Get("Authorization"), "Basic ") {
		t.Errorf("credentials not applied: header %v url %v", got, gotURL)
	}
	if req.URL.RawQuery != "x=1" || len(req.Header) != 0 {
		t.Errorf("caller's request modified: %v %v", req.URL, req.Header)
	}

	tr2, _ := auth.NewTransport(auth.TransportConfig{Origins: []string{srv.URL}, Schemes: []auth.Scheme{auth.StaticBearer("st")}})
	resp, err = (&http.Client{Transport: tr2}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got.Get("Authorization") != "Bearer st" {
		t.Errorf("StaticBearer: Authorization %q", got.Get("Authorization"))
	}
	if _, err := auth.NewTransport(auth.TransportConfig{Origins: []string{srv.URL + "/path"}}); err == nil {
		t.Error("origin with a path accepted")
	}
	if _, err := auth.NewTransport(auth.TransportConfig{}); err == nil {
		t.Error("no origins accepted")
	}
}

// TestR28NoCredentialLogging runs happy and failure paths of both vendors
// and the transport with a debug logger and scans what it captured. The
// whole suite's log is scanned again by TestMain.
func TestR28NoCredentialLogging(t *testing.T) {
	before := len(logs.String())
	// Client credentials: success, refusal and replay, refresh ahead,
	// failures with an echoing server.
	a := newAPI(t, nil)
	a.get(t, "/one")
	a.srv.Revoke("tok-1")
	a.get(t, "/two")
	a.clock.Set(auth.Current(a.cache).SoftAt)
	a.get(t, "/three")
	waitFor(t, "refresh", func() bool { return !auth.Busy(a.cache) })
	a.srv.FailNext(3, 503, 0)
	a.clock.Advance(time.Hour)
	if _, err := a.client.Get(a.api.URL + "/four"); err == nil {
		t.Error("GET /four succeeded with a failing token endpoint")
	}
	// Signet: generate, refresh, refused refresh.
	s := newSignet(t)
	c := s.cache(t)
	mustToken(t, c)
	s.clock.Advance(time.Hour)
	mustToken(t, c)
	s.srv.FailNext(1, 401, 0)
	s.clock.Advance(time.Hour)
	mustToken(t, c)

	out := logs.String()[before:]
	for _, want := range []string{"auth: token request", "auth: token fetched", "auth: token refused", "auth: retrying", "auth: signet refresh failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("debug log lacks %q; the scan would be vacuous", want)
		}
	}
	assertClean(t, "debug log", out, allForbidden())
}
