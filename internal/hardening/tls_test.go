package hardening

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sigen-dev/sigen/generated/signet/fraud"
	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// wire counts every dial and every request a client makes, and routes the
// made-up hosts *.example.test to real loopback servers.
type wire struct {
	dials, reqs atomic.Int64
	routes      map[string]string // host:port → loopback address
	tr          *http.Transport
}

func newWire(t *testing.T, routes map[string]string) *wire {
	w := &wire{routes: routes}
	d := &net.Dialer{}
	w.tr = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		w.dials.Add(1)
		if to, ok := w.routes[addr]; ok {
			addr = to
		}
		return d.DialContext(ctx, network, addr)
	}}
	t.Cleanup(w.tr.CloseIdleConnections)
	return w
}

func (w *wire) RoundTrip(r *http.Request) (*http.Response, error) {
	w.reqs.Add(1)
	return w.tr.RoundTrip(r)
}

func (w *wire) client() *http.Client { return &http.Client{Transport: w} }

// TestInsecureEndpointsRefused: credentials are refused for plain-http
// token, refresh and API URLs on non-loopback hosts at construction, before
// a byte is sent (R26).
func TestInsecureEndpointsRefused(t *testing.T) {
	const httpsAPI = "https://api.example.test/auth/rest"
	const httpsToken = "https://tokens.example.test/auth/open/connect/token"
	for _, tc := range []struct {
		name, base, token string
		refused           bool
	}{
		{"http token URL", httpsAPI, "http://tokens.example.test/auth/open/connect/token", true},
		{"http base URL", "http://api.example.test/auth/rest", httpsToken, true},
		{"both http", "http://api.example.test/auth/rest", "http://tokens.example.test/token", true},
		{"userinfo trick", httpsAPI, "http://127.0.0.1@tokens.example.test/token", true},
		{"loopback-looking name", httpsAPI, "http://127.0.0.1.example.test/token", true},
		{"localhost suffix", httpsAPI, "http://localhost.example.test/token", true},
		{"hex loopback", httpsAPI, "http://0x7f000001/token", true},
		{"ftp token URL", httpsAPI, "ftp://tokens.example.test/token", true},
		{"upper-case HTTP", "HTTP://API.EXAMPLE.TEST/auth/rest", httpsToken, true},
		{"http 127.0.0.1", "http://127.0.0.1:1/auth/rest", "http://127.0.0.1:1/token", false},
		{"http localhost", "http://localhost:1/auth/rest", "http://localhost:1/token", false},
		{"http [::1]", "http://[::1]:1/auth/rest", "http://[::1]:1/token", false},
		{"http 127.8.9.10", "http://127.8.9.10:1/auth/rest", "http://127.8.9.10:1/token", false},
		{"https", httpsAPI, httpsToken, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWire(t, nil)
			_, err := authentication.NewClient(
				authentication.WithBaseURL(tc.base), authentication.WithTokenURL(tc.token),
				authentication.WithClientCredentials(ccID, ccSecret), authentication.WithHTTPClient(w.client()),
			)
			if tc.refused != errors.Is(err, auth.ErrInsecureEndpoint) {
				t.Errorf("NewClient(%s, %s) = %v, want refused=%v with ErrInsecureEndpoint", tc.base, tc.token, err, tc.refused)
			}
			if !tc.refused && err != nil {
				t.Errorf("NewClient = %v", err)
			}
			if err != nil {
				newScanner().checkErr(t, "construction error", err)
			}
			// Signet: the generate URL, and the refresh URL alone.
			_, err = fraud.NewClient(
				fraud.WithBaseURL(strings.TrimSuffix(tc.base, "/auth/rest")), fraud.WithTokenURL(tc.token),
				fraud.WithSignetCredentials(sgKey, sgSecret), fraud.WithHTTPClient(w.client()),
			)
			if tc.refused != errors.Is(err, auth.ErrInsecureEndpoint) {
				t.Errorf("fraud.NewClient(%s, %s) = %v, want refused=%v", tc.base, tc.token, err, tc.refused)
			}
			if d, r := w.dials.Load(), w.reqs.Load(); d != 0 || r != 0 {
				t.Errorf("construction dialled %d times and sent %d requests, want 0", d, r)
			}
		})
	}
	t.Run("signet http refresh URL", func(t *testing.T) {
		w := newWire(t, nil)
		_, err := fraud.NewClient(
			fraud.WithBaseURL("https://api.example.test"), fraud.WithTokenURL("https://tokens.example.test/dpop/v1/api/generate-token"),
			fraud.WithRefreshURL("http://tokens.example.test/dpop/v1/api/refresh-token"),
			fraud.WithSignetCredentials(sgKey, sgSecret), fraud.WithHTTPClient(w.client()),
		)
		if !errors.Is(err, auth.ErrInsecureEndpoint) {
			t.Errorf("NewClient = %v, want ErrInsecureEndpoint", err)
		}
		if d, r := w.dials.Load(), w.reqs.Load(); d != 0 || r != 0 {
			t.Errorf("dialled %d, sent %d, want 0", d, r)
		}
	})
}

