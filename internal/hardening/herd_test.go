package hardening

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/runtime/auth"
)

// herd releases n goroutines at once, each making one call, and returns
// their errors.
func herd(n int, call func() error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = call()
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// TestFaultHerd: 200 concurrent callers of one generated client against a
// failing token endpoint make one fetch (R9), not 200; after the back-off,
// 200 callers make one successful fetch and share its token (R8).
func TestFaultHerd(t *testing.T) {
	const n = 200
	for _, tc := range []struct {
		name   string
		inject func(*ccEnv)
		reqs   int
		status int
	}{
		{"503 x3", func(e *ccEnv) { e.tokens.FailNext(3, 503, 0) }, 3, 503},
		{"401 invalid_client", func(e *ccEnv) { e.tokens.FailNext(1, 401, 0) }, 1, 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newCC(t)
			tc.inject(e)
			var errs []error
			pump(e.clock, func() error {
				errs = herd(n, func() error { _, err := e.call(context.Background()); return err })
				return nil
			})
			if got := e.tokenReqs(); got != tc.reqs {
				t.Errorf("token requests for %d concurrent callers = %d, want %d", n, got, tc.reqs)
			}
			var joined, backedOff int
			for _, err := range errs {
				var te *auth.TokenError
				switch {
				case !errors.As(err, &te) || te.StatusCode != tc.status:
					t.Errorf("caller error = %v, want a TokenError with status %d", err, tc.status)
				case errors.Is(err, auth.ErrTokenUnavailable):
					backedOff++
				default:
					joined++
				}
			}
			t.Logf("%d callers joined the failing fetch, %d arrived during the back-off", joined, backedOff)
			newScanner().checkErr(t, "herd error", errs[0])

			e.clock.Advance(1500 * time.Millisecond)
			errs = herd(n, func() error { _, err := e.call(context.Background()); return err })
			for _, err := range errs {
				if err != nil {
					t.Fatalf("caller after recovery: %v", err)
				}
			}
			if got := e.tokenReqs(); got != tc.reqs+1 {
				t.Errorf("token requests after recovery = %d, want %d", got, tc.reqs+1)
			}
			seen := map[string]bool{}
			for _, r := range e.api.Requests() {
				if r.Status == http.StatusOK {
					seen[r.Header.Get("Authorization")] = true
				}
			}
			if len(seen) != 1 {
				t.Errorf("tokens used by %d callers = %v, want one", n, seen)
			}
		})
	}
}

// TestNoTokenToOtherOrigins: an API redirect to another origin does not
// carry the token, and the caller's request is not modified (R20).
func TestNoTokenToOtherOrigins(t *testing.T) {
	var leaked atomic.Int64
	var hits atomic.Int64
	foreignSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Authorization") != "" {
			leaked.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":"s-1","status":"CREATED"}`))
	}))
	defer foreignSrv.Close()
	foreignURL := "http://localhost:" + foreignSrv.URL[len("http://127.0.0.1:"):]
	e := newCC(t)
	api := httptest.NewServer(e.tokens.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, foreignURL+r.URL.Path, http.StatusTemporaryRedirect)
	})))
	defer api.Close()
	e.rebuild(t, authentication.WithBaseURL(api.URL+"/auth/rest"))
	var h http.Header
	s, err := e.client.GetSession(context.Background(), "s-1", nil,
		authentication.WithRequestEditor(func(r *http.Request) error { h = r.Header; return nil }))
	if err != nil || s.ID != "s-1" {
		t.Fatalf("GetSession via a redirect = %+v, %v", s, err)
	}
	if hits.Load() != 1 || leaked.Load() != 0 {
		t.Errorf("foreign origin: %d requests, %d with Authorization; want 1, 0", hits.Load(), leaked.Load())
	}
	if h.Get("Authorization") != "" {
		t.Errorf("the caller's request got an Authorization header")
	}
}
