package auth

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	// minBackoff, maxBackoff and backoffJitter set the back-off after failed fetches.
	minBackoff    = time.Second
	maxBackoff    = 30 * time.Second
	backoffJitter = 0.2
	// forcedRefreshInterval limits refusal-driven refreshes.
	forcedRefreshInterval = 5 * time.Second
)

// TokenSource returns a token for a request. Implementations must be safe
// for concurrent use.
type TokenSource interface {
	// Token returns a token valid for at least the hard margin.
	// The returned Token is shared and must not be modified.
	Token(ctx context.Context) (*Token, error)
}

// grantFunc asks a token endpoint for a token. It returns the token (its
// Expiry is ignored), the time the successful request was sent and the
// granted lifetime, before clamping. prev is the newest entry known, or
// nil.
type grantFunc func(ctx context.Context, prev *Entry) (tok Token, sent time.Time, lifetime time.Duration, err error)

// A Cache is a TokenSource that acquires, caches and refreshes the tokens of
// one client. Callers with a fresh token take no lock; callers in
// the soft window get the current token while one background refresh runs;
// callers without a usable token share one fetch. Failed fetches are backed
// off. A Cache knows nothing about API requests: see Transport and Bearer.
//
// Create one with NewClientCredentials or NewSignet, once per client, and
// share it.
type Cache struct {
	key   string
	grant grantFunc
	clock Clock
	// systemClock is set when clock is the system clock, for the hot path.
	systemClock bool
	logger      *slog.Logger
	store       Store
	onFetch     func(context.Context, FetchEvent)
	timeout     time.Duration
	rand        func() float64
	// refusal classifies a non-2xx API response body as a token refusal
	// (Signet); nil means only status 401 counts.
	refusal func(body []byte) bool

	cur      atomic.Pointer[Entry] // the usable entry, or nil
	inflight atomic.Bool           // a fetch is running
	// refreshWait is refreshAt as Unix nanoseconds, so that callers in the
	// soft window skip the lock while a failed refresh waits.
	refreshWait atomic.Int64

	mu        sync.Mutex
	last      *Entry // newest entry obtained, even if invalidated: prev for refreshes
	flight    *flight
	lastErr   error         // error of the last failed blocking fetch
	backoff   time.Duration // current back-off step
	retryAt   time.Time     // no blocking fetch before this, while lastErr != nil
	refreshAt time.Time     // no refresh-ahead before this; see also refreshWait
	forcedAt  time.Time     // last refusal-driven invalidation
	// okToken is the last token the API accepted (answered with a 2xx).
	okToken atomic.Pointer[Secret]
}

// A flight is one fetch shared by every caller that arrives while it runs.
type flight struct {
	done  chan struct{}
	entry *Entry
	err   error
}

// newCache returns a cache for key that gets tokens from grant.
func newCache(key string, grant grantFunc, opts Options) *Cache {
	opts = opts.withDefaults()
	_, sys := opts.Clock.(systemClock)
	return &Cache{
		key:         key,
		grant:       grant,
		clock:       opts.Clock,
		systemClock: sys,
		logger:      opts.Logger,
		store:       opts.Store,
		onFetch:     opts.OnFetch,
		timeout:     opts.FetchTimeout,
		rand:        cryptoFloat,
	}
}

// Key returns the cache key: a hash of the vendor, token URL, client id or
// API key, sorted scopes, auth style and extra token parameters. It
// never contains a secret. A Store keys its entries by it.
func (c *Cache) Key() string { return c.key }

// Token returns the cached token, fetching one if none is usable. While the
// token is fresh it takes no lock and does not allocate; in the soft
// window it returns the current token and starts one background refresh;
// without a usable token it joins the single fetch in flight
// or, while fetches are backed off, returns the last error wrapped in
// ErrTokenUnavailable. If ctx ends while waiting, Token returns
// ctx.Err() and the fetch goes on.
func (c *Cache) Token(ctx context.Context) (*Token, error) {
	if e := c.cur.Load(); e != nil {
		if c.fresh(e) {
			return &e.Token, nil
		}
		if now := c.clock.Now(); now.Before(e.HardAt) {
			if !c.inflight.Load() && now.UnixNano() >= c.refreshWait.Load() {
				c.refreshAhead(ctx, e)
			}
			return &e.Token, nil
		}
	}
	return c.wait(ctx, false)
}

// fresh reports whether e's soft time is still ahead. With the system
// clock it reads only the monotonic clock (time.Until on a time with a
// monotonic reading), which costs about half of time.Now; entries from a
// Store, which have no monotonic reading, fall back to the wall clock.
func (c *Cache) fresh(e *Entry) bool {
	if c.systemClock {
		return time.Until(e.SoftAt) > 0
	}
	return c.clock.Now().Before(e.SoftAt)
}

