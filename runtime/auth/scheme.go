package auth

import (
	"context"
	"fmt"
	"net/http"
	"os"
)

// A Scheme applies one security scheme's credentials to an outgoing API
// request. Transport calls Apply on a clone of the caller's request, only
// for requests to a configured API origin.
type Scheme interface {
	// Apply sets the credentials on req, a clone that the caller owns.
	Apply(req *http.Request) error
}

// renewer is a Scheme whose credential can be refused and renewed: the
// Bearer scheme over a *Cache.
type renewer interface {
	// applyToken sets the credential and returns the token it sent.
	applyToken(req *http.Request) (Secret, error)
	// refusedBody reports whether a non-2xx body refuses the token; nil if
	// only status 401 does.
	refusedBody() func(body []byte) bool
	// renew invalidates sent if it is still cached; it reports whether a
	// replay may use a new token.
	renew(ctx context.Context, sent Secret) bool
	// accepted records that the API answered a request carrying tok with
	// a success.
	accepted(tok Secret)
}

// Location says where an API key goes.
type Location int

const (
	// InHeader sends the key in a request header.
	InHeader Location = iota
	// InQuery sends the key as a query parameter.
	InQuery
	// InCookie sends the key as a cookie.
	InCookie
)

// String returns the OpenAPI name of the location.
func (l Location) String() string {
	switch l {
	case InHeader:
		return "header"
	case InQuery:
		return "query"
	case InCookie:
		return "cookie"
	}
	return fmt.Sprintf("Location(%d)", int(l))
}

// Bearer returns a Scheme that sends "Authorization: Bearer <token>" with
// tokens from src. If src is an [Invalidator], such as a *Cache, a refused
// token (status 401, or for Signet a "success": false body with a refusal
// code) is invalidated and the request is replayed once with a new token;
// with any other source a refusal is returned as it is.
func Bearer(src TokenSource) Scheme {
	switch s := src.(type) {
	case *Cache:
		return cacheBearer{s}
	case Invalidator:
		return invalidatorBearer{sourceBearer{s}, s}
	}
	return sourceBearer{src}
}

// invalidatorBearer is the Bearer scheme over an Invalidator other than a
// *Cache: status 401 counts as a refusal, and Invalidate decides the replay.
type invalidatorBearer struct {
	sourceBearer
	inv Invalidator
}

func (b invalidatorBearer) applyToken(req *http.Request) (Secret, error) {
	tok, err := b.src.Token(req.Context())
	if err != nil {
		return "", fmt.Errorf("bearer token: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken.Reveal())
	return tok.AccessToken, nil
}

func (b invalidatorBearer) refusedBody() func([]byte) bool { return nil }

func (b invalidatorBearer) accepted(Secret) {}

func (b invalidatorBearer) renew(ctx context.Context, sent Secret) bool {
	return b.inv.Invalidate(ctx, sent)
}

// sourceBearer is the Bearer scheme over any TokenSource.
type sourceBearer struct{ src TokenSource }

// Apply sets the Authorization header to a token from the source.
func (b sourceBearer) Apply(req *http.Request) error {
	tok, err := b.src.Token(req.Context())
	if err != nil {
		return fmt.Errorf("bearer token: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken.Reveal())
	return nil
}

// cacheBearer is the Bearer scheme over a *Cache.
type cacheBearer struct{ c *Cache }

// Apply sets the Authorization header to a token from the cache.
func (b cacheBearer) Apply(req *http.Request) error {
	_, err := b.applyToken(req)
	return err
}

func (b cacheBearer) applyToken(req *http.Request) (Secret, error) {
	tok, err := b.c.Token(req.Context())
	if err != nil {
		return "", fmt.Errorf("bearer token: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken.Reveal())
	return tok.AccessToken, nil
}

func (b cacheBearer) refusedBody() func([]byte) bool { return b.c.refusal }

func (b cacheBearer) accepted(tok Secret) { b.c.markAccepted(tok) }

func (b cacheBearer) renew(ctx context.Context, sent Secret) bool {
	return b.c.Invalidate(ctx, sent)
}

// StaticBearer returns a Scheme that sends a fixed bearer token.
func StaticBearer(token Secret) Scheme { return staticHeader{"Authorization", "Bearer " + token} }

// Basic returns a Scheme that sends HTTP Basic credentials.
func Basic(username string, password Secret) Scheme { return basic{username, password} }

type basic struct {
	username string
	password Secret
}

// Apply sets the Basic Authorization header.
func (b basic) Apply(req *http.Request) error {
	req.SetBasicAuth(b.username, b.password.Reveal())
	return nil
}

// APIKey returns a Scheme that sends value as the header, query parameter
// or cookie called name.
func APIKey(in Location, name string, value Secret) Scheme {
	switch in {
	case InQuery:
		return queryKey{name, value}
	case InCookie:
		return cookieKey{name, value}
	}
	return staticHeader{name, value}
}

type staticHeader struct {
	name  string
	value Secret
}

// Apply sets the header.
func (h staticHeader) Apply(req *http.Request) error {
	req.Header.Set(h.name, h.value.Reveal())
	return nil
}

type queryKey struct {
	name  string
	value Secret
}

// Apply sets the query parameter on the request's (cloned) URL.
func (k queryKey) Apply(req *http.Request) error {
	q := req.URL.Query()
	q.Set(k.name, k.value.Reveal())
	req.URL.RawQuery = q.Encode()
	return nil
}

type cookieKey struct {
	name  string
	value Secret
}

// Apply adds the cookie.
func (k cookieKey) Apply(req *http.Request) error {
	req.AddCookie(&http.Cookie{Name: k.name, Value: k.value.Reveal()})
	return nil
}

// SecretFromEnv returns the value of the environment variable name as a
// Secret, and whether it is set.
func SecretFromEnv(name string) (Secret, bool) {
	v, ok := os.LookupEnv(name)
	return Secret(v), ok
}
