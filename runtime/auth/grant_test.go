package auth_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// countingGrant is a GrantFunc that issues tok-1, tok-2, ... and records
// the prev entries it was given.
type countingGrant struct {
	mu       sync.Mutex
	n        int
	lifetime time.Duration
	prevs    []string
}

func (g *countingGrant) grant(ctx context.Context, prev *auth.Entry) (auth.Token, time.Duration, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	p := ""
	if prev != nil {
		p = prev.AccessToken.Reveal()
	}
	g.prevs = append(g.prevs, p)
	return auth.Token{AccessToken: auth.Secret("tok-" + strconv.Itoa(g.n))}, g.lifetime, nil
}

// TestNewCacheSingleFlight: concurrent callers of a Cache over any grant
// share one call of it, and later callers get the cached token.
func TestNewCacheSingleFlight(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	grant := func(ctx context.Context, prev *auth.Entry) (auth.Token, time.Duration, error) {
		calls.Add(1)
		<-release
		return auth.Token{AccessToken: "shared", TokenType: "bearer"}, time.Hour, nil
	}
	c, err := auth.NewCache("my-vendor|client-1", grant, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	got := make([]string, n)
	started := make(chan struct{}, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started <- struct{}{}
			tok, err := c.Token(context.Background())
			if err == nil {
				got[i] = tok.AccessToken.Reveal() + "/" + tok.TokenType
			}
		}()
	}
	for range n {
		<-started
	}
	waitFor(t, "the first fetch", func() bool { return calls.Load() == 1 })
	close(release)
	wg.Wait()
	if mustToken(t, c) != "shared" {
		t.Error("cached token changed")
	}
	if calls.Load() != 1 {
		t.Errorf("grant called %d times, want 1", calls.Load())
	}
	for i, g := range got {
		if g != "shared/Bearer" {
			t.Errorf("caller %d got %q, want the shared Bearer token", i, g)
		}
	}
}

// TestNewCacheRefreshAheadAndExpiry: a grant that states only the token's
// Expiry gets its lifetime from it; in the soft window the cache refreshes
// ahead, passing the previous entry.
func TestNewCacheRefreshAheadAndExpiry(t *testing.T) {
	clk := authtest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var mu sync.Mutex
	n := 0
	var prevs []string
	grant := func(ctx context.Context, prev *auth.Entry) (auth.Token, time.Duration, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		p := ""
		if prev != nil {
			p = prev.AccessToken.Reveal()
		}
		prevs = append(prevs, p)
		return auth.Token{AccessToken: auth.Secret("tok-" + strconv.Itoa(n)), Expiry: clk.Now().Add(10 * time.Minute)}, 0, nil
	}
	c, err := auth.NewCache("k", grant, auth.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	auth.SetRand(c, noJitter)
	if got := mustToken(t, c); got != "tok-1" {
		t.Fatalf("first token = %q", got)
	}
	e := auth.Current(c)
	if want := clk.Now().Add(10 * time.Minute); !e.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v", e.Expiry, want)
	}
	clk.Set(e.SoftAt.Add(time.Second)) // in the soft window
	if got := mustToken(t, c); got != "tok-1" {
		t.Errorf("soft window: token = %q, want the current one", got)
	}
	waitFor(t, "the refresh ahead", func() bool { return !auth.Busy(c) && auth.Current(c).AccessToken == "tok-2" })
	mu.Lock()
	defer mu.Unlock()
	if len(prevs) != 2 || prevs[0] != "" || prevs[1] != "tok-1" {
		t.Errorf("prev entries = %q, want [\"\" tok-1]", prevs)
	}
}

// TestNewCacheRefusesBadGrants: a grant error is backed off like any
// fetch error, and tokens that are not bearer tokens are refused.
func TestNewCacheRefusesBadGrants(t *testing.T) {
	if _, err := auth.NewCache("k", nil, auth.Options{}); err == nil {
		t.Error("NewCache(nil grant) succeeded")
	}
	boom := errors.New("vault sealed")
	var calls atomic.Int32
	c, _ := auth.NewCache("k", func(context.Context, *auth.Entry) (auth.Token, time.Duration, error) {
		calls.Add(1)
		return auth.Token{}, 0, boom
	}, auth.Options{Clock: authtest.NewClock(time.Unix(0, 0))})
	if _, err := c.Token(context.Background()); !errors.Is(err, boom) {
		t.Errorf("err = %v, want the grant's error", err)
	}
	if _, err := c.Token(context.Background()); !errors.Is(err, auth.ErrTokenUnavailable) || !errors.Is(err, boom) {
		t.Errorf("second err = %v, want ErrTokenUnavailable wrapping the grant's error (back-off)", err)
	}
	if calls.Load() != 1 {
		t.Errorf("grant called %d times during back-off, want 1", calls.Load())
	}
	mac, _ := auth.NewCache("k", func(context.Context, *auth.Entry) (auth.Token, time.Duration, error) {
		return auth.Token{AccessToken: "x", TokenType: "mac"}, time.Hour, nil
	}, auth.Options{})
	if _, err := mac.Token(context.Background()); err == nil {
		t.Error("a mac token was accepted")
	}
}

