package redisstore

import (
	"context"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// BenchmarkAcquireL2Hit measures what an in-process cache miss costs when
// Redis holds a usable entry: one GET round trip on loopback, decoding and,
// if sealed, AES-256-GCM opening. (The L1 hit is benchmarked in
// runtime/auth.)
func BenchmarkAcquireL2Hit(b *testing.B) {
	r := needRedis(b)
	b.Run("baseline GET", func(b *testing.B) {
		c := newClient(b, r.addr)
		ctx := context.Background()
		key := testPrefix(b) + "x"
		c.Set(ctx, key, "x", time.Hour)
		for b.Loop() {
			c.Get(ctx, key)
		}
	})
	for _, sealed := range []bool{false, true} {
		name := "plain"
		opts := Options{Prefix: testPrefix(b)}
		if sealed {
			name = "sealed"
			opts.Sealing = &Sealing{KeyID: "k1", Keys: map[string][]byte{"k1": key32(1)}}
		}
		b.Run(name, func(b *testing.B) {
			s, err := New(newClient(b, r.addr), opts)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			e := entryFor(secretMark+"-bench", "Bearer", time.Now(), time.Hour)
			e.RefreshToken = secretMark + "-bench-refresh"
			if err := s.write(ctx, s.valueKey(name), e); err != nil {
				b.Fatal(err)
			}
			fetch := func(context.Context, *auth.Entry) (*auth.Entry, error) {
				b.Fatal("fetch called on an L2 hit")
				return nil, nil
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Acquire(ctx, name, auth.AcquireBlocking, fetch); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
