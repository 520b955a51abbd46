package auth_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// Test credentials contain ": % + space é" so that every encoding differs
// from the raw value (R16, R25).
const (
	testClientID     = "sandbox-round-apple-123: %+ é"
	testClientSecret = "fakeCl13n7S3Cr3T: %+ é/&=?"
	testAPIKey       = "signet-key-42"
	testAPISecret    = "signet S3cr3t: %+ é\"\\"
)

// logs captures every record that any test logs at debug level (R28).
var logs = &syncBuffer{}

// testLogger returns a debug logger writing into logs.
func testLogger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestMain runs the suite, then scans everything logged for credentials
// (R28): a full run with a capturing debug handler must log no secret.
func TestMain(m *testing.M) {
	code := m.Run()
	out := logs.String()
	if code == 0 {
		if hits := scan(out, allForbidden()); len(hits) > 0 {
			fmt.Fprintf(os.Stderr, "R28: debug log contains credentials: %q\n", hits)
			code = 1
		}
		if m := tokenPattern.FindAllString(out, 5); len(m) > 0 {
			fmt.Fprintf(os.Stderr, "R28: debug log contains tokens: %q\n", m)
			code = 1
		}
	}
	os.Exit(code)
}

// tokenPattern matches the fake servers' access and refresh tokens.
var tokenPattern = regexp.MustCompile(`\b(tok|rt)-[0-9]+\b`)

// forbidden returns the strings that must never appear in an error, a log
// or a printed config for the credential id:secret and the given tokens
// (R25): the raw secret, its query escape, its JSON escape, base64 of
// id:secret (raw and form-encoded), and each token.
func forbidden(id, secret string, tokens ...string) []string {
	js, _ := json.Marshal(secret)
	f := []string{
		secret,
		url.QueryEscape(secret),
		url.PathEscape(secret),
		strings.Trim(string(js), `"`),
		base64.StdEncoding.EncodeToString([]byte(id + ":" + secret)),
		base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret))),
	}
	for _, t := range tokens {
		if t != "" {
			f = append(f, t)
		}
	}
	return f
}

// allForbidden covers every credential the suite uses.
func allForbidden() []string {
	return append(forbidden(testClientID, testClientSecret), forbidden(testAPIKey, testAPISecret)...)
}

// scan returns the forbidden strings that occur in s.
func scan(s string, forbidden []string) []string {
	var hits []string
	for _, f := range forbidden {
		if f != "" && strings.Contains(s, f) {
			hits = append(hits, f)
		}
	}
	return hits
}

// assertClean fails t if s contains a forbidden string or a token.
func assertClean(t *testing.T, what, s string, forbidden []string) {
	t.Helper()
	if hits := scan(s, forbidden); len(hits) > 0 {
		t.Errorf("%s contains credentials %q: %s", what, hits, s)
	}
	if m := tokenPattern.FindString(s); m != "" {
		t.Errorf("%s contains token %q: %s", what, m, s)
	}
}

// noJitter makes every random draw 0: no jitter in soft times, back-off
// and retry delays (retries then happen at once).
func noJitter() float64 { return 0 }

// signicatFixture is a fake Signicat server with a fake clock.
type signicatFixture struct {
	clock *authtest.Clock
	srv   *authtest.Signicat
}

func newSignicat(t *testing.T, lifetime time.Duration) *signicatFixture {
	t.Helper()
	clk := authtest.NewClock(time.Time{})
	srv := authtest.NewSignicat(authtest.SignicatConfig{
		ClientID: testClientID, ClientSecret: testClientSecret, Lifetime: lifetime, Clock: clk,
	})
	t.Cleanup(srv.Close)
	return &signicatFixture{clk, srv}
}

func (f *signicatFixture) config() auth.ClientCredentialsConfig {
	return auth.ClientCredentialsConfig{
		TokenURL:     f.srv.TokenURL(),
		ClientID:     testClientID,
		ClientSecret: testClientSecret,
		Scopes:       []string{"signicat-api"},
	}
}

func (f *signicatFixture) options() auth.Options {
	return auth.Options{Clock: f.clock, Logger: testLogger()}
}

// cache returns a client-credentials cache without jitter.
func (f *signicatFixture) cache(t *testing.T) *auth.Cache {
	t.Helper()
	c, err := auth.NewClientCredentials(f.config(), f.options())
	if err != nil {
		t.Fatalf("NewClientCredentials: %v", err)
	}
	auth.SetRand(c, noJitter)
	return c
}

// signetFixture is a fake Signet server with a fake clock.
type signetFixture struct {
	clock *authtest.Clock
	srv   *authtest.Signet
}

func newSignet(t *testing.T) *signetFixture {
	t.Helper()
	clk := authtest.NewClock(time.Time{})
	srv := authtest.NewSignet(authtest.SignetConfig{APIKey: testAPIKey, APISecret: testAPISecret, Clock: clk})
	t.Cleanup(srv.Close)
	return &signetFixture{clk, srv}
}

func (f *signetFixture) cache(t *testing.T) *auth.Cache {
	t.Helper()
	c, err := auth.NewSignet(auth.SignetConfig{
		GenerateURL: f.srv.GenerateURL(), RefreshURL: f.srv.RefreshURL(),
		APIKey: testAPIKey, APISecret: testAPISecret,
	}, auth.Options{Clock: f.clock, Logger: testLogger()})
	if err != nil {
		t.Fatalf("NewSignet: %v", err)
	}
	auth.SetRand(c, noJitter)
	return c
}

// mustToken calls Token and returns the access token's value. On error it
// reports it with t.Errorf (safe from any goroutine) and returns "".
func mustToken(t testing.TB, src auth.TokenSource) string {
	t.Helper()
	tok, err := src.Token(context.Background())
	if err != nil {
		t.Errorf("Token() error = %v", err)
		return ""
	}
	return tok.AccessToken.Reveal()
}

// herd runs f in n goroutines released together and waits for them.
func herd(n int, f func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			f(i)
		}()
	}
	close(start)
	wg.Wait()
}

// waitFor polls cond in real time for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// countingTransport counts the requests it forwards.
type countingTransport struct {
	base http.RoundTripper
	n    atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	base := c.base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(r)
}

// gate is a RoundTripper that, while held, keeps every request waiting
// until open is called (or the request's context ends), so that a test can
// keep a fetch in flight for as long as it needs without sleeping. entered
// receives once per request the gate holds. A new gate is open.
type gate struct {
	entered chan struct{}

	mu      sync.Mutex
	release chan struct{} // nil while open
}

func newGate() *gate { return &gate{entered: make(chan struct{}, 1024)} }

// hold makes the gate keep the requests that arrive from now on.
func (g *gate) hold() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.release == nil {
		g.release = make(chan struct{})
	}
}

// open lets every held and future request through.
func (g *gate) open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.release != nil {
		close(g.release)
		g.release = nil
	}
}

func (g *gate) RoundTrip(r *http.Request) (*http.Response, error) {
	g.mu.Lock()
	release := g.release
	g.mu.Unlock()
	if release != nil {
		g.entered <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
			return nil, context.Cause(r.Context())
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

// gatedCache returns a cache of f, without jitter, whose token requests
// pass through g.
func (f *signicatFixture) gatedCache(t *testing.T, g *gate) *auth.Cache {
	t.Helper()
	opts := f.options()
	opts.HTTPClient = &http.Client{Transport: g}
	c, err := auth.NewClientCredentials(f.config(), opts)
	if err != nil {
		t.Fatalf("NewClientCredentials: %v", err)
	}
	auth.SetRand(c, noJitter)
	t.Cleanup(g.open)
	return c
}
