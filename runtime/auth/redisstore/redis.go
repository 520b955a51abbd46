package redisstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// releaseScript deletes the lease only if it still belongs to ARGV[1], so a
// holder whose lease expired cannot delete its successor's.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0`)

// invalidateScript deletes the entry only if the SHA-256 of its access token,
// stored in clear beside a sealed or plain entry, is ARGV[1].
var invalidateScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then
	return 0
end
local ok, d = pcall(cjson.decode, v)
if ok and type(d) == 'table' and d.sha256 == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0`)

// call runs one Redis operation under OpTimeout. The timeout holds even if
// the client ignores context deadlines (go-redis without
// ContextTimeoutEnabled): the operation then finishes in the background.
//
// It returns nil, redis.Nil, ctx's error if ctx ended, or a *redisError.
func (s *Store) call(ctx context.Context, op func(context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	octx, cancel := context.WithTimeout(ctx, s.opTO)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- op(octx) }()
	var err error
	select {
	case err = <-done:
		if err == nil || errors.Is(err, redis.Nil) {
			return err
		}
	case <-octx.Done():
		err = fmt.Errorf("no reply within %v", s.opTO)
	}
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return &redisError{err}
}

// read returns the stored entry, or nil if there is none or it cannot be
// decoded (wrong sealing key, foreign format): such a value is a miss.
func (s *Store) read(ctx context.Context, vkey string) (*auth.Entry, error) {
	var raw []byte
	err := s.call(ctx, func(ctx context.Context) error {
		var err error
		raw, err = s.rdb.Get(ctx, vkey).Bytes()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.decode(vkey, raw), nil
}

// peek reads the entry and whether the lease exists, in one round trip.
func (s *Store) peek(ctx context.Context, vkey, lkey string) (e *auth.Entry, locked bool, err error) {
	var raw []byte
	err = s.call(ctx, func(ctx context.Context) error {
		pipe := s.rdb.Pipeline()
		get := pipe.Get(ctx, vkey)
		exists := pipe.Exists(ctx, lkey)
		if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		raw, _ = get.Bytes()
		locked = exists.Val() > 0
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	if raw != nil {
		e = s.decode(vkey, raw)
	}
	return e, locked, nil
}

func (s *Store) decode(vkey string, raw []byte) *auth.Entry {
	e, err := s.codec.decode(vkey, raw)
	if err != nil {
		s.log.Debug("redisstore: stored entry ignored", "key", vkey, "err", err)
		return nil
	}
	return e
}

// lock tries to take the lease: SET lkey owner NX PX LockTTL.
func (s *Store) lock(ctx context.Context, lkey, owner string) (bool, error) {
	err := s.call(ctx, func(ctx context.Context) error {
		return s.rdb.Do(ctx, "SET", lkey, owner, "NX", "PX", s.lockTTL.Milliseconds()).Err()
	})
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	return err == nil, err
}

// unlock releases the lease if owner still holds it.
func (s *Store) unlock(ctx context.Context, lkey, owner string) error {
	err := s.call(ctx, func(ctx context.Context) error {
		return releaseScript.Run(ctx, s.rdb, []string{lkey}, owner).Err()
	})
	return err
}

// write stores e until its HardAt: Redis drops it before it becomes
// unusable. An entry already past HardAt is not stored.
func (s *Store) write(ctx context.Context, vkey string, e *auth.Entry) error {
	ttl := e.HardAt.Sub(s.now()).Milliseconds()
	if ttl <= 0 {
		return nil
	}
	raw, err := s.codec.encode(vkey, e)
	if err != nil {
		return err
	}
	return s.call(ctx, func(ctx context.Context) error {
		return s.rdb.Do(ctx, "SET", vkey, raw, "PX", ttl).Err()
	})
}

// useRedis reports whether this call may use Redis, and whether it is the
// one call that probes Redis after a fallback period. While one call probes,
// the others keep to the fallback, so an outage costs at most one timeout
// per FallbackFor.
func (s *Store) useRedis() (probe, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.downUntil.IsZero() {
		return false, true
	}
	if s.probing || s.now().Before(s.downUntil) {
		return false, false
	}
	s.probing = true
	return true, true
}

// trip switches to fallback for FallbackFor. The first failure is logged
// as a warning, failed probes during a long outage only at debug level.
func (s *Store) trip(err error) {
	s.mu.Lock()
	level := slog.LevelWarn
	if !s.downUntil.IsZero() {
		level = slog.LevelDebug
	}
	s.downUntil = s.now().Add(s.fallback)
	s.probing = false
	s.mu.Unlock()
	s.log.Log(context.Background(), level, "redisstore: redis unavailable, fetching tokens without it", "for", s.fallback, "err", err)
}

// endProbe ends a probe. An inconclusive probe (the caller's context ended
// before Redis answered) lets the next call probe again.
func (s *Store) endProbe(inconclusive bool) {
	s.mu.Lock()
	s.probing = false
	if !inconclusive {
		s.downUntil = time.Time{}
	}
	s.mu.Unlock()
	if !inconclusive {
		s.log.Info("redisstore: redis available again")
	}
}
