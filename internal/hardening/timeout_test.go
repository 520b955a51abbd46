package hardening

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signet/fraud"
	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/internal/longtest"
	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

const fetchTimeout = 300 * time.Millisecond

// TestFetchTimeout: a token endpoint slower than WithFetchTimeout fails the
// caller with ErrTokenFetchTimeout exactly at the timeout (fake clock),
// makes one request, callers during the 1 s ± 20 % back-off fail at once
// without a request, and the first call after it succeeds (R10, R13). A
// fetch that ends just before the timeout succeeds, and a caller whose
// context ends returns at once while its fetch goes on and fills the cache
// (R12). Token requests are held by the test, not slowed by sleeps.
func TestFetchTimeout(t *testing.T) {
	type client struct {
		endpoint  string
		clock     *authtest.Clock
		rec       *recorder
		hang      func(n int)
		do        func(context.Context) error
		tokenReqs func() int // as the client sent them
		served    func() int // as the server received them
	}
	setups := map[string]func(t *testing.T) client{
		"signicat": func(t *testing.T) client {
			e := newCC(t)
			e.rebuild(t, authentication.WithFetchTimeout(fetchTimeout))
			return client{"token", e.clock, e.rec, e.tokens.HangNext, e.do, e.tokenReqs, e.tokens.TokenRequests}
		},
		"signet": func(t *testing.T) client {
			e := newSG(t)
			e.rebuild(t, fraud.WithFetchTimeout(fetchTimeout))
			return client{"generate-token", e.clock, e.rec, e.tokens.HangNext, e.do, e.tokenReqs, e.tokens.TokenRequests}
		},
	}
	// started waits until n token requests were sent and the fetch-timeout
	// timer is the one timer pending.
	started := func(t *testing.T, c client, n int) {
		t.Helper()
		waitFor(t, func() bool { return c.tokenReqs() == n && c.clock.Timers() == 1 })
	}
	for name, setup := range setups {
		t.Run(name+"/hang", func(t *testing.T) {
			t.Parallel()
			c := setup(t)
			c.hang(1)
			errc := make(chan error, 1)
			go func() { errc <- c.do(context.Background()) }()
			started(t, c, 1)
			// The server has taken the request (and its hang script).
			waitFor(t, func() bool { return c.served() == 1 })
			c.clock.Advance(fetchTimeout - time.Millisecond)
			if n := c.clock.Timers(); n != 1 {
				t.Fatalf("1 ms before the fetch timeout: %d timers pending, want the fetch timer", n)
			}
			select {
			case err := <-errc:
				t.Fatalf("call ended before the fetch timeout: %v", err)
			default:
			}
			c.clock.Advance(time.Millisecond)
			err := <-errc
			checkTokenError(t, err, auth.TokenError{Endpoint: c.endpoint, Attempts: 1}, []error{auth.ErrTokenFetchTimeout}, `token fetch timed out`)
			if n := c.tokenReqs(); n != 1 {
				t.Errorf("token requests = %d, want 1", n)
			}
			newScanner().checkErr(t, "error", err)

			// During the back-off (1 s ± 20 %): at once, no request.
			for _, d := range []time.Duration{0, 800*time.Millisecond - time.Millisecond} {
				c.clock.Advance(d)
				if err := c.do(context.Background()); !errors.Is(err, auth.ErrTokenUnavailable) || !errors.Is(err, auth.ErrTokenFetchTimeout) {
					t.Errorf("call %v into the back-off = %v, want ErrTokenUnavailable wrapping ErrTokenFetchTimeout", d, err)
				}
				if n := c.tokenReqs(); n != 1 {
					t.Errorf("token requests %v into the back-off = %d, want 1", d, n)
				}
			}
			// After it, the first call succeeds.
			c.clock.Advance(400 * time.Millisecond)
			if err := c.do(context.Background()); err != nil {
				t.Fatalf("call after the back-off = %v", err)
			}
			if n := c.tokenReqs(); n != 2 {
				t.Errorf("token requests after recovery = %d, want 2", n)
			}
		})
		t.Run(name+"/slow within timeout", func(t *testing.T) {
			t.Parallel()
			c := setup(t)
			release := holdTokenRequests(c.rec)
			errc := make(chan error, 1)
			go func() { errc <- c.do(context.Background()) }()
			started(t, c, 1)
			c.clock.Advance(fetchTimeout - time.Millisecond)
			release()
			if err := <-errc; err != nil {
				t.Fatalf("call = %v, want success", err)
			}
			if n := c.tokenReqs(); n != 1 {
				t.Errorf("token requests = %d, want 1", n)
			}
		})
		t.Run(name+"/caller deadline", func(t *testing.T) {
			// R12: a caller whose context ends while waiting returns
			// ctx.Err() while its fetch is still held; the fetch goes on.
			t.Parallel()
			c := setup(t)
			release := holdTokenRequests(c.rec)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
			defer cancel()
			if err := c.do(ctx); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("call = %v, want context.DeadlineExceeded", err)
			}
			release()
			if err := c.do(context.Background()); err != nil {
				t.Fatalf("call after the shared fetch = %v", err)
			}
			if n := c.tokenReqs(); n != 1 {
				t.Errorf("token requests = %d, want 1 (the cancelled caller's fetch filled the cache)", n)
			}
		})
	}
}

