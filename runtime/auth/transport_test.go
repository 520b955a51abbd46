package auth_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// apiFixture is a fake API guarded by the Signicat fake, with a client
// whose transport is an auth Transport.
type apiFixture struct {
	*signicatFixture
	cache  *auth.Cache
	api    *httptest.Server
	client *http.Client
	mu     sync.Mutex
	seen   []string // Authorization headers of requests that reached the API
	bodies [][32]byte
}

// newAPI starts a fake API whose handler is h (after authorization).
func newAPI(t *testing.T, h http.HandlerFunc) *apiFixture {
	t.Helper()
	a := &apiFixture{signicatFixture: newSignicat(t, 600*time.Second)}
	a.cache = a.signicatFixture.cache(t)
	if h == nil {
		h = func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }
	}
	record := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			a.mu.Lock()
			a.seen = append(a.seen, r.Header.Get("Authorization"))
			a.bodies = append(a.bodies, sha256.Sum256(body))
			a.mu.Unlock()
			next.ServeHTTP(w, r)
		})
	}
	a.api = httptest.NewServer(record(a.srv.Authorize(h)))
	t.Cleanup(a.api.Close)
	tr, err := auth.NewTransport(auth.TransportConfig{
		Origins: []string{a.api.URL},
		Schemes: []auth.Scheme{auth.Bearer(a.cache)},
		Logger:  testLogger(),
	})
	if err != nil {
		t.Fatal(err)
	}
	a.client = &http.Client{Transport: tr}
	return a
}

func (a *apiFixture) get(t *testing.T, path string) *http.Response {
	t.Helper()
	resp, err := a.client.Get(a.api.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// TestR20AttachOnlyToOrigin: the token goes on a clone only to a
// configured origin; a redirect to another origin carries none.
func TestR20AttachOnlyToOrigin(t *testing.T) {
	var foreignAuth atomic.Value
	foreignAuth.Store("unset")
	var foreignHits atomic.Int64
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignHits.Add(1)
		foreignAuth.Store(r.Header.Get("Authorization"))
	}))
	defer foreign.Close()
	// Same server, addressed as localhost: another origin.
	foreignURL := strings.Replace(foreign.URL, "127.0.0.1", "localhost", 1)

	a := newAPI(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, foreignURL+"/landing", http.StatusFound)
	})
	req, _ := http.NewRequest(http.MethodGet, a.api.URL+"/start", nil)
	resp, err := a.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if foreignHits.Load() != 1 {
		t.Fatalf("foreign hits = %d, want 1", foreignHits.Load())
	}
	if got := foreignAuth.Load().(string); got != "" {
		t.Errorf("foreign origin received Authorization %q", got)
	}
	if got := req.Header.Get("Authorization"); got != "" {
		t.Errorf("caller's request was modified: Authorization %q", got)
	}
	if len(a.seen) != 1 || a.seen[0] != "Bearer tok-1" {
		t.Errorf("API saw %q, want [Bearer tok-1]", a.seen)
	}

	// A request straight to an unconfigured origin gets no credentials.
	resp, err = a.client.Get(foreignURL + "/direct")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := foreignAuth.Load().(string); got != "" {
		t.Errorf("unconfigured origin received Authorization %q", got)
	}
}

