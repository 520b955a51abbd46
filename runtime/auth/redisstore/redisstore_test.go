package redisstore

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigen-dev/sigen/internal/longtest"
	"github.com/sigen-dev/sigen/runtime/auth"
)

// newStore returns a Store on addr with the test's prefix and a log
// capture. Unless opts sets one, its OpTimeout is testOpTimeout: tests that
// are not about Redis timeouts must not fall back on a slow machine.
func newStore(t *testing.T, addr string, opts Options) (*Store, *redis.Client) {
	t.Helper()
	c := newClient(t, addr)
	if opts.Prefix == "" {
		opts.Prefix = testPrefix(t)
	}
	if opts.OpTimeout == 0 {
		opts.OpTimeout = testOpTimeout
	}
	if opts.Logger == nil {
		opts.Logger = logCapture(t)
	}
	s, err := New(c, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s, c
}

// commandLog is a go-redis hook that records the commands a client sends.
type commandLog struct {
	mu   sync.Mutex
	cmds []string
}

func (l *commandLog) DialHook(next redis.DialHook) redis.DialHook { return next }

func (l *commandLog) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		l.mu.Lock()
		l.cmds = append(l.cmds, cmd.Name())
		l.mu.Unlock()
		return next(ctx, cmd)
	}
}

func (l *commandLog) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		l.mu.Lock()
		for _, c := range cmds {
			l.cmds = append(l.cmds, c.Name())
		}
		l.mu.Unlock()
		return next(ctx, cmds)
	}
}

// names returns the commands sent, less those go-redis sends to set up a
// new connection.
func (l *commandLog) names() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, c := range l.cmds {
		switch c {
		case "hello", "client", "auth", "select", "ping":
		default:
			out = append(out, c)
		}
	}
	return out
}

