package redisstore

// The child processes of the multi-process tests need an in-process cache in
// front of the Store. runtime/auth's cache is being written on another
// branch; until it is merged, testCache below stands in for it with the same
// contract (one Store.Acquire per wave, R29; refresh-ahead in the soft
// window, R11/R31). Once the real cache exists, replace newChildCache with a
// constructor of it (backed by the Store and the token URL) and delete this
// file: the children use nothing else from it.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// tokenCache is what a child process calls. It has the method set of
// auth's TokenSource, so auth's cache can replace testCache as is.
type tokenCache interface {
	Token(ctx context.Context) (*auth.Token, error)
}

// newChildCache builds the in-process cache a child uses in front of store.
func newChildCache(store auth.Store, key string, fetch auth.FetchFunc) tokenCache {
	return &testCache{store: store, key: key, fetch: fetch}
}

// testCache is a minimal in-process tier: blocking acquisitions are
// serialised (one per wave), and in the soft window one background
// refresh-ahead runs at a time, retried no sooner than clamp(W/4, 1 s, 30 s).
type testCache struct {
	store auth.Store
	key   string
	fetch auth.FetchFunc

	cur        atomic.Pointer[auth.Entry]
	mu         sync.Mutex
	refreshing atomic.Bool
	nextTry    atomic.Int64 // UnixNano before which no refresh-ahead starts
}

func (c *testCache) Token(ctx context.Context) (*auth.Token, error) {
	if e := c.cur.Load(); e != nil {
		now := time.Now()
		if now.Before(e.HardAt) {
			if !now.Before(e.SoftAt) && now.UnixNano() >= c.nextTry.Load() && c.refreshing.CompareAndSwap(false, true) {
				go c.refreshAhead(e)
			}
			return &e.Token, nil
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.cur.Load(); e != nil && time.Now().Before(e.HardAt) {
		return &e.Token, nil
	}
	e, err := c.store.Acquire(ctx, c.key, auth.AcquireBlocking, c.fetch)
	if err != nil {
		return nil, err
	}
	c.cur.Store(e)
	return &e.Token, nil
}

func (c *testCache) refreshAhead(old *auth.Entry) {
	defer c.refreshing.Store(false)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e, err := c.store.Acquire(ctx, c.key, auth.AcquireRefreshAhead, c.fetch)
	if err == nil && e != nil {
		c.cur.CompareAndSwap(old, e)
		return
	}
	w := old.Expiry.Sub(old.SoftAt) / 4
	c.nextTry.Store(time.Now().Add(min(max(w, time.Second), 30*time.Second)).UnixNano())
}

// entryFor computes an entry's times per R1 and R2 (no R3 jitter): soft
// window W = clamp(L/10, 30 s, L/2), hard margin M = min(10 s, L/4), both
// measured back from expiry = send time + L (R4).
func entryFor(token, tokenType string, sent time.Time, lifetime time.Duration) *auth.Entry {
	expiry := sent.Add(lifetime)
	w := min(max(lifetime/10, 30*time.Second), lifetime/2)
	m := min(10*time.Second, lifetime/4)
	return &auth.Entry{
		Token:  auth.Token{AccessToken: auth.Secret(token), TokenType: tokenType, Expiry: expiry},
		SoftAt: expiry.Add(-w),
		HardAt: expiry.Add(-m),
	}
}

// httpFetch returns a FetchFunc that POSTs to a fake Signicat token endpoint
// answering {access_token, expires_in, token_type}. It sends the child's
// pid so the parent can tell which process fetched.
func httpFetch(client *http.Client, url string, pid int) auth.FetchFunc {
	return func(ctx context.Context, prev *auth.Entry) (*auth.Entry, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("X-Child-Pid", strconv.Itoa(pid))
		sent := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("token request: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("token request: status %d", resp.StatusCode)
		}
		var body struct {
			AccessToken string `json:"access_token"`
			ExpiresIn   int    `json:"expires_in"`
			TokenType   string `json:"token_type"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return nil, fmt.Errorf("token response: %w", err)
		}
		return entryFor(body.AccessToken, body.TokenType, sent, time.Duration(body.ExpiresIn)*time.Second), nil
	}
}