// TestR21RetryOnce: a revoked token is replaced and the request replayed
// once with an identical body; the first body is closed; a server that
// always refuses sees exactly 2 attempts.
func TestR21RetryOnce(t *testing.T) {
	a := newAPI(t, nil)
	closes := &closeTracker{}
	a.client.Transport.(*auth.Transport).SetBaseForTest(closes)
	a.get(t, "/warm")
	a.srv.Revoke("tok-1")
	a.seen, a.bodies = nil, nil

	body := []byte(`{"a":1}`)
	req, _ := http.NewRequest(http.MethodPost, a.api.URL+"/x", bytes.NewReader(body))
	resp, err := a.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status = %d, want 200", resp.StatusCode)
	}
	if r := a.srv.TokenRequests(); r != 2 {
		t.Errorf("token requests = %d, want 2", r)
	}
	if len(a.seen) != 2 || a.seen[0] != "Bearer tok-1" || a.seen[1] != "Bearer tok-2" {
		t.Errorf("API saw %q, want tok-1 then tok-2", a.seen)
	}
	if len(a.bodies) != 2 || a.bodies[0] != a.bodies[1] || a.bodies[0] != sha256.Sum256(body) {
		t.Error("replayed body differs from the original")
	}
	if n := closes.closed.Load(); n < 1 {
		t.Errorf("refused response bodies closed = %d, want >= 1", n)
	}

	// Always refused: exactly 2 attempts, the second refusal returned.
	b := newAPI(t, nil)
	b.srv.SetLifetime(0) // every token is born expired for the API
	resp = b.get(t, "/y")
	if resp.StatusCode != 401 {
		t.Errorf("status = %d, want 401", resp.StatusCode)
	}
	if n := len(b.seen); n != 2 {
		t.Errorf("API attempts = %d, want 2", n)
	}
}

// TestR21SignetClassifier: Signet's success:false body with
// errors.authorization.code missing_header counts as a refusal even when
// the status is not 401.
func TestR21SignetClassifier(t *testing.T) {
	for _, status := range []int{401, 400, 403} {
		f := newSignet(t)
		c := f.cache(t)
		f.srv.SetRefusalStatus(status)
		var hits atomic.Int64
		api := httptest.NewServer(f.srv.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			io.WriteString(w, `{"success":true}`)
		})))
		tr, err := auth.NewTransport(auth.TransportConfig{Origins: []string{api.URL}, Schemes: []auth.Scheme{auth.Bearer(c)}, Logger: testLogger()})
		if err != nil {
			t.Fatal(err)
		}
		client := &http.Client{Transport: tr}
		mustToken(t, c)
		f.srv.Revoke("tok-1")
		resp, err := client.Get(api.URL + "/fraud/v1/blacklist/users")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || hits.Load() != 1 {
			t.Errorf("status %d: got %d after %d handler hits, want 200 after replay", status, resp.StatusCode, hits.Load())
		}
		if f.srv.TokenRequests() != 2 {
			t.Errorf("status %d: token requests = %d, want 2", status, f.srv.TokenRequests())
		}
		api.Close()
	}

	// Configured codes replace the default set.
	g := newSignet(t)
	g.srv.SetRefusalStatus(400)
	custom, err := auth.NewSignet(auth.SignetConfig{GenerateURL: g.srv.GenerateURL(), RefreshURL: g.srv.RefreshURL(),
		APIKey: testAPIKey, APISecret: testAPISecret, RefusalCodes: []string{"other_code"}}, auth.Options{Clock: g.clock})
	if err != nil {
		t.Fatal(err)
	}
	gapi := httptest.NewServer(g.srv.Authorize(http.NotFoundHandler()))
	defer gapi.Close()
	gtr, _ := auth.NewTransport(auth.TransportConfig{Origins: []string{gapi.URL}, Schemes: []auth.Scheme{auth.Bearer(custom)}})
	mustToken(t, custom)
	g.srv.Revoke("tok-1")
	resp, err := (&http.Client{Transport: gtr}).Get(gapi.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 || g.srv.TokenRequests() != 1 {
		t.Errorf("custom codes: status %d after %d token requests, want 400 and no refresh", resp.StatusCode, g.srv.TokenRequests())
	}

	// Other failures with success:false are not refusals, and the body
	// reaches the caller intact.
	f := newSignet(t)
	c := f.cache(t)
	const other = `{"success":false,"message":"bad","errors":{"userId":{"code":"invalid_request","reason":"x"}}}`
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		io.WriteString(w, other)
	}))
	defer api.Close()
	tr, _ := auth.NewTransport(auth.TransportConfig{Origins: []string{api.URL}, Schemes: []auth.Scheme{auth.Bearer(c)}})
	resp, err = (&http.Client{Transport: tr}).Get(api.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != other || f.srv.TokenRequests() != 1 {
		t.Errorf("body %q after %d token requests, want the original body and 1", got, f.srv.TokenRequests())
	}
}