func key32(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func TestNewOptions(t *testing.T) {
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer c.Close()
	if _, err := New(nil, Options{}); err == nil {
		t.Error("New(nil) succeeded")
	}
	s, err := New(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.prefix != DefaultPrefix || s.opTO != DefaultOpTimeout || s.lockTTL != DefaultLockTTL ||
		s.poll != DefaultPollInterval || s.fallback != DefaultFallbackFor {
		t.Errorf("defaults not applied: %+v", s)
	}
	for name, sl := range map[string]*Sealing{
		"no keys":       {KeyID: "k1"},
		"short key":     {KeyID: "k1", Keys: map[string][]byte{"k1": make([]byte, 16)}},
		"unknown KeyID": {KeyID: "k2", Keys: map[string][]byte{"k1": key32(1)}},
		"empty id":      {KeyID: "", Keys: map[string][]byte{"": key32(1)}},
	} {
		_, err := New(c, Options{Sealing: sl})
		if err == nil {
			t.Errorf("%s: New succeeded", name)
		} else if strings.Contains(err.Error(), string(key32(1))) {
			t.Errorf("%s: error shows the key: %v", name, err)
		}
	}
}

// R29: a cold store fetches once and writes JSON with the listed fields and
// a TTL of HardAt; a second instance (cold, its own connection) gets the
// token without fetching.
func TestEntryStoredAndShared(t *testing.T) {
	r := needRedis(t)
	ctx := context.Background()
	s1, c := newStore(t, r.addr, Options{})
	f := &fakeFetch{lifetime: 30 * time.Second}
	e1, err := s1.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch)
	if err != nil || e1 == nil {
		t.Fatalf("Acquire = %v, %v", e1, err)
	}
	if f.calls.Load() != 1 || f.lastPrev() != nil {
		t.Fatalf("fetch calls = %d, prev %v; want 1 call with nil prev", f.calls.Load(), f.lastPrev())
	}

	vkey := s1.valueKey("k")
	raw, err := c.Get(ctx, vkey).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"access_token", "token_type", "expires_at_ms", "soft_at_ms", "refresh_token", "refresh_expires_at_ms", "sha256"} {
		if _, ok := m[field]; !ok {
			t.Errorf("stored JSON lacks %q: %s", field, raw)
		}
	}
	if m["access_token"] != e1.AccessToken.Reveal() || m["sha256"] != tokenHash(e1.AccessToken.Reveal()) {
		t.Errorf("stored JSON has wrong token or hash")
	}
	if m["expires_at_ms"] != float64(e1.Expiry.UnixMilli()) {
		t.Errorf("expires_at_ms = %v, want %d", m["expires_at_ms"], e1.Expiry.UnixMilli())
	}
	pttl := c.PTTL(ctx, vkey).Val()
	want := time.Until(e1.HardAt)
	if d := pttl - want; d < -200*time.Millisecond || d > 200*time.Millisecond {
		t.Errorf("PTTL = %v, want HardAt - now = %v (±200ms)", pttl, want)
	}

	s2, c2 := newStore(t, r.addr, Options{})
	cmds := &commandLog{}
	c2.AddHook(cmds)
	f2 := &fakeFetch{}
	e2, err := s2.Acquire(ctx, "k", auth.AcquireBlocking, f2.fetch)
	if err != nil {
		t.Fatal(err)
	}
	if f2.calls.Load() != 0 {
		t.Errorf("second instance fetched %d times, want 0", f2.calls.Load())
	}
	if got := cmds.names(); len(got) != 1 || got[0] != "get" {
		t.Errorf("second instance sent %v, want one GET", got)
	}
	if e2.AccessToken != e1.AccessToken || e2.RefreshToken != e1.RefreshToken || e2.TokenType != e1.TokenType ||
		e2.Expiry.UnixMilli() != e1.Expiry.UnixMilli() || e2.SoftAt.UnixMilli() != e1.SoftAt.UnixMilli() ||
		e2.HardAt.UnixMilli() != e1.HardAt.UnixMilli() || e2.RefreshExpiry.UnixMilli() != e1.RefreshExpiry.UnixMilli() {
		t.Errorf("second instance got %+v, want %+v", e2, e1)
	}
	if n := c.Exists(ctx, s1.lockKey("k")).Val(); n != 0 {
		t.Errorf("lock key still exists after the fetch")
	}

	// Key names hold no secret (R15, R35).
	keys := c.Keys(ctx, "*").Val()
	if len(keys) == 0 {
		t.Fatal("no keys")
	}
	for _, k := range keys {
		if strings.Contains(k, secretMark) {
			t.Errorf("key name %q contains a token", k)
		}
	}
}

// R30, R32: the lease is SET NX PX with a random owner; release by another
// owner returns 0 and leaves the lease.
func TestLockCompareRelease(t *testing.T) {
	r := needRedis(t)
	ctx := context.Background()
	s, c := newStore(t, r.addr, Options{})
	lkey := s.lockKey("k")
	a, _ := newOwner()
	b, _ := newOwner()
	if len(a) != 32 || a == b {
		t.Fatalf("owners %q, %q: want distinct 128-bit hex", a, b)
	}
	if won, err := s.lock(ctx, lkey, a); !won || err != nil {
		t.Fatalf("lock(a) = %v, %v", won, err)
	}
	if pttl := c.PTTL(ctx, lkey).Val(); pttl < 11*time.Second || pttl > 12*time.Second {
		t.Errorf("lock PTTL = %v, want ≈ 12s", pttl)
	}
	if won, err := s.lock(ctx, lkey, b); won || err != nil {
		t.Fatalf("lock(b) while a holds it = %v, %v", won, err)
	}
	n, err := releaseScript.Run(ctx, c, []string{lkey}, b).Int()
	if err != nil || n != 0 {
		t.Errorf("release by non-owner = %d, %v; want 0", n, err)
	}
	if got := c.Get(ctx, lkey).Val(); got != a {
		t.Errorf("lock owner after non-owner release = %q, want %q", got, a)
	}
	if err := s.unlock(ctx, lkey, a); err != nil {
		t.Fatal(err)
	}
	if c.Exists(ctx, lkey).Val() != 0 {
		t.Error("owner's release left the lock")
	}
}

