// Package redisstore is an optional second cache tier for runtime/auth,
// shared through Redis by every process that uses the same credentials.
//
// A Store keeps one entry per cache key and a short lease beside it:
//
//	<Prefix>{<key>}       the token, as JSON (sealed with AES-256-GCM if configured)
//	<Prefix>{<key>}:lock  the lease: a random owner id, set NX with a 12 s TTL
//
// The cache key given by runtime/auth is a hash that contains no secret, and
// the hash tag {…} keeps both keys in one Redis Cluster slot.
//
// Only the process that holds the lease calls the token endpoint; the others
// poll for the value it writes. A holder that dies loses the lease
// when its TTL runs out. When Redis cannot be reached, a Store calls the
// token endpoint directly and leaves Redis alone for a while, so a Redis
// outage never fails a caller.
//
// Use it with a generated client's WithTokenStore option:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
//	store, err := redisstore.New(rdb, redisstore.Options{})
//	if err != nil {
//		return err
//	}
//	client, err := dem.NewClient(dem.WithCredentialsFromEnv(), dem.WithTokenStore(store))
//
// Only this package of the module imports go-redis.
package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mathrand "math/rand/v2"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// Defaults for the zero fields of Options.
const (
	DefaultPrefix       = "sigen:token:"
	DefaultOpTimeout    = 200 * time.Millisecond
	DefaultLockTTL      = 12 * time.Second
	DefaultPollInterval = 50 * time.Millisecond
	DefaultFallbackFor  = 5 * time.Second
)

// Options configures a Store. The zero value is usable: every zero field
// takes its default.
type Options struct {
	// Prefix starts every Redis key the Store uses. Default "sigen:token:".
	// Use one prefix per application or environment sharing a Redis.
	Prefix string

	// OpTimeout bounds each Redis call. Default 200 ms. It is enforced
	// by the Store even when the client was built without
	// ContextTimeoutEnabled.
	OpTimeout time.Duration

	// LockTTL is how long the lease of the process fetching a token lasts. It must exceed the token fetch timeout of runtime/auth (10 s by
	// default). Default 12 s.
	LockTTL time.Duration

	// PollInterval is how often a process waiting for another one's fetch
	// reads Redis; each wait is jittered by ±20 %. Default 50 ms.
	PollInterval time.Duration

	// FallbackFor is how long the Store stops using Redis after a Redis
	// error or timeout. Default 5 s.
	FallbackFor time.Duration

	// Sealing, if set, encrypts stored entries.
	Sealing *Sealing

	// Logger receives Redis outages and recoveries. Nothing it receives
	// contains a token. Default: discard.
	Logger *slog.Logger

	// Now returns the current time. Default time.Now. Tests set it.
	Now func() time.Time
}

// Sealing holds the AES-256-GCM keys that encrypt stored entries.
// Every stored value carries the id of the key that sealed it, so keys can
// be rotated without a flag day: see the package README.
type Sealing struct {
	// KeyID names the key in Keys that seals new values.
	KeyID string
	// Keys maps a key id to a 32-byte AES-256 key. Values sealed under a key
	// id that is not here, or that fail to open, are treated as absent.
	Keys map[string][]byte
}

// Store is a Redis-backed auth.Store. It is safe for concurrent use.
type Store struct {
	rdb      redis.UniversalClient
	prefix   string
	opTO     time.Duration
	lockTTL  time.Duration
	poll     time.Duration
	fallback time.Duration
	log      *slog.Logger
	now      func() time.Time
	codec    codec

	// handed maps a key to the SHA-256 of the token last returned for it,
	// so that refresh-ahead can tell a newer token from the caller's.
	handed sync.Map

	mu        sync.Mutex
	downUntil time.Time // zero: Redis in use; otherwise skip Redis until then
	probing   bool      // one caller is probing Redis after downUntil
}

var _ auth.Store = (*Store)(nil)