// TestR22CoalescedInvalidation: 100 concurrent requests refused with the
// same token cause exactly 1 token request and 100 replays with the new
// token; a late refusal of the old token causes no fetch.
func TestR22CoalescedInvalidation(t *testing.T) {
	const n = 100
	var arrived atomic.Int64
	release := make(chan struct{})
	a := newAPI(t, nil)
	// Hold the refusals of tok-1 until all 100 requests have arrived.
	a.api.Config.Handler = func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") == "Bearer tok-1" {
				if arrived.Add(1) == n {
					close(release)
				}
				<-release
			}
			next.ServeHTTP(w, r)
		})
	}(a.api.Config.Handler)
	mustToken(t, a.cache)
	a.srv.Revoke("tok-1")

	codes := make([]int, n)
	herd(n, func(i int) {
		resp, err := a.client.Get(a.api.URL + "/z")
		if err != nil {
			t.Errorf("GET: %v", err)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		codes[i] = resp.StatusCode
	})
	replays := 0
	for _, h := range a.seen {
		if h == "Bearer tok-2" {
			replays++
		}
	}
	t.Logf("%d requests refused with tok-1: %d new token request(s), %d replays", n, a.srv.TokenRequests()-1, replays)
	if r := a.srv.TokenRequests(); r != 2 {
		t.Errorf("token requests = %d, want 2 (1 initial + exactly 1 new)", r)
	}
	if replays != n {
		t.Errorf("replays with tok-2 = %d, want %d", replays, n)
	}
	for i, c := range codes {
		if c != 200 {
			t.Fatalf("request %d: status %d, want 200", i, c)
		}
	}
	// A late refusal of tok-1: tok-2 stays, no fetch.
	if !a.cache.Invalidate(context.Background(), "tok-1") {
		t.Error("Invalidate(tok-1) = false, want true (newer token available)")
	}
	if got := mustToken(t, a.cache); got != "tok-2" || a.srv.TokenRequests() != 2 {
		t.Errorf("after late refusal: Token() = %q, token requests %d; want tok-2, 2", got, a.srv.TokenRequests())
	}
}

// TestR23ForcedRefreshLimiter: against an API that always refuses, 1000
// calls within 1 s cost at most 2 token requests; 5 s later one more forced
// refresh is allowed.
func TestR23ForcedRefreshLimiter(t *testing.T) {
	var hits atomic.Int64
	a := newAPI(t, nil)
	a.api.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusUnauthorized)
	})
	for range 1000 {
		if resp := a.get(t, "/always"); resp.StatusCode != 401 {
			t.Fatalf("status = %d, want 401", resp.StatusCode)
		}
	}
	if r := a.srv.TokenRequests(); r > 2 {
		t.Errorf("token requests for 1000 refused calls = %d, want <= 2", r)
	}
	if h := hits.Load(); h > 1001 {
		t.Errorf("API attempts = %d, want <= 1001 (at most one replay)", h)
	}
	before := a.srv.TokenRequests()
	a.clock.Advance(5 * time.Second)
	a.get(t, "/always")
	a.get(t, "/always")
	if r := a.srv.TokenRequests(); r != before+1 {
		t.Errorf("after 5 s: token requests = %d, want %d", r, before+1)
	}
}

// TestR23RevokedAfterSuccess: a token the API accepted and then refuses was
// revoked, so it is replaced at once even within 5 s of the last
// refusal-driven refresh; every request still succeeds.
func TestR23RevokedAfterSuccess(t *testing.T) {
	a := newAPI(t, nil)
	for i := 1; i <= 5; i++ {
		if resp := a.get(t, "/ok"); resp.StatusCode != 200 {
			t.Fatalf("round %d: status = %d before the revocation", i, resp.StatusCode)
		}
		a.srv.Revoke(fmt.Sprintf("tok-%d", i))
		if resp := a.get(t, "/ok"); resp.StatusCode != 200 {
			t.Fatalf("round %d: status = %d after revoking an accepted token, want 200 after one replay", i, resp.StatusCode)
		}
	}
	if r := a.srv.TokenRequests(); r != 6 {
		t.Errorf("token requests = %d, want 6 (one per revoked token, no clock advance)", r)
	}
}

