package hardening

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signet/fraud"
	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/runtime/auth"
)

const fetchTimeout = 300 * time.Millisecond

// TestFetchTimeout: a token endpoint slower than WithFetchTimeout (real
// time) fails the caller with ErrTokenFetchTimeout after the timeout, makes
// one request, and the first call after the back-off succeeds (R10, R13).
func TestFetchTimeout(t *testing.T) {
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
			if d := time.Since(start); d > 130*time.Millisecond {
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
