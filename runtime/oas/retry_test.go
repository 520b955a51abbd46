package oas

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// scriptServer answers the n-th request with statuses[n] (the last one
// repeated) and records each request's method and body.
type scriptServer struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	header   http.Header // sent with every non-2xx response
	bodies   []string
}

func newScriptServer(t *testing.T, header http.Header, statuses ...int) *scriptServer {
	s := &scriptServer{statuses: statuses, header: header}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		n := len(s.bodies)
		s.bodies = append(s.bodies, string(b))
		s.mu.Unlock()
		code := s.statuses[min(n, len(s.statuses)-1)]
		if code >= 300 {
			for k, v := range s.header {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(code)
		io.WriteString(w, "attempt "+strconv.Itoa(n+1))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *scriptServer) attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bodies)
}

// testTransport returns a retry transport that records its waits instead
// of sleeping.
func testTransport(base http.RoundTripper, p RetryPolicy, waits *[]time.Duration) *retryTransport {
	rt := NewRetryTransport(base, p).(*retryTransport)
	rt.sleep = func(ctx context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return ctx.Err()
	}
	return rt
}

func TestRetryTransportAttempts(t *testing.T) {
	tests := []struct {
		name         string
		method       string
		header       http.Header
		policy       RetryPolicy
		statuses     []int
		wantAttempts int
		wantStatus   int
	}{
		{"GET success", http.MethodGet, nil, RetryPolicy{}, []int{200}, 1, 200},
		{"GET 503 then success", http.MethodGet, nil, RetryPolicy{}, []int{503, 200}, 2, 200},
		{"GET gives up after default 3", http.MethodGet, nil, RetryPolicy{}, []int{503}, 3, 503},
		{"GET MaxAttempts 5", http.MethodGet, nil, RetryPolicy{MaxAttempts: 5}, []int{429}, 5, 429},
		{"GET MaxAttempts 1", http.MethodGet, nil, RetryPolicy{MaxAttempts: 1}, []int{503}, 1, 503},
		{"GET 500 not retried by default", http.MethodGet, nil, RetryPolicy{}, []int{500, 200}, 1, 500},
		{"GET 404 not retried", http.MethodGet, nil, RetryPolicy{}, []int{404, 200}, 1, 404},
		{"custom statuses", http.MethodGet, nil, RetryPolicy{Statuses: []int{500}}, []int{500, 503, 200}, 2, 503},
		{"empty statuses retry nothing", http.MethodGet, nil, RetryPolicy{Statuses: []int{}}, []int{503, 200}, 1, 503},
		{"each default status", http.MethodGet, nil, RetryPolicy{MaxAttempts: 5}, []int{429, 502, 503, 504, 200}, 5, 200},
		{"HEAD", http.MethodHead, nil, RetryPolicy{}, []int{502, 200}, 2, 200},
		{"OPTIONS", http.MethodOptions, nil, RetryPolicy{}, []int{502, 200}, 2, 200},
		{"TRACE", http.MethodTrace, nil, RetryPolicy{}, []int{502, 200}, 2, 200},
		{"PUT", http.MethodPut, nil, RetryPolicy{}, []int{502, 200}, 2, 200},
		{"DELETE", http.MethodDelete, nil, RetryPolicy{}, []int{502, 200}, 2, 200},
		{"POST not retried", http.MethodPost, nil, RetryPolicy{}, []int{503, 200}, 1, 503},
		{"PATCH not retried", http.MethodPatch, nil, RetryPolicy{}, []int{503, 200}, 1, 503},
		{"POST with Idempotency-Key", http.MethodPost, http.Header{"Idempotency-Key": {"k1"}}, RetryPolicy{}, []int{503, 200}, 2, 200},
		{"PATCH with X-Idempotency-Key", http.MethodPatch, http.Header{"X-Idempotency-Key": {"k1"}}, RetryPolicy{}, []int{503, 200}, 2, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptServer(t, nil, tt.statuses...)
			var waits []time.Duration
			client := &http.Client{Transport: testTransport(srv.Client().Transport, tt.policy, &waits)}
			req, err := http.NewRequest(tt.method, srv.URL, strings.NewReader("payload"))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header[k] = v
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := srv.attempts(); got != tt.wantAttempts {
				t.Errorf("attempts = %d, want %d", got, tt.wantAttempts)
			}
			if len(waits) != tt.wantAttempts-1 {
				t.Errorf("waits = %v, want %d", waits, tt.wantAttempts-1)
			}
			if tt.method != http.MethodHead {
				if want := "attempt " + strconv.Itoa(tt.wantAttempts); string(body) != want {
					t.Errorf("body = %q, want %q (the last response)", body, want)
				}
			}
		})
	}
}

func TestRetryTransportRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name       string
		retryAfter string
		policy     RetryPolicy
		want       time.Duration
	}{
		{"seconds", "2", RetryPolicy{MaxBackoff: time.Minute}, 2 * time.Second},
		{"zero seconds", "0", RetryPolicy{MaxBackoff: time.Minute}, 0},
		{"seconds capped", "3600", RetryPolicy{MaxBackoff: 5 * time.Second}, 5 * time.Second},
		{"huge seconds capped", "99999999999999999", RetryPolicy{MaxBackoff: 5 * time.Second}, 5 * time.Second},
		{"HTTP date", now.Add(30 * time.Second).Format(http.TimeFormat), RetryPolicy{MaxBackoff: time.Minute}, 30 * time.Second},
		{"HTTP date capped", now.Add(time.Hour).Format(http.TimeFormat), RetryPolicy{MaxBackoff: time.Minute}, time.Minute},
		{"HTTP date in the past", now.Add(-time.Hour).Format(http.TimeFormat), RetryPolicy{MaxBackoff: time.Minute}, 0},
		{"RFC 850 date", now.Add(10 * time.Second).Format("Monday, 02-Jan-06 15:04:05 GMT"), RetryPolicy{MaxBackoff: time.Minute}, 10 * time.Second},
		// Unusable values fall back to the backoff; with the random part
		// pinned to zero that is MinBackoff.
		{"negative", "-1", RetryPolicy{MinBackoff: 7 * time.Millisecond}, 7 * time.Millisecond},
		{"garbage", "soon", RetryPolicy{MinBackoff: 7 * time.Millisecond}, 7 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptServer(t, http.Header{"Retry-After": {tt.retryAfter}}, 503, 200)
			var waits []time.Duration
			rt := testTransport(srv.Client().Transport, tt.policy, &waits)
			rt.now = func() time.Time { return now }
			rt.rand = func(int64) int64 { return 0 }
			resp, err := (&http.Client{Transport: rt}).Get(srv.URL)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 || srv.attempts() != 2 {
				t.Fatalf("status %d after %d attempts, want 200 after 2", resp.StatusCode, srv.attempts())
			}
			if len(waits) != 1 || waits[0] != tt.want {
				t.Errorf("waits = %v, want [%v]", waits, tt.want)
			}
		})
	}
}

