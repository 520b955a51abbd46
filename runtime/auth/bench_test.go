package auth_test

import (
	"context"
	"testing"
)

// BenchmarkTokenHot measures Token with a fresh token (R14): no lock, no
// allocation.
func BenchmarkTokenHot(b *testing.B) {
	c := realCache(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		c.Token(ctx)
	}
}

// BenchmarkTokenHotParallel is BenchmarkTokenHot from GOMAXPROCS
// goroutines; run with -cpu 1,2 (R14).
func BenchmarkTokenHotParallel(b *testing.B) {
	c := realCache(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Token(ctx)
		}
	})
}