// R30: a process that loses the lease waits for the holder's value and does
// not fetch.
func TestLoserWaitsForHolder(t *testing.T) {
	r := needRedis(t)
	ctx := context.Background()
	s, _ := newStore(t, r.addr, Options{})
	holder, _ := newStore(t, r.addr, Options{Prefix: s.prefix})
	if won, _ := holder.lock(ctx, s.lockKey("k"), "other"); !won {
		t.Fatal("cannot take lock")
	}
	written := entryFor(secretMark+"-holder", "Bearer", time.Now(), time.Minute)
	time.AfterFunc(300*time.Millisecond, func() {
		holder.write(context.Background(), s.valueKey("k"), written)
		holder.unlock(context.Background(), s.lockKey("k"), "other")
	})
	f := &fakeFetch{}
	start := time.Now()
	e, err := s.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch)
	took := time.Since(start)
	if err != nil || e == nil || e.AccessToken != written.AccessToken {
		t.Fatalf("Acquire = %v, %v; want the holder's token", e, err)
	}
	if f.calls.Load() != 0 {
		t.Errorf("loser fetched %d times", f.calls.Load())
	}
	checkLatency(t, "the loser, seeing a value written after 300ms,", took, 300*time.Millisecond+2*DefaultPollInterval+latencySlack)
}

// R30: if the holder gives up (its fetch failed, lease released), waiters
// take the lease at once instead of waiting out its TTL.
func TestHolderGivesUp(t *testing.T) {
	r := needRedis(t)
	ctx := context.Background()
	s, c := newStore(t, r.addr, Options{})
	c.Set(ctx, s.lockKey("k"), "other", 12*time.Second)
	time.AfterFunc(200*time.Millisecond, func() { c.Del(context.Background(), s.lockKey("k")) })
	f := &fakeFetch{}
	start := time.Now()
	e, err := s.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch)
	if err != nil || e == nil {
		t.Fatalf("Acquire = %v, %v", e, err)
	}
	checkLatency(t, "Acquire, with the holder releasing at 200ms,", time.Since(start), time.Second)
	if f.calls.Load() != 1 {
		t.Errorf("fetch calls = %d, want 1", f.calls.Load())
	}
}

// R32: a holder that died without releasing loses the lease when it
// expires; the next waiter fetches within LockTTL plus one poll.
func TestTakeoverAfterLeaseExpiry(t *testing.T) {
	r := needRedis(t)
	ctx := context.Background()
	s, c := newStore(t, r.addr, Options{LockTTL: 500 * time.Millisecond})
	c.Set(ctx, s.lockKey("k"), "dead", 500*time.Millisecond)
	f := &fakeFetch{}
	start := time.Now()
	e, err := s.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch)
	took := time.Since(start)
	if err != nil || e == nil || f.calls.Load() != 1 {
		t.Fatalf("Acquire = %v, %v with %d fetches", e, err, f.calls.Load())
	}
	// The lease's TTL is Redis's (real time): the takeover cannot come
	// before it, whatever the load.
	if took < 400*time.Millisecond {
		t.Errorf("takeover after %v, before the 500ms lease TTL", took)
	}
	checkLatency(t, "the takeover after a 500ms lease TTL", took, 500*time.Millisecond+2*DefaultPollInterval+latencySlack)
}

// R12-style: a waiter whose context ends returns its error promptly, and
// that is not taken for a Redis failure.
func TestWaiterContextEnds(t *testing.T) {
	r := needRedis(t)
	s, c := newStore(t, r.addr, Options{})
	c.Set(context.Background(), s.lockKey("k"), "other", 12*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	f := &fakeFetch{}
	start := time.Now()
	_, err := s.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Acquire err = %v, want DeadlineExceeded", err)
	}
	checkLatency(t, "Acquire with a 100ms deadline", time.Since(start), 100*time.Millisecond+latencySlack)
	if _, ok := s.useRedis(); !ok || f.calls.Load() != 0 {
		t.Errorf("context end switched the store to fallback or fetched")
	}
}

