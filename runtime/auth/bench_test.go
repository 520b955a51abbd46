package auth_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sigen-dev/sigen/runtime/auth"
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

// BenchmarkRoundTrip compares a plain http.Transport with an auth
// Transport (Bearer over a fresh Cache) on top of the same http.Transport,
// against a loopback server. The ratio auth/plain is the overhead.
func BenchmarkRoundTrip(b *testing.B) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	}))
	defer api.Close()
	base := &http.Transport{MaxIdleConnsPerHost: 64}
	defer base.CloseIdleConnections()
	tr, err := auth.NewTransport(auth.TransportConfig{
		Base:    base,
		Origins: []string{api.URL},
		Schemes: []auth.Scheme{auth.Bearer(realCache(b))},
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		rt   http.RoundTripper
	}{{"plain", base}, {"auth", tr}} {
		b.Run(bc.name, func(b *testing.B) {
			client := &http.Client{Transport: bc.rt}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := client.Get(api.URL + "/v1/items")
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}

// BenchmarkTransportOnly measures the Transport's own work per request
// (clone, origin check, token, header) over a base that answers from
// memory, so that network noise does not hide it.
func BenchmarkTransportOnly(b *testing.B) {
	ok := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	})
	tr, err := auth.NewTransport(auth.TransportConfig{
		Base:    ok,
		Origins: []string{"https://api.signicat.com"},
		Schemes: []auth.Scheme{auth.Bearer(realCache(b))},
	})
	if err != nil {
		b.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, "https://api.signicat.com/auth/rest/sessions/1", nil)
	for _, bc := range []struct {
		name string
		rt   http.RoundTripper
	}{{"base", ok}, {"auth", tr}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.rt.RoundTrip(req)
			}
		})
	}
}
