package auth

import (
	"context"
	"time"
)

// A FetchPhase is the point of a token fetch that a FetchEvent reports.
type FetchPhase int

// Fetch phases.
const (
	// FetchStart: a fetch begins, from the token endpoint or, with a
	// Store, through the Store.
	FetchStart FetchPhase = iota + 1
	// FetchSuccess: the fetch brought a token.
	FetchSuccess
	// FetchFailure: the fetch failed; FetchEvent.Err says why.
	FetchFailure
	// FetchDeferred: a refresh ahead of expiry was left to another
	// process sharing the Store; callers keep the current token.
	FetchDeferred
)

// String returns "start", "success", "failure" or "deferred".
func (p FetchPhase) String() string {
	switch p {
	case FetchStart:
		return "start"
	case FetchSuccess:
		return "success"
	case FetchFailure:
		return "failure"
	case FetchDeferred:
		return "deferred"
	}
	return "unknown"
}

// A FetchEvent describes one token fetch of a Cache to Options.OnFetch. It
// holds no secret and no token.
type FetchEvent struct {
	Phase FetchPhase
	// Key is the Cache's key (see Cache.Key): which credentials and
	// endpoint, as a hash.
	Key string
	// RefreshAhead is true for a background refresh before the current
	// token expires, false for a fetch that callers wait for.
	RefreshAhead bool
	// Start is when the fetch began, read from Options.Clock.
	Start time.Time
	// Duration is how long the fetch took, retries and waiting for a
	// Store's lock included, measured with Options.Clock. Zero at
	// FetchStart.
	Duration time.Duration
	// FromStore is true, at FetchSuccess, when the token came from the
	// shared Store: another process had fetched it.
	FromStore bool
	// Expiry is, at FetchSuccess, when the token expires.
	Expiry time.Time
	// Err is, at FetchFailure, why the fetch failed: usually a
	// *TokenError, or an error wrapping ErrTokenFetchTimeout.
	Err error
}

// observe reports ev to the hook, if any.
func (c *Cache) observe(ctx context.Context, ev FetchEvent) {
	if c.onFetch != nil {
		ev.Key = c.key
		c.onFetch(ctx, ev)
	}
}
