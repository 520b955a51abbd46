// Package authtest provides test doubles for package auth: a fake Clock and
// fake Signicat and Signet servers built on net/http/httptest that speak the
// vendors' wire formats exactly, count their requests and can be told to
// fail, hang, redirect or revoke tokens. Each also offers an Authorize
// middleware that guards a fake API with the vendor's refusal answer.
//
// All types are safe for concurrent use.
package authtest

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// A Request is a request a fake token server received.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

// A Failure scripts the answer to one token request.
type Failure struct {
	// Status is the HTTP status to answer with (default 503).
	Status int
	// RetryAfter, if positive, is sent as Retry-After in whole seconds.
	RetryAfter time.Duration
	// Body is sent as is; empty means the vendor's generic error body.
	Body string
	// Location is sent as the Location header (for redirects).
	Location string
	// Hang makes the server answer nothing until the request is cancelled
	// or the server is closed.
	Hang bool
}

// core is what both fake servers share: tokens, scripts and counters.
type core struct {
	clock    auth.Clock
	requests atomic.Int64
	api      atomic.Int64
	closed   chan struct{}
	closeMu  sync.Once

	mu       sync.Mutex
	seq      int
	lifetime time.Duration
	latency  time.Duration
	tokens   map[string]time.Time // access token → expiry
	revoked  map[string]bool
	scripts  []Failure
	log      []Request
}

func newCore(clock auth.Clock, lifetime time.Duration) *core {
	if clock == nil {
		clock = auth.SystemClock()
	}
	return &core{
		clock:    clock,
		lifetime: lifetime,
		tokens:   make(map[string]time.Time),
		revoked:  make(map[string]bool),
		closed:   make(chan struct{}),
	}
}

// begin counts and records r and applies the latency and the next script.
// It returns false if the request was answered by a script.
func (c *core) begin(w http.ResponseWriter, r *http.Request, genericError func(status int) string) ([]byte, bool) {
	c.requests.Add(1)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	c.mu.Lock()
	c.log = append(c.log, Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	latency := c.latency
	var f *Failure
	if len(c.scripts) > 0 {
		f = &c.scripts[0]
		c.scripts = c.scripts[1:]
	}
	c.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return nil, false
		case <-c.closed:
			return nil, false
		}
	}
	if f == nil {
		return body, true
	}
	if f.Hang {
		select {
		case <-r.Context().Done():
		case <-c.closed:
		}
		return nil, false
	}
	status := f.Status
	if status == 0 {
		status = http.StatusServiceUnavailable
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((f.RetryAfter+time.Second-1)/time.Second)))
	}
	if f.Location != "" {
		w.Header().Set("Location", f.Location)
	}
	b := f.Body
	if b == "" {
		b = genericError(status)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, b)
	return nil, false
}

// issue mints a new access token "tok-<n>" and returns it with its
// lifetime and the time it was issued.
func (c *core) issue() (tok string, n int, lifetime time.Duration, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	now = c.clock.Now()
	tok = fmt.Sprintf("tok-%d", c.seq)
	c.tokens[tok] = now.Add(c.lifetime)
	return tok, c.seq, c.lifetime, now
}

func (c *core) valid(tok string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	exp, ok := c.tokens[tok]
	return ok && !c.revoked[tok] && c.clock.Now().Before(exp)
}

func (c *core) revoke(tok string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.revoked[tok] = true
}

func (c *core) setLifetime(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lifetime = d
}

func (c *core) setLatency(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.latency = d
}

func (c *core) fail(f ...Failure) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.scripts = append(c.scripts, f...)
}

func (c *core) clearScript() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.scripts = nil
}

func (c *core) failNext(n, status int, retryAfter time.Duration) {
	for range n {
		c.fail(Failure{Status: status, RetryAfter: retryAfter})
	}
}

func (c *core) hangNext(n int) {
	for range n {
		c.fail(Failure{Hang: true})
	}
}

func (c *core) requestLog() []Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Request(nil), c.log...)
}

func (c *core) close() { c.closeMu.Do(func() { close(c.closed) }) }

// newServer starts an httptest server for h whose error log (TLS handshake
// noise from untrusting clients) is discarded.
func newServer(h http.Handler, tls bool) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if tls {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	return srv
}

// bearer returns the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) (string, bool) {
	const prefix = "Bearer "
	h := r.Header.Get("Authorization")
	if len(h) <= len(prefix) || h[:len(prefix)] != prefix {
		return "", false
	}
	return h[len(prefix):], true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store, no-cache, max-age=0")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
