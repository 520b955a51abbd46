package auth_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// slowTransport advances a fake clock by d before each request, so that a
// fetch takes exactly d of virtual time.
type slowTransport struct {
	clock *authtest.Clock
	d     time.Duration
}

func (s slowTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	s.clock.Advance(s.d)
	return http.DefaultTransport.RoundTrip(r)
}

// hook returns an OnFetch hook and the channel it reports to.
func hook() (func(context.Context, auth.FetchEvent), chan auth.FetchEvent) {
	ch := make(chan auth.FetchEvent, 16)
	return func(_ context.Context, ev auth.FetchEvent) { ch <- ev }, ch
}

func next(t *testing.T, ch chan auth.FetchEvent, want auth.FetchPhase) auth.FetchEvent {
	t.Helper()
	ev := <-ch
	if ev.Phase != want {
		t.Fatalf("event %v (%+v), want %v", ev.Phase, ev, want)
	}
	return ev
}

func none(t *testing.T, ch chan auth.FetchEvent) {
	t.Helper()
	select {
	case ev := <-ch:
		t.Errorf("unexpected event %v: %+v", ev.Phase, ev)
	default:
	}
}

// TestFetchHook: OnFetch sees every fetch start and end, with the duration
// on the runtime's clock, the outcome, and whether the token came from the
// shared store; a token served from the cache is no event.
func TestFetchHook(t *testing.T) {
	f := newSignicat(t, 10*time.Minute)
	onFetch, ch := hook()
	opts := f.options()
	opts.OnFetch = onFetch
	opts.HTTPClient = &http.Client{Transport: slowTransport{f.clock, 250 * time.Millisecond}}
	c, err := auth.NewClientCredentials(f.config(), opts)
	if err != nil {
		t.Fatal(err)
	}
	auth.SetRand(c, noJitter)
	t0 := f.clock.Now()

	mustToken(t, c)
	// Token returns after the end event: both are there.
	start := next(t, ch, auth.FetchStart)
	if start.Key != c.Key() || start.RefreshAhead || !start.Start.Equal(t0) || start.Duration != 0 {
		t.Errorf("start = %+v", start)
	}
	ok := next(t, ch, auth.FetchSuccess)
	if ok.Duration != 250*time.Millisecond || ok.FromStore || ok.Err != nil || ok.RefreshAhead {
		t.Errorf("success = %+v, want 250ms, not from the store", ok)
	}
	if want := t0.Add(10 * time.Minute); !ok.Expiry.Equal(want) {
		t.Errorf("success expiry = %v, want %v", ok.Expiry, want)
	}
	mustToken(t, c) // cached: no fetch
	none(t, ch)

	// In the soft window the caller keeps the token and a refresh runs in
	// the background.
	f.clock.Advance(9*time.Minute + 30*time.Second)
	mustToken(t, c)
	if ev := next(t, ch, auth.FetchStart); !ev.RefreshAhead {
		t.Errorf("refresh start = %+v, want RefreshAhead", ev)
	}
	if ev := next(t, ch, auth.FetchSuccess); !ev.RefreshAhead || ev.Duration != 250*time.Millisecond {
		t.Errorf("refresh success = %+v", ev)
	}

	// A failure reports its error.
	cfg := f.config()
	cfg.ClientSecret = "wrong"
	bad, err := auth.NewClientCredentials(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.Token(context.Background()); err == nil {
		t.Fatal("Token with a wrong secret succeeded")
	}
	next(t, ch, auth.FetchStart)
	ev := next(t, ch, auth.FetchFailure)
	var te *auth.TokenError
	if !errors.As(ev.Err, &te) || te.StatusCode != http.StatusUnauthorized || ev.Duration != 250*time.Millisecond {
		t.Errorf("failure = %+v, want a 401 *TokenError after 250ms", ev)
	}
	// Backed off: callers get the error without a fetch, so no event.
	if _, err := bad.Token(context.Background()); !errors.Is(err, auth.ErrTokenUnavailable) {
		t.Errorf("second Token = %v, want ErrTokenUnavailable", err)
	}
	none(t, ch)
}

// storeFunc is a Store whose Acquire is a function.
type storeFunc func(ctx context.Context, key string, mode auth.AcquireMode, fetch auth.FetchFunc) (*auth.Entry, error)

func (s storeFunc) Acquire(ctx context.Context, key string, mode auth.AcquireMode, fetch auth.FetchFunc) (*auth.Entry, error) {
	return s(ctx, key, mode, fetch)
}

func (storeFunc) Invalidate(context.Context, string, auth.Secret) error { return nil }

// TestFetchHookStore: a token another process put in the Store is reported
// FromStore; a refresh left to another process is FetchDeferred.
func TestFetchHookStore(t *testing.T) {
	f := newSignicat(t, 10*time.Minute)
	now := f.clock.Now()
	shared := &auth.Entry{Token: auth.Token{AccessToken: "shared", TokenType: "Bearer", Expiry: now.Add(10 * time.Minute)},
		SoftAt: now.Add(9 * time.Minute), HardAt: now.Add(9*time.Minute + 50*time.Second)}
	store := storeFunc(func(ctx context.Context, key string, mode auth.AcquireMode, fetch auth.FetchFunc) (*auth.Entry, error) {
		f.clock.Advance(time.Second) // waiting for the store
		if mode == auth.AcquireRefreshAhead {
			return nil, nil // another process holds the refresh lease
		}
		return shared, nil
	})
	onFetch, ch := hook()
	opts := f.options()
	opts.OnFetch, opts.Store = onFetch, store
	c, err := auth.NewClientCredentials(f.config(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if tok := mustToken(t, c); tok != "shared" {
		t.Errorf("token = %q, want the store's", tok)
	}
	next(t, ch, auth.FetchStart)
	if ev := next(t, ch, auth.FetchSuccess); !ev.FromStore || ev.Duration != time.Second || !ev.Expiry.Equal(shared.Expiry) {
		t.Errorf("success = %+v, want FromStore after 1s", ev)
	}
	if f.srv.TokenRequests() != 0 {
		t.Errorf("token requests = %d, want 0", f.srv.TokenRequests())
	}
	f.clock.Advance(9*time.Minute + 10*time.Second) // soft window (jitter moves SoftAt only earlier)
	mustToken(t, c)
	if ev := next(t, ch, auth.FetchStart); !ev.RefreshAhead {
		t.Errorf("start = %+v, want RefreshAhead", ev)
	}
	next(t, ch, auth.FetchDeferred)
}