// New returns a Store that keeps tokens in the Redis reached through client,
// which may be a plain, Sentinel-backed (failover) or Cluster client. New
// does not contact Redis.
func New(client redis.UniversalClient, opts Options) (*Store, error) {
	if client == nil {
		return nil, errors.New("redisstore: nil client")
	}
	s := &Store{
		rdb:      client,
		prefix:   opts.Prefix,
		opTO:     opts.OpTimeout,
		lockTTL:  opts.LockTTL,
		poll:     opts.PollInterval,
		fallback: opts.FallbackFor,
		log:      opts.Logger,
		now:      opts.Now,
	}
	if s.prefix == "" {
		s.prefix = DefaultPrefix
	}
	if s.opTO <= 0 {
		s.opTO = DefaultOpTimeout
	}
	if s.lockTTL <= 0 {
		s.lockTTL = DefaultLockTTL
	}
	if s.lockTTL < time.Millisecond {
		return nil, fmt.Errorf("redisstore: LockTTL %v below 1ms", s.lockTTL)
	}
	if s.poll <= 0 {
		s.poll = DefaultPollInterval
	}
	if s.fallback <= 0 {
		s.fallback = DefaultFallbackFor
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if opts.Sealing != nil {
		c, err := newCodec(opts.Sealing)
		if err != nil {
			return nil, fmt.Errorf("redisstore: %w", err)
		}
		s.codec = c
	}
	return s, nil
}

// Key names. The hash tag keeps the entry and its lease in one Cluster slot.
func (s *Store) valueKey(key string) string { return s.prefix + "{" + key + "}" }
func (s *Store) lockKey(key string) string  { return s.prefix + "{" + key + "}:lock" }

// redisError marks a failure of Redis itself (as opposed to the caller's
// context ending or fetch failing): it switches the Store to fallback.
type redisError struct{ err error }

func (e *redisError) Error() string { return "redisstore: redis: " + e.err.Error() }
func (e *redisError) Unwrap() error { return e.err }

// Acquire implements auth.Store.
//
// In AcquireBlocking mode it returns the stored entry if it is usable (now
// before HardAt); otherwise it takes the lease and calls fetch with the
// newest stored entry, or waits for the process holding the lease.
//
// In AcquireRefreshAhead mode it returns the stored entry if that is not yet
// in its soft window and is newer than the caller's, that is, not the token
// this Store last returned for key (another process refreshed it); nil, nil
// if it is the caller's own token and not yet in its stored soft window.
// Past that soft time it tries the lease once: the winner calls fetch and
// returns the new entry, a loser returns nil, nil. On nil the caller keeps
// its current token and tries again later.
//
// If Redis fails or times out, Acquire calls fetch itself and stops using
// Redis for Options.FallbackFor; then fetch gets the entry read before
// the failure, if any, else nil as prev. Errors returned are fetch's errors
// or ctx's, never Redis's.
func (s *Store) Acquire(ctx context.Context, key string, mode auth.AcquireMode, fetch auth.FetchFunc) (*auth.Entry, error) {
	e, err := s.acquire(ctx, key, mode, fetch)
	if err == nil && e != nil {
		s.handed.Store(key, tokenHash(e.AccessToken.Reveal()))
	}
	return e, err
}

// handedOut reports whether e holds the token this Store last returned for
// key: the caller's own token, as far as the Store can tell.
func (s *Store) handedOut(key string, e *auth.Entry) bool {
	h, ok := s.handed.Load(key)
	return ok && h.(string) == tokenHash(e.AccessToken.Reveal())
}

func (s *Store) acquire(ctx context.Context, key string, mode auth.AcquireMode, fetch auth.FetchFunc) (*auth.Entry, error) {
	probe, ok := s.useRedis()
	if !ok {
		return fetch(ctx, nil)
	}
	var (
		e    *auth.Entry
		prev *auth.Entry
		err  error
	)
	if mode == auth.AcquireRefreshAhead {
		e, prev, err = s.refreshAhead(ctx, key, fetch)
	} else {
		e, prev, err = s.blocking(ctx, key, fetch)
	}
	var re *redisError
	if !errors.As(err, &re) {
		if probe {
			s.endProbe(e == nil && ctx.Err() != nil)
		}
		return e, err
	}
	s.trip(re)
	if e != nil {
		// fetch succeeded; only the write or release failed.
		return e, nil
	}
	return fetch(ctx, prev)
}

// blocking is AcquireBlocking. Besides the result it returns the newest
// entry read from Redis, for a fallback fetch.
func (s *Store) blocking(ctx context.Context, key string, fetch auth.FetchFunc) (e, prev *auth.Entry, err error) {
	vkey, lkey := s.valueKey(key), s.lockKey(key)
	owner, err := newOwner()
	if err != nil {
		return nil, nil, err
	}
	for {
		cur, err := s.read(ctx, vkey)
		if err != nil {
			return nil, prev, err
		}
		if cur != nil {
			prev = cur
			if s.usable(cur) {
				return cur, prev, nil
			}
		}
		won, err := s.lock(ctx, lkey, owner)
		if err != nil {
			return nil, prev, err
		}
		if won {
			e, cur, err := s.fetchLocked(ctx, vkey, lkey, owner, auth.AcquireBlocking, fetch)
			if cur != nil {
				prev = cur
			}
			return e, prev, err
		}
		cur, err = s.wait(ctx, vkey, lkey)
		if err != nil {
			return nil, prev, err
		}
		if cur != nil {
			return cur, cur, nil
		}
		// The lease is gone without a value (the holder failed, or died and
		// its lease expired): try to take it.
	}
}

// refreshAhead is AcquireRefreshAhead.
func (s *Store) refreshAhead(ctx context.Context, key string, fetch auth.FetchFunc) (e, prev *auth.Entry, err error) {
	vkey, lkey := s.valueKey(key), s.lockKey(key)
	cur, err := s.read(ctx, vkey)
	if err != nil {
		return nil, nil, err
	}
	if cur != nil && s.now().Before(cur.SoftAt) {
		if s.handedOut(key, cur) {
			// The caller's own token, not due yet by the soft time it was
			// stored with (the caller's may be earlier: runtime/auth adds
			// its own jitter). Nothing newer, and no refresh yet: the
			// caller retries later rather than on its next call.
			return nil, cur, nil
		}
		return cur, cur, nil // another process has refreshed it
	}
	owner, err := newOwner()
	if err != nil {
		return nil, cur, err
	}
	won, err := s.lock(ctx, lkey, owner)
	if err != nil || !won {
		return nil, cur, err
	}
	return s.fetchLocked(ctx, vkey, lkey, owner, auth.AcquireRefreshAhead, fetch)
}

// fetchLocked runs while holding the lease: it reads the entry again (another
// process may have written it between our read and our lock), calls fetch
// with the newest entry unless that is already good enough, stores the result
// and releases the lease.
func (s *Store) fetchLocked(ctx context.Context, vkey, lkey, owner string, mode auth.AcquireMode, fetch auth.FetchFunc) (e, prev *auth.Entry, err error) {
	// Release and write even if ctx ends: the token is valid for everyone.
	bg := context.WithoutCancel(ctx)
	defer func() {
		var re *redisError
		if errors.As(err, &re) {
			// Redis just failed: release off the caller's path, so that
			// the call pays one Redis timeout at most.
			go s.unlock(bg, lkey, owner)
			return
		}
		if rerr := s.unlock(bg, lkey, owner); rerr != nil && err == nil {
			err = rerr
		}
	}()
	cur, err := s.read(ctx, vkey)
	if err != nil {
		return nil, nil, err
	}
	if cur != nil {
		if mode == auth.AcquireBlocking && s.usable(cur) ||
			mode == auth.AcquireRefreshAhead && s.now().Before(cur.SoftAt) {
			return cur, cur, nil
		}
	}
	e, err = fetch(ctx, cur)
	if err != nil {
		return nil, cur, err
	}
	if e == nil {
		return nil, cur, errors.New("redisstore: fetch returned no entry")
	}
	return e, cur, s.write(bg, vkey, e)
}

// wait polls until a usable entry appears (returned), the lease disappears
// or LockTTL + 1 s passes (nil, nil), or ctx ends.
func (s *Store) wait(ctx context.Context, vkey, lkey string) (*auth.Entry, error) {
	limit := time.NewTimer(s.lockTTL + time.Second)
	defer limit.Stop()
	t := time.NewTimer(s.pollDelay())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-limit.C:
			return nil, nil
		case <-t.C:
		}
		e, locked, err := s.peek(ctx, vkey, lkey)
		if err != nil {
			return nil, err
		}
		if e != nil && s.usable(e) {
			return e, nil
		}
		if !locked {
			return nil, nil
		}
		t.Reset(s.pollDelay())
	}
}

// Invalidate implements auth.Store: it deletes the entry for key only if its
// access token is still token, compared by SHA-256 inside Redis, so a stale
// refusal seen by one process cannot delete the newer token another process
// wrote. A Redis failure is logged, switches the Store to fallback and
// is not returned.
func (s *Store) Invalidate(ctx context.Context, key string, token auth.Secret) error {
	probe, ok := s.useRedis()
	if !ok {
		return nil
	}
	err := s.call(ctx, func(ctx context.Context) error {
		return invalidateScript.Run(ctx, s.rdb, []string{s.valueKey(key)}, tokenHash(token.Reveal())).Err()
	})
	var re *redisError
	if errors.As(err, &re) {
		s.trip(re)
		return nil
	}
	if probe {
		s.endProbe(err != nil)
	}
	return err
}

func (s *Store) usable(e *auth.Entry) bool { return s.now().Before(e.HardAt) }

// pollDelay is PollInterval ± 20 %.
func (s *Store) pollDelay() time.Duration {
	span := int64(s.poll) * 2 / 5
	return s.poll - time.Duration(span/2) + time.Duration(mathrand.Int64N(span+1))
}

func newOwner() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("redisstore: lock owner: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
