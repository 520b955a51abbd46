package hardening

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signet/fraud"
	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// Distinctive credentials with ':', '%', '+', space and 'é' (R16, R25).
const (
	ccID     = "hard client: 100% + é"
	ccSecret = "hard s3cret: 50%+off é/=&x~"
	sgKey    = "pk_hard: 7% + é"
	sgSecret = "sk_hard s3cret: 9%+ é=/&y~"
)

// knownBugs reported whether tests of known bugs should fail instead of
// skipping. Every bug these tests found is fixed, so a leak now always
// fails the test.
func knownBugs() bool { return true }

var epoch = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

// secretForms returns every encoding under which secret, sent with id,
// could leak: raw, form- and path-escaped, JSON-escaped (with and without
// \u escapes), Go-quoted, hex, base64 of the secret, of id:secret and of
// the form-encoded id:secret (RFC 6749 §2.3.1), and the Basic header.
func secretForms(id, secret string) []string {
	js, _ := json.Marshal(secret)
	ascii := strings.Trim(strconvQuoteASCII(secret), `"`)
	basicRaw := base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))
	basicForm := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret)))
	forms := []string{
		secret,
		url.QueryEscape(secret),
		url.PathEscape(secret),
		strings.Trim(string(js), `"`),
		ascii,
		jsonASCII(secret),
		hex.EncodeToString([]byte(secret)),
		base64.StdEncoding.EncodeToString([]byte(secret)),
		base64.URLEncoding.EncodeToString([]byte(secret)),
		basicRaw,
		basicForm,
		"Basic " + basicForm,
	}
	return forms
}

// jsonASCII is secret JSON-escaped with every non-ASCII rune as \uXXXX, as
// many servers echo it.
func jsonASCII(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7e:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func strconvQuoteASCII(s string) string { return fmt.Sprintf("%+q", s) }

// tokenRE matches the fake servers' access and refresh tokens.
var tokenRE = regexp.MustCompile(`\b(tok|rt)-[0-9]+\b`)

// scanner finds forbidden strings: secret forms and tokens (R25, R28).
type scanner struct{ forms []string }

func newScanner() scanner {
	return scanner{forms: append(secretForms(ccID, ccSecret), secretForms(sgKey, sgSecret)...)}
}

// hits returns the forbidden strings text contains.
func (s scanner) hits(text string) []string {
	var out []string
	for _, f := range s.forms {
		if f != "" && strings.Contains(text, f) {
			out = append(out, f)
		}
	}
	out = append(out, tokenRE.FindAllString(text, 3)...)
	return out
}

// check fails t if text contains a forbidden string.
func (s scanner) check(t testing.TB, what, text string) {
	t.Helper()
	if h := s.hits(text); len(h) > 0 {
		t.Errorf("%s leaks %q:\n%s", what, h, text)
	}
}

// checkErr scans err, and every error in its chain, under %v, %+v, %#v,
// %s and %q.
func (s scanner) checkErr(t testing.TB, what string, err error) {
	t.Helper()
	var b strings.Builder
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		b.WriteString(printVerbs(e))
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	s.check(t, what+" (chain under %v/%+v/%#v/%s/%q)", b.String())
}

func printVerbs(v any) string {
	return fmt.Sprintf("%v\n%+v\n%#v\n%s\n%q", v, v, v, v, v)
}

// logBuf collects log output from many goroutines.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// records returns the decoded JSON log records.
func (l *logBuf) records() []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(l.String(), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// counts returns the number of records by msg.
func (l *logBuf) counts() map[string]int {
	n := map[string]int{}
	for _, r := range l.records() {
		if m, ok := r["msg"].(string); ok {
			n[m]++
		}
	}
	return n
}

func debugLogger(w *logBuf) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// rec is one request a recorder saw.
type rec struct {
	host, path string
	at         time.Time // on the test's clock
}

// recorder is a RoundTripper that records every request (API and token)
// before sending it with base.
type recorder struct {
	base  http.RoundTripper
	clock interface{ Now() time.Time }

	mu   sync.Mutex
	reqs []rec
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.reqs = append(r.reqs, rec{host: req.URL.Host, path: req.URL.Path, at: r.clock.Now()})
	r.mu.Unlock()
	return r.base.RoundTrip(req)
}

// matching returns the recorded requests whose path contains sub.
func (r *recorder) matching(sub string) []rec {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []rec
	for _, q := range r.reqs {
		if strings.Contains(q.path, sub) {
			out = append(out, q)
		}
	}
	return out
}

// newRecorder returns a recorder over a transport of its own, whose idle
// connections are closed when t ends.
func newRecorder(t testing.TB, clock interface{ Now() time.Time }, base *http.Transport) *recorder {
	if base == nil {
		base = http.DefaultTransport.(*http.Transport).Clone()
	}
	t.Cleanup(base.CloseIdleConnections)
	return &recorder{base: base, clock: clock}
}

// pump runs fn while moving the fake clock through the token endpoint's
// retry sleeps: whenever more than the fetch-timeout timer is pending, it
// advances the clock by 10 ms. It returns how far it moved the clock and
// fn's error.
func pump(clock *authtest.Clock, fn func() error) (time.Duration, error) {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("%w: %v", errPanic, p)
			}
		}()
		done <- fn()
	}()
	var moved time.Duration
	for {
		select {
		case err := <-done:
			return moved, err
		case <-time.After(100 * time.Microsecond):
			if clock.Timers() >= 2 {
				clock.Advance(10 * time.Millisecond)
				moved += 10 * time.Millisecond
			}
		}
	}
}