// TestAllowInsecureHTTP: with WithAllowInsecureHTTP, plain http to
// non-loopback hosts works end to end.
func TestAllowInsecureHTTP(t *testing.T) {
	cc := authtest.NewSignicat(authtest.SignicatConfig{ClientID: ccID, ClientSecret: ccSecret})
	defer cc.Close()
	api := fakeapi.NewSignicatAuth(cc)
	defer api.Close()
	w := newWire(t, map[string]string{
		"tokens.example.test:80": strings.TrimPrefix(cc.URL, "http://"),
		"api.example.test:80":    strings.TrimPrefix(api.URL, "http://"),
	})
	c, err := authentication.NewClient(
		authentication.WithBaseURL("http://api.example.test/auth/rest"),
		authentication.WithTokenURL("http://tokens.example.test/auth/open/connect/token"),
		authentication.WithClientCredentials(ccID, ccSecret), authentication.WithHTTPClient(w.client()),
		authentication.WithAllowInsecureHTTP(),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateSession(context.Background(), nil, authentication.SessionRequest{Flow: authentication.FlowRedirect,
		CallbackURLs: &authentication.CallbackURLs{Success: "https://example.com/ok"}}); err != nil {
		t.Fatalf("CreateSession over plain http with the opt-in: %v", err)
	}
	if got := api.Last().Header.Get("Authorization"); got != "Bearer tok-1" {
		t.Errorf("Authorization = %q", got)
	}
	if n := cc.TokenRequests(); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

// TestTLS: https token endpoint and API with the fake servers' certificate
// pool work; an untrusted certificate fails the fetch with the x509 error,
// and nothing is sent to the API (R26).
func TestTLS(t *testing.T) {
	t.Run("signicat", func(t *testing.T) {
		tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: ccID, ClientSecret: ccSecret, TLS: true})
		defer tokens.Close()
		api := httptest.NewTLSServer(tokens.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"id":"s-1","status":"CREATED"}`))
		})))
		defer api.Close()
		if !strings.HasPrefix(tokens.TokenURL(), "https://") {
			t.Fatalf("token URL %s is not https", tokens.TokenURL())
		}
		c, err := authentication.NewClient(
			authentication.WithBaseURL(api.URL+"/auth/rest"), authentication.WithTokenURL(tokens.TokenURL()),
			authentication.WithClientCredentials(ccID, ccSecret), authentication.WithHTTPClient(tokens.Client()),
		)
		if err != nil {
			t.Fatal(err)
		}
		s, err := c.GetSession(context.Background(), "s-1", nil)
		if err != nil || s.ID != "s-1" {
			t.Fatalf("GetSession over TLS = %+v, %v", s, err)
		}
		if n, a := tokens.TokenRequests(), tokens.APIRequests(); n != 1 || a != 1 {
			t.Errorf("token, API requests = %d, %d; want 1, 1", n, a)
		}

		// Without the certificate pool: the handshake fails, is retried
		// as a network error (R17), and the API gets nothing.
		before := tokens.TokenRequests()
		w := newWire(t, nil)
		c2, err := authentication.NewClient(
			authentication.WithBaseURL(api.URL+"/auth/rest"), authentication.WithTokenURL(tokens.TokenURL()),
			authentication.WithClientCredentials(ccID, ccSecret), authentication.WithHTTPClient(w.client()),
		)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c2.GetSession(context.Background(), "s-1", nil)
		var unknown x509.UnknownAuthorityError
		if !errors.As(err, &unknown) {
			t.Errorf("err = %v, want an x509.UnknownAuthorityError", err)
		}
		var te *auth.TokenError
		if !errors.As(err, &te) || te.Attempts != 1 {
			t.Errorf("untrusted certificate: err = %v, want a *TokenError after 1 attempt (a certificate error is not retried)", err)
		}
		if n := tokens.TokenRequests() - before; n != 0 {
			t.Errorf("token requests that got through = %d, want 0", n)
		}
		if a := tokens.APIRequests(); a != 1 {
			t.Errorf("API requests = %d, want still 1", a)
		}
		newScanner().checkErr(t, "x509 error", err)
	})
	t.Run("signet", func(t *testing.T) {
		tokens := authtest.NewSignet(authtest.SignetConfig{APIKey: sgKey, APISecret: sgSecret, TLS: true})
		defer tokens.Close()
		api := httptest.NewTLSServer(tokens.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"success":true,"data":{"isBlacklisted":false,"reason":null,"blacklistedAt":null}}`))
		})))
		defer api.Close()
		c, err := fraud.NewClient(
			fraud.WithBaseURL(api.URL), fraud.WithTokenURL(tokens.GenerateURL()),
			fraud.WithSignetCredentials(sgKey, sgSecret), fraud.WithHTTPClient(tokens.Client()),
		)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.CheckBlacklistStatus(context.Background(), user1); err != nil {
			t.Fatalf("CheckBlacklistStatus over TLS: %v", err)
		}
		if n, a := tokens.TokenRequests(), tokens.APIRequests(); n != 1 || a != 1 {
			t.Errorf("token, API requests = %d, %d; want 1, 1", n, a)
		}
	})
}
