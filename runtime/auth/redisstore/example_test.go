package redisstore_test

import (
	"context"
	"fmt"
	"log"

	"github.com/redis/go-redis/v9"

	"github.com/sigen-dev/sigen/generated/signicat/dem"
	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
	"github.com/sigen-dev/sigen/runtime/auth/redisstore"
)

// A generated client whose tokens are shared, through Redis, by every
// process that runs it with the same credentials: only one of them calls
// the token endpoint at a time.
func ExampleNew() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer rdb.Close()
	store, err := redisstore.New(rdb, redisstore.Options{Prefix: "myapp:prod:token:"})
	if err != nil {
		log.Fatal(err)
	}
	client, err := dem.NewClient(dem.WithCredentialsFromEnv(), dem.WithTokenStore(store))
	if err != nil {
		log.Fatal(err)
	}
	_ = client // use it as any client
}

// When Redis cannot be reached (here nothing listens on 127.0.0.1:1), the
// Store calls the token endpoint itself, so callers still get tokens; it
// leaves Redis alone for a while (Options.FallbackFor) before trying again.
func ExampleNew_redisDown() {
	signicat := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "id", ClientSecret: "secret"})
	defer signicat.Close()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1})
	defer rdb.Close()
	store, err := redisstore.New(rdb, redisstore.Options{})
	if err != nil {
		log.Fatal(err)
	}
	tokens, err := auth.NewClientCredentials(auth.ClientCredentialsConfig{
		TokenURL: signicat.TokenURL(), ClientID: "id", ClientSecret: "secret", Scopes: []string{"signicat-api"},
	}, auth.Options{Store: store})
	if err != nil {
		log.Fatal(err)
	}
	tok, err := tokens.Token(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.AccessToken.Reveal(), "token requests:", signicat.TokenRequests())
	// Output: tok-1 token requests: 1
}