// holdTokenRequests makes rec hold every token request (a path other than
// the APIs') until release is called or the request's context ends.
func holdTokenRequests(rec *recorder) (release func()) {
	gate := make(chan struct{})
	base := rec.base
	rec.base = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if strings.Contains(r.URL.Path, "/connect/token") || strings.Contains(r.URL.Path, "/dpop/v1/api/") {
			select {
			case <-gate:
			case <-r.Context().Done():
				return nil, context.Cause(r.Context())
			}
		}
		return base.RoundTrip(r)
	})
	var once sync.Once
	return func() { once.Do(func() { close(gate) }) }
}

// TestLongFetchTimeout is TestFetchTimeout in real time, on the system
// clock: a token endpoint slower than WithFetchTimeout fails the caller
// with ErrTokenFetchTimeout after the timeout, makes one request, and the
// first call after the back-off succeeds (R10, R13). It asserts wall-clock
// durations, so it is a long test (make test-long); its bounds allow a
// second of scheduling delay.
func TestLongFetchTimeout(t *testing.T) {
	longtest.Skip(t)
	type client struct {
		endpoint  string
		hang      func(n int)
		latency   func(time.Duration)
		do        func(context.Context) error
		tokenReqs func() int
	}
	setups := map[string]func(t *testing.T) client{
		"signicat": func(t *testing.T) client {
			e := newCC(t)
			e.rebuild(t, authentication.WithClock(auth.SystemClock()), authentication.WithFetchTimeout(fetchTimeout))
			return client{"token", e.tokens.HangNext, e.tokens.SetLatency, e.do, e.tokenReqs}
		},
		"signet": func(t *testing.T) client {
			e := newSG(t)
			e.rebuild(t, fraud.WithClock(auth.SystemClock()), fraud.WithFetchTimeout(fetchTimeout))
			return client{"generate-token", e.tokens.HangNext, e.tokens.SetLatency, e.do, e.tokenReqs}
		},
	}
	for name, setup := range setups {
		t.Run(name+"/hang", func(t *testing.T) {
			t.Parallel()
			c := setup(t)
			c.hang(1)
			start := time.Now()
			err := c.do(context.Background())
			took := time.Since(start)
			t.Logf("hanging endpoint: %v after %v", err, took.Round(time.Millisecond))
			if took < fetchTimeout || took > fetchTimeout+time.Second {
				t.Errorf("call took %v, want about the fetch timeout %v", took, fetchTimeout)
			}
			checkTokenError(t, err, auth.TokenError{Endpoint: c.endpoint, Attempts: 1}, []error{auth.ErrTokenFetchTimeout}, `token fetch timed out`)
			if n := c.tokenReqs(); n != 1 {
				t.Errorf("token requests = %d, want 1", n)
			}
			newScanner().checkErr(t, "error", err)

			// During the back-off (1 s ± 20 %): at once, no request.
			if err := c.do(context.Background()); !errors.Is(err, auth.ErrTokenUnavailable) || !errors.Is(err, auth.ErrTokenFetchTimeout) {
				t.Errorf("call during back-off = %v, want ErrTokenUnavailable wrapping ErrTokenFetchTimeout", err)
			}
			// Poll until the back-off ends; the first allowed call succeeds.
			failed := start.Add(took)
			for {
				err := c.do(context.Background())
				if err == nil {
					break
				}
				if !errors.Is(err, auth.ErrTokenUnavailable) {
					t.Fatalf("call after the hang = %v", err)
				}
				if time.Since(failed) > 3*time.Second {
					t.Fatal("no recovery 3 s after the failure")
				}
				time.Sleep(20 * time.Millisecond)
			}
			if d := time.Since(failed); d < 750*time.Millisecond || d > 2*time.Second {
				t.Errorf("recovered %v after the failure, want after the 1 s ± 20 %% back-off", d)
			}
			if n := c.tokenReqs(); n != 2 {
				t.Errorf("token requests after recovery = %d, want 2", n)
			}
		})
		t.Run(name+"/slow within timeout", func(t *testing.T) {
			t.Parallel()
			c := setup(t)
			c.latency(fetchTimeout / 3)
			if err := c.do(context.Background()); err != nil {
				t.Fatalf("call = %v, want success", err)
			}
			if n := c.tokenReqs(); n != 1 {
				t.Errorf("token requests = %d, want 1", n)
			}
		})
		t.Run(name+"/caller deadline", func(t *testing.T) {
			// R12: a caller whose context ends while waiting returns
			// ctx.Err() promptly; the shared fetch goes on.
			t.Parallel()
			c := setup(t)
			c.latency(fetchTimeout / 2)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := c.do(ctx)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("call = %v, want context.DeadlineExceeded", err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("cancelled caller returned after %v", d)
			}
			time.Sleep(fetchTimeout)
			if err := c.do(context.Background()); err != nil {
				t.Fatalf("call after the shared fetch = %v", err)
			}
			if n := c.tokenReqs(); n != 1 {
				t.Errorf("token requests = %d, want 1 (the cancelled caller's fetch filled the cache)", n)
			}
		})
	}
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
