package redisstore

import (
	"context"
	"testing"

	"github.com/sigen-dev/sigen/generated/signicat/dem"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// Generated clients with WithTokenStore: two instances of a DEM client,
// each with its own Store and Redis connection, share one token (R29);
// when the API revokes it, the instance that sees the 401 invalidates and
// refetches, and the other, still holding the revoked token, picks up the
// new one from Redis without a token request: its invalidation compares
// hashes and leaves the newer token in place (R21, R33).
func TestGeneratedClientsShareToken(t *testing.T) {
	r := needRedis(t)
	ctx := context.Background()
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "client-id", ClientSecret: "client-secret"})
	defer tokens.Close()
	api := fakeapi.NewSignicatDEM(tokens)
	defer api.Close()

	prefix := testPrefix(t)
	var store *Store
	newInstance := func() *dem.Client {
		s, _ := newStore(t, r.addr, Options{Prefix: prefix})
		store = s
		c, err := dem.NewClient(
			dem.WithClientCredentials("client-id", "client-secret"),
			dem.WithBaseURL(api.BaseURL()),
			dem.WithTokenURL(tokens.TokenURL()),
			dem.WithTokenStore(s),
		)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a, b := newInstance(), newInstance()
	call := func(name string, c *dem.Client) {
		t.Helper()
		if _, err := c.CreateRecord(ctx, dem.RecordRequest{
			Type:     dem.RecordTypeLogIn,
			Metadata: map[string]any{"userId": "user-1"},
			CoreData: map[string]any{"ipAddress": "203.0.113.10"},
			TTL:      365,
		}); err != nil {
			t.Fatalf("%s: CreateRecord: %v", name, err)
		}
	}

	call("a", a)
	call("b", b)
	if n := tokens.TokenRequests(); n != 1 {
		t.Fatalf("token requests after both instances called = %d, want 1", n)
	}

	values, _ := storedKeys(newClient(t, r.addr), prefix)
	if values != 1 {
		t.Fatalf("%d entries stored, want 1", values)
	}
	keys := newClient(t, r.addr).Keys(ctx, prefix+"*").Val()
	e, err := store.read(ctx, keys[0])
	if err != nil || e == nil {
		t.Fatalf("stored entry: %v, %v", e, err)
	}
	tokens.Revoke(e.AccessToken.Reveal())

	call("a after revocation", a)
	if n := tokens.TokenRequests(); n != 2 {
		t.Fatalf("token requests after a's 401 = %d, want 2", n)
	}
	call("b after revocation", b)
	if n := tokens.TokenRequests(); n != 2 {
		t.Errorf("token requests after b's 401 = %d, want 2: b's invalidation deleted a's new token", n)
	}
}
