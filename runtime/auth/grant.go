package auth

import (
	"context"
	"errors"
	"strings"
	"time"
)

// A GrantFunc obtains a new token from wherever a flow gets its tokens: an
// OAuth2 endpoint of a vendor sigen does not know, a secret manager, a
// workload-identity agent. prev is the newest entry the cache knows (nil
// if none), for flows that refresh from a refresh token. It returns the
// token and its lifetime as granted; a zero lifetime means "use
// tok.Expiry", measured from the moment the GrantFunc was called. The
// Token's own Expiry is otherwise ignored: the cache computes it.
//
// A GrantFunc must be safe for concurrent use, although the Cache calls it
// at most once at a time per Cache, and must return when ctx ends.
type GrantFunc func(ctx context.Context, prev *Entry) (tok Token, lifetime time.Duration, err error)

// NewCache returns a Cache that obtains its tokens from grant, with the
// guarantees of the built-in flows: one fetch shared by concurrent callers,
// back-off after failures, refresh ahead of expiry, the optional Store and
// the single replay after a refused token. key names the client's tokens in
// a Store: make it differ for every issuer, client and set of scopes, and
// never put a secret in it. NewCache hashes it with a prefix of its own, so
// it never collides with the key of a built-in flow.
//
// Token types other than "Bearer" (compared case-insensitively) are refused
// as the built-in flows refuse them; an empty type counts as "Bearer".
func NewCache(key string, grant GrantFunc, opts Options) (*Cache, error) {
	if grant == nil {
		return nil, errors.New("auth: NewCache: nil grant")
	}
	opts = opts.withDefaults()
	clk := opts.Clock
	g := func(ctx context.Context, prev *Entry) (Token, time.Time, time.Duration, error) {
		sent := clk.Now()
		tok, l, err := grant(ctx, prev)
		if err != nil {
			return Token{}, time.Time{}, 0, err
		}
		if tok.AccessToken == "" {
			return Token{}, time.Time{}, 0, errors.New("auth: grant returned an empty access token")
		}
		switch {
		case tok.TokenType == "" || strings.EqualFold(tok.TokenType, "bearer"):
			tok.TokenType = "Bearer"
		default:
			return Token{}, time.Time{}, 0, errors.New("auth: grant returned a token type other than Bearer")
		}
		if l <= 0 && !tok.Expiry.IsZero() {
			l = tok.Expiry.Sub(sent)
			if l <= 0 {
				l = minLifetime
			}
		}
		return tok, sent, l, nil
	}
	return newCache(cacheKey("grant", key), g, opts), nil
}

// An Invalidator is a TokenSource that can discard a token the API refused.
// Bearer replays a request refused for its token (status 401) exactly once
// when its source is an Invalidator and Invalidate reports true. *Cache is
// an Invalidator; wrap any other source with NewCache, or implement
// Invalidate on it.
type Invalidator interface {
	TokenSource
	// Invalidate discards token if the source still holds it, so that the
	// next Token call returns another one. It reports whether the request
	// that carried token should be replayed with a new token.
	Invalidate(ctx context.Context, token Secret) bool
}