func TestRetryBackoff(t *testing.T) {
	p := RetryPolicy{MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}
	tests := []struct {
		n            int
		lo, hi       time.Duration
		randMaxInput int64
	}{
		{1, 100 * time.Millisecond, 200 * time.Millisecond, int64(100*time.Millisecond) + 1},
		{2, 100 * time.Millisecond, 400 * time.Millisecond, int64(300*time.Millisecond) + 1},
		{3, 100 * time.Millisecond, 800 * time.Millisecond, int64(700*time.Millisecond) + 1},
		{4, 100 * time.Millisecond, time.Second, int64(900*time.Millisecond) + 1},
		{70, 100 * time.Millisecond, time.Second, int64(900*time.Millisecond) + 1},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.n), func(t *testing.T) {
			rt := NewRetryTransport(nil, p).(*retryTransport)
			var gotN int64
			rt.rand = func(n int64) int64 { gotN = n; return 0 }
			if got := rt.backoff(tt.n, nil); got != tt.lo {
				t.Errorf("backoff(%d) with rand 0 = %v, want %v", tt.n, got, tt.lo)
			}
			if gotN != tt.randMaxInput {
				t.Errorf("backoff(%d) drew from [0, %d), want [0, %d)", tt.n, gotN, tt.randMaxInput)
			}
			rt.rand = func(n int64) int64 { return n - 1 }
			if got := rt.backoff(tt.n, nil); got != tt.hi {
				t.Errorf("backoff(%d) with rand max = %v, want %v", tt.n, got, tt.hi)
			}
			rt.rand = rand.Int64N
			for range 100 {
				if got := rt.backoff(tt.n, nil); got < tt.lo || got > tt.hi {
					t.Fatalf("backoff(%d) = %v, want within [%v, %v]", tt.n, got, tt.lo, tt.hi)
				}
			}
		})
	}
	t.Run("defaults", func(t *testing.T) {
		rt := NewRetryTransport(nil, RetryPolicy{}).(*retryTransport)
		want := RetryPolicy{MaxAttempts: 3, MinBackoff: 100 * time.Millisecond, MaxBackoff: 10 * time.Second, Statuses: []int{429, 502, 503, 504}}
		if got := rt.policy; got.MaxAttempts != want.MaxAttempts || got.MinBackoff != want.MinBackoff || got.MaxBackoff != want.MaxBackoff || !equalInts(got.Statuses, want.Statuses) {
			t.Errorf("defaults = %+v, want %+v", got, want)
		}
		rt = NewRetryTransport(nil, RetryPolicy{MinBackoff: time.Minute}).(*retryTransport)
		if rt.policy.MaxBackoff != time.Minute {
			t.Errorf("MaxBackoff below MinBackoff = %v, want raised to %v", rt.policy.MaxBackoff, time.Minute)
		}
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRetryTransportBodyReplay(t *testing.T) {
	payload := bytes.Repeat([]byte("sigen \x00\xff body "), 10000)
	tests := []struct {
		name         string
		body         func() io.Reader
		getBody      bool
		wantAttempts int
	}{
		{"bytes.Reader replayed", func() io.Reader { return bytes.NewReader(payload) }, true, 3},
		{"no GetBody not retried", func() io.Reader { return io.MultiReader(bytes.NewReader(payload)) }, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptServer(t, nil, 503, 502, 200)
			var waits []time.Duration
			client := &http.Client{Transport: testTransport(srv.Client().Transport, RetryPolicy{}, &waits)}
			req, err := http.NewRequest(http.MethodPut, srv.URL, tt.body())
			if err != nil {
				t.Fatal(err)
			}
			if (req.GetBody != nil) != tt.getBody {
				t.Fatalf("GetBody set = %v, want %v", req.GetBody != nil, tt.getBody)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			resp.Body.Close()
			if got := srv.attempts(); got != tt.wantAttempts {
				t.Fatalf("attempts = %d, want %d", got, tt.wantAttempts)
			}
			for i, b := range srv.bodies {
				if b != string(payload) {
					t.Errorf("attempt %d: body differs (%d bytes, want %d)", i+1, len(b), len(payload))
				}
			}
		})
	}
}

// stubTransport answers from a script of results and records what it was
// given.
type stubTransport struct {
	results []stubResult
	reqs    []*http.Request
	bodies  []*closeRecorder
}

type stubResult struct {
	status int
	err    error
}

func (s *stubTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	s.reqs = append(s.reqs, req)
	if req.Body != nil {
		req.Body.Close()
	}
	r := s.results[min(len(s.reqs)-1, len(s.results)-1)]
	if r.err != nil {
		return nil, r.err
	}
	body := &closeRecorder{Reader: strings.NewReader("response body")}
	s.bodies = append(s.bodies, body)
	return &http.Response{StatusCode: r.status, Header: http.Header{}, Body: body, Request: req}, nil
}

func TestRetryTransportStub(t *testing.T) {
	netErr := errors.New("connection reset")
	t.Run("transport errors are retried", func(t *testing.T) {
		stub := &stubTransport{results: []stubResult{{err: netErr}, {err: netErr}, {status: 200}}}
		var waits []time.Duration
		resp, err := testTransport(stub, RetryPolicy{}, &waits).RoundTrip(mustRequest(t, http.MethodGet, nil))
		if err != nil || resp.StatusCode != 200 || len(stub.reqs) != 3 {
			t.Errorf("RoundTrip = %v, %v after %d attempts, want 200 after 3", resp, err, len(stub.reqs))
		}
	})
	t.Run("last transport error returned", func(t *testing.T) {
		stub := &stubTransport{results: []stubResult{{err: netErr}}}
		var waits []time.Duration
		_, err := testTransport(stub, RetryPolicy{}, &waits).RoundTrip(mustRequest(t, http.MethodGet, nil))
		if !errors.Is(err, netErr) || len(stub.reqs) != 3 {
			t.Errorf("RoundTrip error = %v after %d attempts, want %v after 3", err, len(stub.reqs), netErr)
		}
	})
	t.Run("context errors are not retried", func(t *testing.T) {
		stub := &stubTransport{results: []stubResult{{err: context.DeadlineExceeded}, {status: 200}}}
		var waits []time.Duration
		_, err := testTransport(stub, RetryPolicy{}, &waits).RoundTrip(mustRequest(t, http.MethodGet, nil))
		if !errors.Is(err, context.DeadlineExceeded) || len(stub.reqs) != 1 {
			t.Errorf("RoundTrip error = %v after %d attempts, want deadline exceeded after 1", err, len(stub.reqs))
		}
	})
	t.Run("retried responses closed, last one open", func(t *testing.T) {
		stub := &stubTransport{results: []stubResult{{status: 503}, {status: 504}, {status: 429}}}
		var waits []time.Duration
		resp, err := testTransport(stub, RetryPolicy{}, &waits).RoundTrip(mustRequest(t, http.MethodGet, nil))
		if err != nil || resp.StatusCode != 429 {
			t.Fatalf("RoundTrip = %v, %v, want 429", resp, err)
		}
		for i, b := range stub.bodies {
			last := i == len(stub.bodies)-1
			if b.closed == last {
				t.Errorf("response %d: closed = %v, want %v", i+1, b.closed, !last)
			}
			if !last {
				if rest, _ := io.ReadAll(b.Reader); len(rest) != 0 {
					t.Errorf("response %d: %d bytes left unread, want drained", i+1, len(rest))
				}
			}
		}
	})
	t.Run("original request not modified", func(t *testing.T) {
		stub := &stubTransport{results: []stubResult{{status: 503}, {status: 200}}}
		var waits []time.Duration
		req := mustRequest(t, http.MethodPut, []byte("x"))
		req.Header.Set("X-A", "1")
		if _, err := testTransport(stub, RetryPolicy{}, &waits).RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if stub.reqs[0] != req || stub.reqs[1] == req {
			t.Errorf("first attempt should send req itself and retries a clone")
		}
		if stub.reqs[1].Header.Get("X-A") != "1" || stub.reqs[1].Body == req.Body {
			t.Errorf("retry: header %q, body reused %v", stub.reqs[1].Header.Get("X-A"), stub.reqs[1].Body == req.Body)
		}
	})
	t.Run("GetBody failure returns the last response", func(t *testing.T) {
		stub := &stubTransport{results: []stubResult{{status: 503}, {status: 200}}}
		var waits []time.Duration
		req := mustRequest(t, http.MethodPut, []byte("x"))
		req.GetBody = func() (io.ReadCloser, error) { return nil, errors.New("gone") }
		resp, err := testTransport(stub, RetryPolicy{}, &waits).RoundTrip(req)
		if err != nil || resp.StatusCode != 503 || len(stub.reqs) != 1 || stub.bodies[0].closed {
			t.Errorf("RoundTrip = %v, %v after %d attempts (closed %v), want open 503 after 1", resp, err, len(stub.reqs), stub.bodies[0].closed)
		}
	})
	t.Run("nil base uses DefaultTransport", func(t *testing.T) {
		srv := newScriptServer(t, nil, 200)
		resp, err := (&http.Client{Transport: NewRetryTransport(nil, RetryPolicy{})}).Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	})
}

func mustRequest(t *testing.T, method string, body []byte) *http.Request {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://example.invalid/x", r)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// Cancelling the context during a wait ends it at once with the context's
// error, and the replacement body is closed.
func TestRetryTransportCancel(t *testing.T) {
	srv := newScriptServer(t, http.Header{"Retry-After": {"3600"}}, 503)
	ctx, cancel := context.WithCancel(context.Background())
	rt := NewRetryTransport(srv.Client().Transport, RetryPolicy{MaxBackoff: time.Hour})
	var replay *closeRecorder
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, srv.URL, strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	req.GetBody = func() (io.ReadCloser, error) {
		replay = &closeRecorder{Reader: strings.NewReader("x")}
		cancel() // the transport prepares the retry, then waits 1 h
		return replay, nil
	}
	type result struct {
		resp *http.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := rt.RoundTrip(req)
		done <- result{resp, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-time.After(time.Minute): // a hang guard: the wait is an hour
		t.Fatal("RoundTrip still waiting to retry a minute after the context was cancelled")
	}
	if res.resp != nil {
		res.resp.Body.Close()
	}
	if !errors.Is(res.err, context.Canceled) {
		t.Errorf("RoundTrip error = %v, want context.Canceled", res.err)
	}
	if srv.attempts() != 1 {
		t.Errorf("attempts = %d, want 1", srv.attempts())
	}
	if replay == nil || !replay.closed {
		t.Errorf("replacement body not closed")
	}
}

// A real server, real sleeps and many requests leave no goroutines behind.
func TestRetryTransportNoLeak(t *testing.T) {
	srv := newScriptServer(t, http.Header{"Retry-After": {"0"}}, 503, 502, 200)
	base := &http.Transport{}
	before := runtime.NumGoroutine()
	rt := NewRetryTransport(base, RetryPolicy{MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})
	for range 5 {
		srv.mu.Lock()
		srv.bodies = nil
		srv.mu.Unlock()
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("b"))
		req.Header.Set("Idempotency-Key", "k")
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d, want 200", resp.StatusCode)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	if _, err := rt.RoundTrip(req); err == nil {
		t.Errorf("RoundTrip with cancelled context: no error")
	}
	base.CloseIdleConnections()
	waitGoroutines(t, before)
}

// cancelTransport cancels the request's context while answering with 503,
// as happens when the caller gives up during an attempt.
type cancelTransport struct {
	cancel context.CancelFunc
	calls  int
}

func (c *cancelTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.calls++
	c.cancel()
	return &http.Response{StatusCode: 503, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("busy"))}, nil
}

func TestRetryTransportContextDoneAfterResponse(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ct := &cancelTransport{cancel: cancel}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://example.invalid/", nil)
	resp, err := NewRetryTransport(ct, RetryPolicy{}).RoundTrip(req)
	if err != nil || resp == nil || resp.StatusCode != 503 || ct.calls != 1 {
		t.Fatalf("RoundTrip = %v, %v after %d calls, want the 503 response after 1", resp, err, ct.calls)
	}
	if b, _ := io.ReadAll(resp.Body); string(b) != "busy" {
		t.Errorf("body = %q, want %q (unread)", b, "busy")
	}
}