// A failing fetch is the caller's error; the lease is released, nothing is
// stored, Redis stays in use.
func TestFetchError(t *testing.T) {
	r := needRedis(t)
	ctx := context.Background()
	s, c := newStore(t, r.addr, Options{})
	f := &fakeFetch{err: errFetch}
	if _, err := s.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch); !errors.Is(err, errFetch) {
		t.Fatalf("Acquire err = %v, want %v", err, errFetch)
	}
	if n := c.Exists(ctx, s.lockKey("k"), s.valueKey("k")).Val(); n != 0 {
		t.Errorf("%d keys left after a failed fetch", n)
	}
	if _, ok := s.useRedis(); !ok {
		t.Error("fetch error switched the store to fallback")
	}
}

// R31: in the soft window only the lease winner refreshes, from the newest
// stored entry; a loser returns nil; a fresh stored entry is adopted.
func TestRefreshAhead(t *testing.T) {
	r := needRedis(t)
	ctx := context.Background()
	s, c := newStore(t, r.addr, Options{})
	vkey, lkey := s.valueKey("k"), s.lockKey("k")

	// An entry in its soft window, with a refresh token.
	soft := entryFor(secretMark+"-old", "Bearer", time.Now().Add(-35*time.Second), time.Minute)
	soft.RefreshToken = secretMark + "-refresh-old"
	if err := s.write(ctx, vkey, soft); err != nil {
		t.Fatal(err)
	}

	t.Run("loser", func(t *testing.T) {
		c.Set(ctx, lkey, "other", time.Second)
		defer c.Del(ctx, lkey)
		f := &fakeFetch{}
		e, err := s.Acquire(ctx, "k", auth.AcquireRefreshAhead, f.fetch)
		if e != nil || err != nil || f.calls.Load() != 0 {
			t.Errorf("loser: Acquire = %v, %v with %d fetches; want nil, nil, 0", e, err, f.calls.Load())
		}
	})
	t.Run("winner", func(t *testing.T) {
		f := &fakeFetch{}
		e, err := s.Acquire(ctx, "k", auth.AcquireRefreshAhead, f.fetch)
		if err != nil || e == nil || f.calls.Load() != 1 {
			t.Fatalf("winner: Acquire = %v, %v with %d fetches", e, err, f.calls.Load())
		}
		if p := f.lastPrev(); p == nil || p.RefreshToken != soft.RefreshToken {
			t.Errorf("fetch prev = %+v, want the stored entry (its refresh token)", p)
		}
		got, _ := s.read(ctx, vkey)
		if got == nil || got.AccessToken != e.AccessToken {
			t.Errorf("stored entry is not the refreshed one")
		}
		if c.Exists(ctx, lkey).Val() != 0 {
			t.Error("lease not released")
		}
	})
	t.Run("fresh from another process", func(t *testing.T) {
		other, _ := newStore(t, r.addr, Options{Prefix: s.prefix})
		f := &fakeFetch{}
		e, err := other.Acquire(ctx, "k", auth.AcquireRefreshAhead, f.fetch)
		if err != nil || e == nil || f.calls.Load() != 0 {
			t.Errorf("Acquire = %v, %v with %d fetches; want the stored entry, no fetch", e, err, f.calls.Load())
		}
	})
	t.Run("own token not due", func(t *testing.T) {
		// s returned the stored token itself (winner, above): it is not
		// newer than the caller's, and its stored soft time has not come,
		// even if the caller's own (jittered) one has.
		cmds := &commandLog{}
		c.AddHook(cmds)
		f := &fakeFetch{}
		e, err := s.Acquire(ctx, "k", auth.AcquireRefreshAhead, f.fetch)
		if e != nil || err != nil || f.calls.Load() != 0 {
			t.Errorf("Acquire = %v, %v with %d fetches; want nil, nil, no fetch", e, err, f.calls.Load())
		}
		if got := cmds.names(); len(got) != 1 || got[0] != "get" {
			t.Errorf("sent %v, want one GET", got)
		}
	})
}

