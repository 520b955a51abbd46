// Package fakeapi holds in-memory fakes of the vendor APIs whose clients
// sigen ships in generated/: the Signicat Authentication, Sign v2 and
// Digital Evidence Management APIs and the Signet fraud blacklist API.
//
// Each fake is an httptest.Server guarded by the Authorize middleware of a
// fake token server from runtime/auth/authtest, so a generated client runs
// its real token flow against it: tokens are fetched, cached, refreshed and,
// when the fake refuses a revoked token, replayed once. The fakes answer in
// the vendors' wire formats (Signicat's RFC 7807-style errors, Signet's
// {success, message, data} envelope), keep their state in memory, and record
// every request they receive, refused ones included, so tests can assert
// what went over the wire.
//
// Ids are derived from counters and times from the clock given with
// WithClock, so runs are reproducible.
//
// The package is internal: it serves the tests of generated/ and the demo in
// examples/demo. Vendor API models stay out of runtime/.
package fakeapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// A Request is a request a fake API received.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
	// Status is the status the fake answered with.
	Status int
}

// A Server is a running fake API. Close it when done.
type Server struct {
	*httptest.Server

	mu  sync.Mutex
	log []Request
}

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	copy(out, s.log)
	return out
}

// Last returns the last request received; it panics if there is none.
func (s *Server) Last() Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.log) == 0 {
		panic("fakeapi: no request received")
	}
	return s.log[len(s.log)-1]
}

// Len returns the number of requests received so far.
func (s *Server) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.log)
}

// Since returns the requests received after the first n.
func (s *Server) Since(n int) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n > len(s.log) {
		n = len(s.log)
	}
	out := make([]Request, len(s.log)-n)
	copy(out, s.log[n:])
	return out
}

// An Option configures a fake.
type Option func(*config)

type config struct {
	clock auth.Clock
}

// WithClock makes the fake read the time (creation dates, expiries) from
// clk, typically the authtest.Clock its token server uses. Without it the
// fake uses the system clock.
func WithClock(clk auth.Clock) Option {
	return func(c *config) { c.clock = clk }
}

func newConfig(opts []Option) config {
	c := config{clock: auth.SystemClock()}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// start serves h, recording every request before it reaches h.
func start(h http.Handler) *Server {
	s := &Server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		s.mu.Lock()
		s.log = append(s.log, Request{
			Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
			Header: r.Header.Clone(), Body: body, Status: http.StatusOK,
		})
		i := len(s.log) - 1
		s.mu.Unlock()
		h.ServeHTTP(&statusWriter{ResponseWriter: w, set: func(code int) {
			s.mu.Lock()
			s.log[i].Status = code
			s.mu.Unlock()
		}}, r)
	}))
	return s
}

// statusWriter reports the status before the client can see it.
type statusWriter struct {
	http.ResponseWriter
	set   func(int)
	wrote bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.wrote = true
		w.set(code)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// fakeID returns a deterministic UUID for the n-th object of a kind.
func fakeID(kind uint32, n int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012d", kind, n)
}

// intParam parses an optional integer query parameter within [lo, hi].
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("must be an integer")
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("must be between %d and %d", lo, hi)
	}
	return n, nil
}

// rfc3339 formats t as the vendors do, in UTC with milliseconds.
func rfc3339(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