// recordingStore is a Store that fetches through and records its calls.
type recordingStore struct {
	mu          sync.Mutex
	keys        []string
	invalidated []string
}

func (s *recordingStore) Acquire(ctx context.Context, key string, mode auth.AcquireMode, fetch auth.FetchFunc) (*auth.Entry, error) {
	s.mu.Lock()
	s.keys = append(s.keys, key)
	s.mu.Unlock()
	return fetch(ctx, nil)
}

func (s *recordingStore) Invalidate(ctx context.Context, key string, token auth.Secret) error {
	s.mu.Lock()
	s.invalidated = append(s.invalidated, token.Reveal())
	s.mu.Unlock()
	return nil
}

// TestNewCacheStoreAndKey: a grant cache goes through the Store under a
// hashed key that differs from the raw key, and a refusal invalidates the
// token there too.
func TestNewCacheStoreAndKey(t *testing.T) {
	st := &recordingStore{}
	g := &countingGrant{lifetime: time.Hour}
	c, err := auth.NewCache("issuer|client", g.grant, auth.Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if mustToken(t, c) != "tok-1" {
		t.Fatal("no token")
	}
	if c.Key() == "issuer|client" || len(c.Key()) != 64 {
		t.Errorf("Key() = %q, want a hash", c.Key())
	}
	if !c.Invalidate(context.Background(), "tok-1") {
		t.Error("Invalidate(current) = false")
	}
	if mustToken(t, c) != "tok-2" {
		t.Error("no new token after Invalidate")
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.keys) != 2 || st.keys[0] != c.Key() || len(st.invalidated) != 1 || st.invalidated[0] != "tok-1" {
		t.Errorf("store saw Acquire %q, Invalidate %q", st.keys, st.invalidated)
	}
}

// rotatingSource is a TokenSource of the user's own that implements
// Invalidator: each Invalidate of the current token moves to the next.
type rotatingSource struct {
	mu          sync.Mutex
	n           int
	invalidated []string
}

func (s *rotatingSource) Token(context.Context) (*auth.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &auth.Token{AccessToken: auth.Secret("user-" + strconv.Itoa(s.n)), TokenType: "Bearer"}, nil
}

func (s *rotatingSource) Invalidate(_ context.Context, tok auth.Secret) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated = append(s.invalidated, tok.Reveal())
	if tok.Reveal() == "user-"+strconv.Itoa(s.n) {
		s.n++
	}
	return true
}

// plainSource is a TokenSource without Invalidate.
type plainSource struct{}

func (plainSource) Token(context.Context) (*auth.Token, error) {
	return &auth.Token{AccessToken: "user-0", TokenType: "Bearer"}, nil
}

// TestR21ReplayAnyInvalidator: the single replay after a refused token
// works for any TokenSource that implements Invalidator, and does not
// happen for one that does not.
func TestR21ReplayAnyInvalidator(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := r.Header.Get("Authorization")
		mu.Lock()
		seen = append(seen, a)
		mu.Unlock()
		if a != "Bearer user-1" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, "ok")
	}))
	defer api.Close()
	call := func(src auth.TokenSource) int {
		t.Helper()
		tr, err := auth.NewTransport(auth.TransportConfig{Origins: []string{api.URL}, Schemes: []auth.Scheme{auth.Bearer(src)}})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := (&http.Client{Transport: tr}).Get(api.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	src := &rotatingSource{}
	if code := call(src); code != 200 {
		t.Errorf("status = %d, want 200 after one replay", code)
	}
	if len(seen) != 2 || seen[0] != "Bearer user-0" || seen[1] != "Bearer user-1" {
		t.Errorf("API saw %q, want the refused token then the new one", seen)
	}
	if len(src.invalidated) != 1 || src.invalidated[0] != "user-0" {
		t.Errorf("Invalidate got %q, want [user-0]", src.invalidated)
	}

	seen = nil
	if code := call(plainSource{}); code != 401 {
		t.Errorf("plain source: status = %d, want the 401 as it is", code)
	}
	if len(seen) != 1 {
		t.Errorf("plain source: API saw %d requests, want 1 (no replay)", len(seen))
	}
}