// R33: invalidation compares the token hash inside Redis.
func TestInvalidateComparesHash(t *testing.T) {
	r := needRedis(t)
	for _, sealed := range []bool{false, true} {
		name := "plain"
		var opts Options
		if sealed {
			name = "sealed"
			opts.Sealing = &Sealing{KeyID: "k1", Keys: map[string][]byte{"k1": key32(1)}}
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, c := newStore(t, r.addr, opts)
			vkey := s.valueKey("k")
			tok2 := entryFor(secretMark+"-2", "Bearer", time.Now(), time.Minute)
			if err := s.write(ctx, vkey, tok2); err != nil {
				t.Fatal(err)
			}
			if err := s.Invalidate(ctx, "k", secretMark+"-1"); err != nil {
				t.Fatal(err)
			}
			if c.Exists(ctx, vkey).Val() != 1 {
				t.Fatal("invalidating an older token deleted the newer one")
			}
			if err := s.Invalidate(ctx, "k", tok2.AccessToken); err != nil {
				t.Fatal(err)
			}
			if c.Exists(ctx, vkey).Val() != 0 {
				t.Fatal("invalidating the stored token left it")
			}
			if err := s.Invalidate(ctx, "absent", "x"); err != nil {
				t.Fatalf("Invalidate of an absent key: %v", err)
			}
		})
	}
}

// forbidden returns the forms a leaked token could take (§4.1 scanner).
func forbidden(e *auth.Entry) []string {
	var out []string
	for _, s := range []string{e.AccessToken.Reveal(), e.RefreshToken.Reveal()} {
		if s == "" {
			continue
		}
		j, _ := json.Marshal(s)
		out = append(out, s, strings.Trim(string(j), `"`),
			base64.StdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s)))
	}
	return append(out, secretMark)
}

// R35: sealed values hide the token; a wrong or missing key is a miss and a
// refetch, never an error; key rotation reads old values.
func TestSealing(t *testing.T) {
	r := needRedis(t)
	ctx := context.Background()
	k1 := &Sealing{KeyID: "k1", Keys: map[string][]byte{"k1": key32(1)}}
	a, c := newStore(t, r.addr, Options{Sealing: k1})
	f := &fakeFetch{}
	e, err := a.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch)
	if err != nil {
		t.Fatal(err)
	}
	raw := c.Get(ctx, a.valueKey("k")).Val()
	for _, s := range forbidden(e) {
		if strings.Contains(raw, s) {
			t.Errorf("raw stored value contains %q: %s", s, raw)
		}
	}
	if !strings.Contains(raw, `"kid":"k1"`) {
		t.Errorf("raw stored value has no key id: %s", raw)
	}

	t.Run("rotation", func(t *testing.T) {
		rot := &Sealing{KeyID: "k2", Keys: map[string][]byte{"k1": key32(1), "k2": key32(2)}}
		b, _ := newStore(t, r.addr, Options{Prefix: a.prefix, Sealing: rot})
		f := &fakeFetch{}
		got, err := b.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch)
		if err != nil || f.calls.Load() != 0 || got.AccessToken != e.AccessToken {
			t.Errorf("store with k1 and k2 did not read a k1 value: %v, %d fetches", err, f.calls.Load())
		}
	})
	for name, opts := range map[string]Options{
		"wrong key": {Sealing: &Sealing{KeyID: "k1", Keys: map[string][]byte{"k1": key32(9)}}},
		"other id":  {Sealing: &Sealing{KeyID: "k3", Keys: map[string][]byte{"k3": key32(1)}}},
		"no key":    {},
	} {
		t.Run(name, func(t *testing.T) {
			opts.Prefix = a.prefix
			b, _ := newStore(t, r.addr, opts)
			// Start from a's sealed value each time.
			if err := a.write(ctx, a.valueKey("k"), e); err != nil {
				t.Fatal(err)
			}
			f := &fakeFetch{}
			got, err := b.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch)
			if err != nil || got == nil || f.calls.Load() != 1 {
				t.Errorf("Acquire = %v, %v with %d fetches; want a miss and a refetch", got, err, f.calls.Load())
			}
			if p := f.lastPrev(); p != nil {
				t.Errorf("fetch got prev %v from an unreadable value", p)
			}
		})
	}
	t.Run("sealed store ignores plain value", func(t *testing.T) {
		plain, _ := newStore(t, r.addr, Options{Prefix: a.prefix + "p:"})
		plain.write(ctx, plain.valueKey("k"), e)
		b, _ := newStore(t, r.addr, Options{Prefix: a.prefix + "p:", Sealing: k1})
		f := &fakeFetch{}
		if _, err := b.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch); err != nil || f.calls.Load() != 1 {
			t.Errorf("err %v, %d fetches; want a miss", err, f.calls.Load())
		}
	})
	t.Run("value moved to another key", func(t *testing.T) {
		c.Set(ctx, a.valueKey("moved"), raw, time.Minute)
		f := &fakeFetch{}
		if _, err := a.Acquire(ctx, "moved", auth.AcquireBlocking, f.fetch); err != nil || f.calls.Load() != 1 {
			t.Errorf("err %v, %d fetches; want a miss", err, f.calls.Load())
		}
	})
}