// errPanic marks a call that panicked; pump returns it with the panic value
// so that the caller fails and scans the message.
var errPanic = errors.New("call panicked")

// ccEnv is a generated Signicat Authentication client against a fake token
// endpoint and the fake Authentication API, with a fake clock, a request
// recorder and a debug logger.
type ccEnv struct {
	clock  *authtest.Clock
	tokens *authtest.Signicat
	api    *fakeapi.SignicatAuth
	rec    *recorder
	logs   *logBuf
	client *authentication.Client
	opts   []authentication.Option
}

func newCC(t *testing.T, opts ...authentication.Option) *ccEnv {
	t.Helper()
	clock := authtest.NewClock(epoch)
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: ccID, ClientSecret: ccSecret, Clock: clock})
	t.Cleanup(tokens.Close)
	api := fakeapi.NewSignicatAuth(tokens, fakeapi.WithClock(clock))
	t.Cleanup(api.Close)
	e := &ccEnv{clock: clock, tokens: tokens, api: api, logs: &logBuf{}}
	e.rec = newRecorder(t, clock, nil)
	opts = append([]authentication.Option{
		authentication.WithBaseURL(api.BaseURL()),
		authentication.WithTokenURL(tokens.TokenURL()),
		authentication.WithClientCredentials(ccID, ccSecret),
		authentication.WithClock(clock),
		authentication.WithHTTPClient(&http.Client{Transport: e.rec}),
		authentication.WithLogger(debugLogger(e.logs)),
	}, opts...)
	e.opts = opts
	e.rebuild(t)
	return e
}

// rebuild replaces the client with one made from the env's options plus
// extra.
func (e *ccEnv) rebuild(t *testing.T, extra ...authentication.Option) {
	t.Helper()
	c, err := authentication.NewClient(append(e.opts[:len(e.opts):len(e.opts)], extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	e.client = c
}

// call creates a session (a POST with a body, so replays need GetBody).
func (e *ccEnv) call(ctx context.Context) (string, error) {
	s, err := e.client.CreateSession(ctx, nil, authentication.SessionRequest{
		Flow:         authentication.FlowRedirect,
		CallbackURLs: &authentication.CallbackURLs{Success: "https://example.com/ok", Abort: "https://example.com/abort", Error: "https://example.com/error"},
	})
	if err != nil {
		return "", err
	}
	return s.ID, nil
}

// lastAuth returns the Authorization header of the last API request.
func (e *ccEnv) lastAuth() string { return e.api.Last().Header.Get("Authorization") }

// tokenReqs counts token requests as the client sent them (the recorder
// also sees requests the fake never answers).
func (e *ccEnv) tokenReqs() int { return len(e.rec.matching("/connect/token")) }

// sgEnv is a generated Signet fraud client against a fake Signet token
// service and the fake fraud API.
type sgEnv struct {
	clock  *authtest.Clock
	tokens *authtest.Signet
	api    *fakeapi.SignetFraud
	rec    *recorder
	logs   *logBuf
	client *fraud.Client
	opts   []fraud.Option
}

func newSG(t *testing.T, opts ...fraud.Option) *sgEnv {
	t.Helper()
	clock := authtest.NewClock(epoch)
	tokens := authtest.NewSignet(authtest.SignetConfig{APIKey: sgKey, APISecret: sgSecret, Clock: clock})
	t.Cleanup(tokens.Close)
	api := fakeapi.NewSignetFraud(tokens, fakeapi.WithClock(clock))
	t.Cleanup(api.Close)
	e := &sgEnv{clock: clock, tokens: tokens, api: api, logs: &logBuf{}}
	e.rec = newRecorder(t, clock, nil)
	opts = append([]fraud.Option{
		fraud.WithBaseURL(api.BaseURL()),
		fraud.WithTokenURL(tokens.GenerateURL()),
		fraud.WithSignetCredentials(sgKey, sgSecret),
		fraud.WithClock(clock),
		fraud.WithHTTPClient(&http.Client{Transport: e.rec}),
		fraud.WithLogger(debugLogger(e.logs)),
	}, opts...)
	e.opts = opts
	e.rebuild(t)
	return e
}

// rebuild replaces the client with one made from the env's options plus
// extra.
func (e *sgEnv) rebuild(t *testing.T, extra ...fraud.Option) {
	t.Helper()
	c, err := fraud.NewClient(append(e.opts[:len(e.opts):len(e.opts)], extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	e.client = c
}

const user1 = "3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c"

// call checks a user's blacklist status (PATCH without a body).
func (e *sgEnv) call(ctx context.Context) error {
	_, err := e.client.CheckBlacklistStatus(ctx, user1)
	return err
}

func (e *sgEnv) lastAuth() string { return e.api.Last().Header.Get("Authorization") }

func (e *sgEnv) tokenReqs() int { return len(e.rec.matching("/dpop/v1/api/")) }