// WaitToken is like Token, except that while fetches are backed off after
// failures it waits for the next allowed fetch and joins it instead
// of returning ErrTokenUnavailable at once. It still returns ctx.Err() when
// ctx ends first.
func (c *Cache) WaitToken(ctx context.Context) (*Token, error) {
	if tok, err := c.Token(ctx); !errors.Is(err, ErrTokenUnavailable) {
		return tok, err
	}
	return c.wait(ctx, true)
}

// refreshAhead starts a background refresh of e unless one runs or the
// last one failed less than the refresh retry interval ago.
func (c *Cache) refreshAhead(ctx context.Context, e *Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flight != nil || c.cur.Load() != e || c.clock.Now().Before(c.refreshAt) {
		return
	}
	c.logger.DebugContext(ctx, "auth: refreshing token ahead of expiry", "key", c.key, "expiry", e.Expiry)
	c.start(ctx, AcquireRefreshAhead)
}

// wait returns a usable token, joining or starting a blocking fetch. If
// waitBackoff is true it sleeps through a back-off instead of failing.
func (c *Cache) wait(ctx context.Context, waitBackoff bool) (*Token, error) {
	for {
		c.mu.Lock()
		now := c.clock.Now()
		if e := c.cur.Load(); e != nil && now.Before(e.HardAt) {
			c.mu.Unlock()
			return &e.Token, nil
		}
		f := c.flight
		if f == nil {
			if c.lastErr != nil && now.Before(c.retryAt) {
				err, d := c.lastErr, c.retryAt.Sub(now)
				c.mu.Unlock()
				if !waitBackoff {
					return nil, unavailable(err)
				}
				if err := sleep(ctx, c.clock, d); err != nil {
					return nil, ctx.Err()
				}
				continue
			}
			f = c.start(ctx, AcquireBlocking)
		}
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if f.err != nil {
			return nil, f.err
		}
		if e := f.entry; e != nil {
			// The newest token there is. Past its hard time only if the
			// fetch outlasted the lifetime's last quarter; use it unless it
			// has expired outright, rather than fetching in a loop.
			if c.clock.Now().Before(e.Expiry) {
				return &e.Token, nil
			}
			return nil, &chain{"auth: token unavailable: the token expired before it arrived", []error{ErrTokenUnavailable}}
		}
		// A refresh-ahead flight lost the race for the shared lease and
		// brought nothing: try again with a blocking fetch.
	}
}

// storeLeaseWait is how much longer than the fetch timeout an acquire
// through a shared Store may take: another process's lease (12 s) plus one
// poll.
const storeLeaseWait = 13 * time.Second

// start begins a fetch in mode. c.mu must be held.
func (c *Cache) start(ctx context.Context, mode AcquireMode) *flight {
	f := &flight{done: make(chan struct{})}
	c.flight = f
	c.inflight.Store(true)
	go c.run(context.WithoutCancel(ctx), f, mode, c.last)
	return f
}

// run performs the fetch of f on a context detached from the caller that
// triggered it, bounded by the fetch timeout, and publishes the result.
func (c *Cache) run(ctx context.Context, f *flight, mode AcquireMode, prev *Entry) {
	start, octx := c.clock.Now(), ctx
	c.observe(octx, FetchEvent{Phase: FetchStart, RefreshAhead: mode == AcquireRefreshAhead, Start: start})
	ctx, cancel := context.WithCancelCause(ctx)
	// With a shared store, the fetch timeout bounds the fetch itself; the
	// whole acquire may also wait for another process's lease first.
	timeout := c.timeout
	if c.store != nil {
		timeout += storeLeaseWait
	}
	timer := c.clock.AfterFunc(timeout, func() { cancel(ErrTokenFetchTimeout) })
	var (
		e         *Entry
		err       error
		fromStore bool
	)
	if c.store != nil {
		var mine atomic.Pointer[Entry]
		e, err = c.store.Acquire(ctx, c.key, mode, func(ctx context.Context, stored *Entry) (*Entry, error) {
			if stored == nil {
				stored = prev
			}
			ctx, cancel := context.WithCancelCause(ctx)
			defer cancel(nil)
			t := c.clock.AfterFunc(c.timeout, func() { cancel(ErrTokenFetchTimeout) })
			defer t.Stop()
			e, err := c.fetch(ctx, stored)
			mine.Store(e)
			return e, err
		})
		if e != nil && e != mine.Load() {
			e = c.spread(e)
			fromStore = true
		}
		if err != nil && context.Cause(ctx) == ErrTokenFetchTimeout && !errors.Is(err, ErrTokenFetchTimeout) {
			err = &chain{"auth: token store: token fetch timed out: " + strings.TrimPrefix(err.Error(), "auth: "), []error{ErrTokenFetchTimeout, err}}
		}
		if err == nil && e == nil && mode == AcquireBlocking {
			err = errors.New("auth: token store returned no entry")
		}
	} else {
		e, err = c.fetch(ctx, prev)
	}
	timer.Stop()
	cancel(nil)

	c.mu.Lock()
	now := c.clock.Now()
	cur := c.cur.Load()
	switch {
	case err == nil && e != nil:
		c.cur.Store(e)
		c.last = e
		c.lastErr, c.backoff, c.refreshAt = nil, 0, time.Time{}
		c.refreshWait.Store(0)
	case cur != nil && now.Before(cur.HardAt):
		// A failed or lost refresh ahead of expiry: callers keep the
		// current token; try again later.
		c.refreshAt = now.Add(refreshRetryInterval(cur.Expiry.Sub(cur.SoftAt)))
		c.refreshWait.Store(c.refreshAt.UnixNano())
		if err != nil {
			c.logger.DebugContext(ctx, "auth: token refresh failed; keeping current token",
				"key", c.key, "retry_in", c.refreshAt.Sub(now), "err", err)
		}
	case err != nil:
		// No usable token: back off.
		c.backoff = min(max(2*c.backoff, minBackoff), maxBackoff)
		d := time.Duration(float64(c.backoff) * (1 + backoffJitter*(2*c.rand()-1)))
		c.lastErr, c.retryAt = err, now.Add(d)
		c.logger.DebugContext(ctx, "auth: token fetch failed; backing off",
			"key", c.key, "backoff", d, "err", err)
	}
	f.entry, f.err = e, err
	c.flight = nil
	c.inflight.Store(false)
	c.mu.Unlock()
	if c.onFetch != nil {
		ev := FetchEvent{Phase: FetchSuccess, RefreshAhead: mode == AcquireRefreshAhead, Start: start, Duration: now.Sub(start)}
		switch {
		case err != nil:
			ev.Phase, ev.Err = FetchFailure, err
		case e == nil:
			ev.Phase = FetchDeferred
		default:
			ev.FromStore, ev.Expiry = fromStore, e.Expiry
		}
		c.observe(octx, ev)
	}
	close(f.done)
}