// R34, outage: with the server gone, calls fetch directly and succeed; only
// the first call in a FallbackFor period pays a Redis error; after the
// server is back, the store writes to it again.
func TestRedisOutage(t *testing.T) {
	r := privateRedis(t)
	ctx := context.Background()
	var offset atomic.Int64 // moves the store's clock past FallbackFor
	now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	s, c := newStore(t, r.addr, Options{OpTimeout: DefaultOpTimeout, FallbackFor: time.Second, Now: now})
	f := &fakeFetch{}
	if _, err := s.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch); err != nil {
		t.Fatal(err)
	}
	r.stop()

	start := time.Now()
	e, err := s.Acquire(ctx, "cold", auth.AcquireBlocking, f.fetch)
	first := time.Since(start)
	if err != nil || e == nil {
		t.Fatalf("Acquire during outage = %v, %v", e, err)
	}
	checkLatency(t, "the first call in the outage", first, DefaultOpTimeout+latencySlack)
	cmds := &commandLog{}
	c.AddHook(cmds)
	for _, mode := range []auth.AcquireMode{auth.AcquireBlocking, auth.AcquireRefreshAhead} {
		e, err := s.Acquire(ctx, "k", mode, f.fetch)
		if err != nil || e == nil {
			t.Fatalf("Acquire in fallback = %v, %v", e, err)
		}
	}
	if err := s.Invalidate(ctx, "k", "x"); err != nil {
		t.Errorf("Invalidate in fallback: %v", err)
	}
	if sent := cmds.names(); len(sent) != 0 {
		t.Errorf("calls in fallback sent %v to Redis", sent)
	}
	t.Logf("outage: first call %v", first)

	r2, err := startRedis(r.port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r2.stop)
	offset.Add(int64(time.Second)) // FallbackFor
	if _, err := s.Acquire(ctx, "after", auth.AcquireBlocking, f.fetch); err != nil {
		t.Fatal(err)
	}
	if c.Exists(ctx, s.valueKey("after")).Val() != 1 {
		t.Error("store did not resume writing to Redis after FallbackFor")
	}
}

