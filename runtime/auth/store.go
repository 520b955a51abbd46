package auth

import "context"

// FetchFunc fetches a new token from the token endpoint. prev is the newest
// entry known to the caller (nil if none); flows with refresh tokens (Signet)
// refresh from it.
type FetchFunc func(ctx context.Context, prev *Entry) (*Entry, error)

// AcquireMode says how a Store call may wait for other processes.
type AcquireMode int

const (
	// AcquireBlocking is used when the caller has no usable token (cold cache
	// or past HardAt): the store returns a usable entry, fetching it under a
	// cross-process lease if none is stored, or waiting for the process that
	// holds the lease.
	AcquireBlocking AcquireMode = iota
	// AcquireRefreshAhead is used between SoftAt and HardAt: the store tries
	// the lease without waiting; only the winner calls fetch. A loser returns
	// the stored entry if it is newer than the caller's, or nil.
	AcquireRefreshAhead
)

// Store is an optional second cache tier shared by several processes, such
// as the Redis store in runtime/auth/redisstore. The in-process
// cache consults it once per wave of callers, never per goroutine.
//
// A Store must never fail a caller because the shared tier is unavailable:
// when it cannot reach its backend it calls fetch itself.
type Store interface {
	// Acquire returns a usable entry for key, calling fetch at most once
	// across every process sharing the store.
	Acquire(ctx context.Context, key string, mode AcquireMode, fetch FetchFunc) (*Entry, error)
	// Invalidate deletes the entry for key only if its access token is still
	// token, so that a stale refusal cannot delete a newer token.
	Invalidate(ctx context.Context, key string, token Secret) error
}