// spread returns a copy of e, an entry another process fetched, with this
// process's own jitter applied to its soft time, so that processes sharing
// one token spread their refresh attempts. The copy's soft window is
// at most 1.25 times the fetcher's, so it is still not born stale.
func (c *Cache) spread(e *Entry) *Entry {
	w := e.Expiry.Sub(e.SoftAt)
	if w <= 0 {
		return e
	}
	ne := *e
	ne.SoftAt = e.SoftAt.Add(-time.Duration(c.rand() * softJitterFrac * float64(w)))
	return &ne
}

// fetch gets a new token from the endpoint and computes its times.
func (c *Cache) fetch(ctx context.Context, prev *Entry) (*Entry, error) {
	tok, sent, l, err := c.grant(ctx, prev)
	if err != nil {
		return nil, err
	}
	e := newEntry(tok, sent, l, c.rand())
	c.logger.DebugContext(ctx, "auth: token fetched", "key", c.key,
		"lifetime", e.Expiry.Sub(sent), "soft_at", e.SoftAt, "hard_at", e.HardAt)
	return e, nil
}

// markAccepted records that the API accepted tok; see Invalidate. It
// allocates only when the accepted token changes.
func (c *Cache) markAccepted(tok Secret) {
	if ok := c.okToken.Load(); ok != nil && *ok == tok {
		return
	}
	c.okToken.Store(&tok)
}

// Invalidate discards the cached token if it is still token, the token a
// refused request carried (compare, then invalidate), and deletes
// it from the Store under the same comparison. It reports whether the
// caller should obtain a token and retry: true if the cache no longer holds
// token, false if token is still cached because a refusal-driven
// invalidation happened less than 5 s ago.
func (c *Cache) Invalidate(ctx context.Context, token Secret) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	cur := c.cur.Load()
	if cur == nil || cur.AccessToken != token {
		return true
	}
	now := c.clock.Now()
	// Refusal-driven refreshes are limited to one per 5 s, so that a server
	// that refuses every token costs little. A token the API had accepted
	// and now refuses was revoked: it is replaced at once, which stays
	// bounded because each such token first had to succeed.
	wasAccepted := false
	if ok := c.okToken.Load(); ok != nil && *ok == token {
		wasAccepted = true
	}
	if !wasAccepted && !c.forcedAt.IsZero() && now.Sub(c.forcedAt) < forcedRefreshInterval {
		c.logger.DebugContext(ctx, "auth: token refused again; not refreshing", "key", c.key)
		return false
	}
	c.forcedAt = now
	c.cur.Store(nil)
	c.logger.DebugContext(ctx, "auth: token refused; invalidated", "key", c.key)
	if c.store != nil {
		// Under c.mu, so that no fetch of this process reads the refused
		// token back from the store before it is deleted.
		if err := c.store.Invalidate(context.WithoutCancel(ctx), c.key, token); err != nil {
			c.logger.DebugContext(ctx, "auth: token store invalidate failed", "key", c.key, "err", err)
		}
	}
	return true
}