// R34, stall: CLIENT PAUSE 3000 mid-run. Calls keep succeeding; one call
// per FallbackFor pays at most the Redis timeout; then Redis is used again.
func TestRedisPause(t *testing.T) {
	r := privateRedis(t)
	ctx := context.Background()
	s, _ := newStore(t, r.addr, Options{OpTimeout: DefaultOpTimeout})
	f := &fakeFetch{}
	if _, err := s.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch); err != nil {
		t.Fatal(err)
	}
	admin := newClient(t, r.addr)
	if err := admin.Do(ctx, "CLIENT", "PAUSE", 3000).Err(); err != nil {
		t.Fatal(err)
	}
	pausedAt := time.Now()
	var slow []time.Duration
	var maxTook time.Duration
	calls := 0
	for time.Since(pausedAt) < DefaultFallbackFor+500*time.Millisecond {
		start := time.Now()
		e, err := s.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch)
		took := time.Since(start)
		calls++
		if err != nil || e == nil {
			t.Fatalf("Acquire at %v into the pause = %v, %v", start.Sub(pausedAt), e, err)
		}
		maxTook = max(maxTook, took)
		if took > DefaultOpTimeout/2 { // a Redis timeout, not scheduling noise
			slow = append(slow, took)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("pause: %d calls, slow calls %v, max %v", calls, slow, maxTook)
	// Which calls are slow is told by their duration: an assertion for
	// make test-long only (TestRedisOutage checks exactly that calls in
	// fallback send nothing to Redis).
	if len(slow) != 1 && longtest.Enabled() {
		t.Errorf("slow calls = %v, want exactly 1 in %v", slow, DefaultFallbackFor)
	}
	checkLatency(t, "the slowest call in the pause", maxTook, DefaultOpTimeout+latencySlack)
	// The probe after FallbackFor found Redis back: the stored value is used.
	n := f.calls.Load()
	if _, err := s.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.useRedis(); !ok || f.calls.Load() != n {
		t.Errorf("store did not return to Redis after the pause")
	}
}

// The Store works with a Cluster client: an entry and its lease share a
// slot through the hash tag, so the polling pipeline and the scripts run on
// one node. The test cluster is one node holding every slot.
func TestClusterClient(t *testing.T) {
	needRedis(t)
	rs, err := startRedis(0, "--cluster-enabled", "yes")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rs.stop)
	ctx := context.Background()
	admin := newClient(t, rs.addr)
	if err := admin.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", 0, 16383).Err(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(admin.ClusterInfo(ctx).Val(), "cluster_state:ok"); {
		if time.Now().After(deadline) {
			t.Fatal("cluster not ok")
		}
		time.Sleep(50 * time.Millisecond)
	}
	newCluster := func() *Store {
		cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{rs.addr}})
		t.Cleanup(func() { cc.Close() })
		s, err := New(cc, Options{Prefix: testPrefix(t), Logger: logCapture(t), OpTimeout: testOpTimeout})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := newCluster(), newCluster()

	f := &fakeFetch{}
	e, err := a.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch)
	if err != nil || f.calls.Load() != 1 {
		t.Fatalf("cold Acquire = %v, %v with %d fetches", e, err, f.calls.Load())
	}
	if got, err := b.Acquire(ctx, "k", auth.AcquireBlocking, f.fetch); err != nil || got.AccessToken != e.AccessToken || f.calls.Load() != 1 {
		t.Fatalf("second Acquire = %v, %v with %d fetches; want the stored token", got, err, f.calls.Load())
	}

	// A waiter polls (pipeline) until the holder writes and releases (script).
	owner, _ := newOwner()
	if won, err := a.lock(ctx, a.lockKey("w"), owner); !won || err != nil {
		t.Fatalf("lock = %v, %v", won, err)
	}
	written := entryFor(secretMark+"-w", "Bearer", time.Now(), time.Minute)
	time.AfterFunc(100*time.Millisecond, func() {
		a.write(context.Background(), a.valueKey("w"), written)
		a.unlock(context.Background(), a.lockKey("w"), owner)
	})
	if got, err := b.Acquire(ctx, "w", auth.AcquireBlocking, f.fetch); err != nil || got.AccessToken != written.AccessToken {
		t.Fatalf("waiter got %v, %v; want the holder's token", got, err)
	}

	if err := b.Invalidate(ctx, "k", e.AccessToken); err != nil {
		t.Fatal(err)
	}
	if n := admin.Exists(ctx, a.valueKey("k")).Val(); n != 0 {
		t.Error("Invalidate through the cluster client left the entry")
	}
	if _, ok := a.useRedis(); !ok {
		t.Error("cluster client calls switched the store to fallback")
	}
}