// TestR24ReplayableBodies: bytes bodies are replayed byte for byte with
// GetBody called once; a pipe body is not replayed and the error wraps
// ErrBodyNotReplayable; GET without a body is replayed.
func TestR24ReplayableBodies(t *testing.T) {
	t.Run("bytes", func(t *testing.T) {
		a := newAPI(t, nil)
		mustToken(t, a.cache)
		a.srv.Revoke("tok-1")
		body := bytes.Repeat([]byte("payload-"), 1000)
		req, _ := http.NewRequest(http.MethodPost, a.api.URL+"/p", bytes.NewReader(body))
		var calls atomic.Int64
		getBody := req.GetBody
		req.GetBody = func() (io.ReadCloser, error) { calls.Add(1); return getBody() }
		resp, err := a.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || calls.Load() != 1 {
			t.Errorf("status %d, GetBody calls %d; want 200, 1", resp.StatusCode, calls.Load())
		}
		if len(a.bodies) != 2 || a.bodies[1] != sha256.Sum256(body) {
			t.Error("replayed body is not byte-identical")
		}
	})
	t.Run("pipe", func(t *testing.T) {
		a := newAPI(t, nil)
		mustToken(t, a.cache)
		a.srv.Revoke("tok-1")
		pr, pw := io.Pipe()
		go func() { pw.Write([]byte("stream")); pw.Close() }()
		req, _ := http.NewRequest(http.MethodPost, a.api.URL+"/p", pr)
		_, err := a.client.Do(req)
		if !errors.Is(err, auth.ErrBodyNotReplayable) {
			t.Errorf("error = %v, want ErrBodyNotReplayable", err)
		}
		if len(a.seen) != 1 {
			t.Errorf("API attempts = %d, want 1", len(a.seen))
		}
		// The refused token was still invalidated: the next call is fine.
		if resp := a.get(t, "/after"); resp.StatusCode != 200 {
			t.Errorf("next request status = %d, want 200", resp.StatusCode)
		}
	})
	t.Run("GET", func(t *testing.T) {
		a := newAPI(t, nil)
		mustToken(t, a.cache)
		a.srv.Revoke("tok-1")
		if resp := a.get(t, "/g"); resp.StatusCode != 200 || len(a.seen) != 2 {
			t.Errorf("status %d after %d attempts, want 200 after 2", resp.StatusCode, len(a.seen))
		}
	})
}

// closeTracker is a base RoundTripper that counts closes of the response
// bodies of refused responses.
type closeTracker struct{ closed atomic.Int64 }

func (c *closeTracker) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && resp.StatusCode == 401 {
		resp.Body = &trackedBody{resp.Body, &c.closed}
	}
	return resp, err
}

type trackedBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *trackedBody) Close() error { b.n.Add(1); return b.ReadCloser.Close() }

// TestR2NeverSendsExpiredToken walks the fake clock through many token
// lifetimes while calling the API: no request ever carries a token the
// server considers expired.
func TestR2NeverSendsExpiredToken(t *testing.T) {
	a := newAPI(t, nil)
	a.srv.SetLifetime(10 * time.Second)
	var expired atomic.Int64
	a.api.Config.Handler = func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "); !a.srv.Valid(tok) {
				expired.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	}(a.api.Config.Handler)
	for range 400 {
		if resp := a.get(t, "/tick"); resp.StatusCode != 200 {
			t.Fatalf("status = %d, want 200", resp.StatusCode)
		}
		a.clock.Advance(250 * time.Millisecond)
	}
	if n := expired.Load(); n != 0 {
		t.Errorf("%d requests carried an expired token", n)
	}
	if r := a.srv.TokenRequests(); r < 10 {
		t.Errorf("token requests = %d over 100 s of 10 s tokens, want >= 10", r)
	}
}