// R34: Redis stalls while the lease holder fetches. The fetched token is
// returned; the failed write costs one Redis timeout and the release
// happens off the caller's path.
func TestRedisPauseDuringFetch(t *testing.T) {
	r := privateRedis(t)
	ctx := context.Background()
	s, _ := newStore(t, r.addr, Options{OpTimeout: DefaultOpTimeout})
	admin := newClient(t, r.addr)
	f := &fakeFetch{}
	fetch := func(ctx context.Context, prev *auth.Entry) (*auth.Entry, error) {
		if err := admin.Do(ctx, "CLIENT", "PAUSE", 1000).Err(); err != nil {
			t.Error(err)
		}
		return f.fetch(ctx, prev)
	}
	start := time.Now()
	e, err := s.Acquire(ctx, "k", auth.AcquireBlocking, fetch)
	took := time.Since(start)
	if err != nil || e == nil {
		t.Fatalf("Acquire = %v, %v", e, err)
	}
	checkLatency(t, "Acquire with a failed write", took, DefaultOpTimeout+latencySlack)
	if _, ok := s.useRedis(); ok {
		t.Error("failed write did not switch the store to fallback")
	}
}

// R19, R30, R31: a rotating refresh token (the server accepts each one
// once) is used only by the lease winner, with the newest stored entry.
// 10 instances race in each round: cold, twice in the soft window (the
// shared clock moves 35 s into each token's 60 s life), and cold again.
func TestRefreshTokenRotation(t *testing.T) {
	r := needRedis(t)
	ctx := context.Background()
	var offset atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	prefix := testPrefix(t)
	stores := make([]*Store, 10)
	for i := range stores {
		stores[i], _ = newStore(t, r.addr, Options{Prefix: prefix, Now: now})
	}
	// The fake server: refresh token n is valid once and rotates to n+1.
	var (
		mu    sync.Mutex
		valid string
		n     int
		reuse int
	)
	fetch := func(ctx context.Context, prev *auth.Entry) (*auth.Entry, error) {
		mu.Lock()
		defer mu.Unlock()
		if prev != nil && prev.RefreshToken.Reveal() != valid {
			reuse++
			return nil, errors.New("invalid_grant")
		}
		n++
		valid = secretMark + "-refresh-" + strconv.Itoa(n)
		e := entryFor(secretMark+"-"+strconv.Itoa(n), "Bearer", now(), time.Minute)
		e.RefreshToken = auth.Secret(valid)
		return e, nil
	}
	for round, mode := range []auth.AcquireMode{auth.AcquireBlocking, auth.AcquireRefreshAhead, auth.AcquireRefreshAhead, auth.AcquireBlocking} {
		if round > 0 {
			offset.Add(int64(35 * time.Second))
		}
		if round == 3 {
			// Cold again (as if Redis had dropped the entry): the winner
			// gets prev nil and refreshes from its own newest entry.
			stores[0].rdb.Del(ctx, stores[0].valueKey("k"))
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, s := range stores {
			wg.Go(func() {
				<-start
				e, err := s.Acquire(ctx, "k", mode, fetch)
				if err != nil || mode == auth.AcquireBlocking && e == nil {
					t.Errorf("round %d: Acquire = %v, %v", round, e, err)
				}
			})
		}
		close(start)
		wg.Wait()
		mu.Lock()
		if n != round+1 || reuse != 0 {
			t.Fatalf("round %d: %d refreshes, %d refresh token reuses; want %d, 0", round, n, reuse, round+1)
		}
		mu.Unlock()
	}
}
